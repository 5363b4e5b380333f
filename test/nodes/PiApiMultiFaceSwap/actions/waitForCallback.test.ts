import axios from 'axios';
import type { INodeParameters } from 'n8n-workflow';

import { N8N_MAJOR, readBinary, runNode, runUntilWaiting, waitUntil } from '../../../harness';
import { createdBodies, credentialsFor, startFastSimulator, swapParameters, type Simulator } from '../simulated';

// Wait Method "Until PiAPI Calls Back": the execution is stored as waiting and resumed by an HTTP call to its resume
// URL, as n8n's CLI does it (test/harness/waiting.js). Tasks start (a progress callback) and end late enough for the
// waiting state to be saved first: n8n answers 409 to a callback for an execution that is still running.
let sim: Simulator;
const runs: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
	sim = await startFastSimulator({ pendingMs: 300, processingMs: 600 });
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.configure({
		pendingMs: 300,
		processingMs: 600,
		progressWebhooks: false,
		duplicateWebhooks: false,
		webhookRetries: 0,
		webhookRetryDelayMs: 3000,
	});
	sim.clearFaults();
	sim.resetCounters();
});
afterEach(async () => {
	for (const run of runs.splice(0)) await run.stop();
});

const callbackParameters = (overrides: INodeParameters = {}) =>
	swapParameters(sim, { waitMethod: 'callback', ...overrides });

async function startWaiting(
	overrides: INodeParameters = {},
	options: { continueOnFail?: boolean; items?: number; storingMs?: number } = {},
) {
	const run = await runUntilWaiting({
		parameters: callbackParameters(overrides),
		credentials: credentialsFor(sim),
		input: Array.from({ length: options.items ?? 1 }, () => ({ json: {} })),
		continueOnFail: options.continueOnFail,
		storingMs: options.storingMs,
	});
	runs.push(run);
	return run;
}

/** What PiAPI was told: the callback endpoint and secret of the created task. */
function webhookConfig() {
	const [body] = createdBodies(sim);
	return (body.config as { webhook_config: { endpoint: string; secret: string } }).webhook_config;
}

const post = async (url: string, body: unknown, secret?: string) =>
	await axios.post(url, body, {
		headers: secret === undefined ? {} : { 'x-webhook-secret': secret },
		validateStatus: () => true,
	});

const pollsOf = (taskId: string) => sim.tasks().find((task) => task.id === taskId)?.polls;

describe('Swap Faces, Wait Method "Until PiAPI Calls Back"', () => {
	it('saves the execution as waiting, then outputs the result PiAPI calls back with, byte for byte, without polling', async () => {
		const before = Date.now();
		const run = await startWaiting({ options: { waitTimeout: 120 } });

		expect(run.stored.status).toBe('waiting');
		expect(run.waitTill?.getTime()).toBeGreaterThanOrEqual(before + 120_000);
		const { endpoint, secret } = webhookConfig();
		expect(endpoint).toBe(run.resumeUrl);
		expect(new URL(endpoint).pathname).toBe(`/webhook-waiting/${run.executionId}`);
		// n8n 2.x resume URLs carry the execution's resume token; 1.x ones have none.
		expect(new URL(endpoint).searchParams.has('signature')).toBe(N8N_MAJOR >= 2);
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		const taskId = run.firstLeg.data.resultData.runData['PiAPI Multi Face Swap'][0].data?.main[0]?.[0].json.taskId;

		const { items, status } = await run.finished();
		expect(status).toBe('success');
		expect(items).toHaveLength(1);
		const task = sim.tasks().find((candidate) => candidate.id === taskId);
		expect(items[0].json).toMatchObject({ taskId, status: 'completed', imageUrl: task?.resultUrl });
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect((await readBinary(items[0], 'data')).equals(task?.resultBytes as Buffer)).toBe(true);
		expect(pollsOf(taskId as string)).toBe(0);
		expect(run.calls.map((call) => [call.statusCode, call.resumed])).toEqual([[200, true]]);
		// The secret never reaches the output, nor the stored execution.
		expect(run.stored.data).not.toContain(secret);
	});

	it('keeps waiting through progress callbacks, and a repeated final callback changes nothing', async () => {
		sim.configure({ progressWebhooks: true, duplicateWebhooks: true });
		const run = await startWaiting({ output: 'url' });

		const { items } = await run.finished();
		expect(items).toHaveLength(1);
		expect(items[0].json.status).toBe('completed');
		expect(items[0].binary).toBeUndefined();
		await waitUntil(() => run.calls.length === 4, { what: 'four callbacks' });
		// processing ×2: answered, still waiting; completed: resumes; its repeat: 409, as n8n answers a non-waiting one.
		expect(run.calls.map((call) => [call.statusCode, call.resumed])).toEqual([
			[200, false],
			[200, false],
			[200, true],
			[409, false],
		]);
		expect(run.stored.status).toBe('success');
	});

	it('refuses callbacks with a wrong or missing secret (401) and stays waiting, unchanged', async () => {
		sim.configure({ processingMs: 3000 });
		const run = await startWaiting();
		const { endpoint, secret } = webhookConfig();
		const saved = run.stored.data;
		const taskId = JSON.parse(saved).executionData.nodeExecutionStack[0].data.main[0][0].json.taskId;
		const final = { timestamp: 1, data: { task_id: taskId, status: 'completed', output: { image_url: sim.sampleUrl('target.png') } } };

		expect((await post(endpoint, final, `${secret}x`)).status).toBe(401);
		expect((await post(endpoint, final)).status).toBe(401);
		// With the right secret but another task (e.g. a repeat from an earlier run of the node in a loop): ignored.
		const other = await post(endpoint, { ...final, data: { ...final.data, task_id: 'another-task' } }, secret);
		expect(other.status).toBe(200);
		expect(run.stored).toMatchObject({ status: 'waiting', data: saved });
		expect(run.calls.every((call) => !call.resumed)).toBe(true);

		const { items } = await run.finished();
		expect(items[0].json).toMatchObject({ taskId, status: 'completed' });
	});

	it('outputs a failed task as an error item naming the task', async () => {
		const run = await startWaiting({ targetImageUrl: sim.sampleUrl('noface.png') });

		const { items, status } = await run.finished();
		expect(status).toBe('success');
		const [task] = sim.tasks().slice(-1);
		expect(items).toEqual([
			{
				json: {
					error: 'PiAPI could not complete the face swap: invalid request, no face found in the image',
					description: `Task ID: ${task.id}`,
					taskId: task.id,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('at Wait Timeout outputs the item as timed out, naming its task, without a single poll', async () => {
		sim.configure({ processingMs: 60_000 });
		const run = await startWaiting({ options: { waitTimeout: 5 } });
		const [task] = sim.tasks().slice(-1);

		const { items, status } = await run.expire();
		expect(status).toBe('success');
		expect(items).toEqual([
			{
				json: {
					error: `No final callback for task ${task.id} reached this execution within 5 s (Wait Timeout)`,
					description: expect.stringContaining('Collect it with the Get Task operation and this task ID'),
					taskId: task.id,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(pollsOf(task.id)).toBe(0);
	});
});

// n8n answers 409, and keeps nothing, to a callback that arrives before it has stored the execution as waiting (it
// took seconds under load). Whether PiAPI sends it again is not published: both ways (the simulator's webhookRetries).
describe('a callback n8n refuses while it stores the execution as waiting', () => {
	const STORING_MS = 2000;
	const fastTask = () => sim.configure({ pendingMs: 20, processingMs: 50 });

	it('without a retry from PiAPI: at Wait Timeout the item claims nothing about PiAPI and the task ID collects the result', async () => {
		fastTask();
		const run = await startWaiting({ options: { waitTimeout: 5 } }, { storingMs: STORING_MS });
		const [task] = sim.tasks().slice(-1);
		expect(run.calls.map((call) => [call.statusCode, call.resumed])).toEqual([[409, false]]);
		expect(task.status).toBe('completed');
		expect(run.stored.status).toBe('waiting');

		const { items } = await run.expire();
		expect(items[0].json).toEqual({
			error: `No final callback for task ${task.id} reached this execution within 5 s (Wait Timeout)`,
			description: expect.stringContaining('n8n refuses a callback that arrives before it has stored the execution'),
			taskId: task.id,
		});
		expect(String(items[0].json.description)).not.toMatch(/PiAPI did not call back/);

		// The README's recovery: Get Task with the item's task ID, right after this node.
		const recovered = await runNode({
			parameters: { operation: 'getTask', api: 'unified', taskId: '={{ $json.taskId }}', output: 'binary' },
			credentials: credentialsFor(sim),
			input: [{ json: items[0].json }],
		});
		expect(recovered.items[0].json).toMatchObject({ taskId: task.id, status: 'completed' });
		expect((await readBinary(recovered.items[0], 'data')).equals(task.resultBytes as Buffer)).toBe(true);
	});

	it('with PiAPI retrying a refused callback: a retry after the execution is stored resumes it with the result', async () => {
		fastTask();
		sim.configure({ webhookRetries: 5, webhookRetryDelayMs: 500 });
		const run = await startWaiting({ options: { waitTimeout: 120 } }, { storingMs: STORING_MS });
		const [task] = sim.tasks().slice(-1);

		const { items, status } = await run.finished();
		expect(status).toBe('success');
		expect(items[0].json).toMatchObject({ taskId: task.id, status: 'completed' });
		expect((await readBinary(items[0], 'data')).equals(task.resultBytes as Buffer)).toBe(true);
		const answers = run.calls.map((call) => [call.statusCode, call.resumed]);
		expect(answers[0]).toEqual([409, false]);
		expect(answers.at(-1)).toEqual([200, true]);
		expect(answers.slice(0, -1).every(([statusCode]) => statusCode === 409)).toBe(true);
		expect(pollsOf(task.id)).toBe(0);
	});
});

describe('what Wait Method "Until PiAPI Calls Back" refuses before sending anything', () => {
	const refusal = async (parameters: INodeParameters, options: Partial<Parameters<typeof runNode>[0]>) => {
		const result = await runNode({ parameters: callbackParameters(parameters), credentials: credentialsFor(sim), ...options });
		expect(sim.requestLog()).toEqual([]);
		return result;
	};

	it('several items in one run (the node could not tell which tasks are done)', async () => {
		const { error, status } = await refusal({}, { continueOnFail: true, input: [{ json: {} }, { json: {} }] });
		expect(status).toBe('error');
		expect(error?.message).toBe(
			'Wait Method "Until PiAPI Calls Back" waits for one task per run of the node, and this run has 2 items; nothing was sent',
		);
	});

	it('a node that stops the workflow on error (a resumed node cannot fail)', async () => {
		const { error } = await refusal({}, {});
		expect(error?.message).toBe(
			'Wait Method "Until PiAPI Calls Back" needs Settings → On Error set to "Continue"; nothing was sent',
		);
	});

	it('a Callback URL of its own, as an error item', async () => {
		const { items } = await refusal({ options: { webhookUrl: 'https://example.com/hook' } }, { continueOnFail: true });
		expect(items).toEqual([
			{
				json: {
					error:
						'Callback URL (item 0): must be empty with Wait Method "Until PiAPI Calls Back" (PiAPI calls this execution back)',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
