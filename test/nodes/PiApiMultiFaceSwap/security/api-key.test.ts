// The API key never reaches what n8n shows or stores: every error path of the node is run through the engine with a
// recognisable key, with and without Continue On Fail, and n8n's whole result for the execution (IRun: run data,
// output items, errors with their descriptions, causes and stacks) is searched for it.
// That the key is never sent to the result host is tested in transport/faults.test.ts.
import type { INodeParameters } from 'n8n-workflow';

import { runNode, waitUntil } from '../../../harness';
import { loadVideo } from '../../../fixtures/videos';
import { startFastSimulator, swapParameters, videoParameters, type Simulator } from '../simulated';

// Recognisable, and in pieces that would show up even if only part of it leaked.
const CANARY = 'sk-LEAKCANARY-7f3a9b2c1d0e-SECRET';
const WRONG_CANARY = 'sk-WRONGCANARY-4e5d6c7b8a9f-SECRET';
const FRAGMENTS = [CANARY, WRONG_CANARY, 'LEAKCANARY', 'WRONGCANARY', '7f3a9b2c1d0e', '4e5d6c7b8a9f'];

let sim: Simulator;

beforeAll(async () => {
	sim = await startFastSimulator({ apiKeys: [CANARY] });
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.clearFaults();
	sim.configure({ processingMs: 150, accountPlan: 'creator' });
});

/** Everything reachable from a value: enumerable fields, and every own field of an Error (message, stack, cause…). */
function everything(value: unknown, seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return [value];
	if (Buffer.isBuffer(value)) return [value.toString('utf8'), value.toString('base64')];
	if (typeof value !== 'object' || value === null || seen.has(value)) return [String(value)];
	seen.add(value);
	const texts: string[] = [];
	if (value instanceof Error) {
		const error = value as Error & { description?: unknown; cause?: unknown };
		texts.push(...everything(error.message, seen), ...everything(error.stack, seen));
		texts.push(...everything(error.description, seen), ...everything(error.cause, seen));
	}
	const keys = value instanceof Error ? Object.getOwnPropertyNames(value) : Object.keys(value);
	for (const key of keys) texts.push(key, ...everything((value as Record<string, unknown>)[key], seen));
	return texts;
}

/** Where a piece of a key shows up in the engine's result, if anywhere. */
function leaksIn(result: Awaited<ReturnType<typeof runNode>>): string[] {
	const texts = [JSON.stringify(result.run), JSON.stringify(result.items), ...everything(result.run), ...everything(result.error)];
	return FRAGMENTS.flatMap((fragment) => {
		const leak = texts.find((text) => text.includes(fragment));
		return leak === undefined ? [] : [`"${fragment}" found in: ${leak.slice(0, 300)}`];
	});
}

const expectNoKey = (result: Awaited<ReturnType<typeof runNode>>) => expect(leaksIn(result)).toEqual([]);

async function finishedTask(): Promise<string> {
	const { items } = await runNode({
		parameters: swapParameters(sim, { waitForCompletion: false }),
		credentials: { apiKey: CANARY, baseUrl: sim.url },
	});
	const taskId = String(items[0].json.taskId);
	await waitUntil(() => sim.task(taskId)?.status === 'completed', { what: 'the task to complete' });
	return taskId;
}

/** Swap Faces in Video with the MP4 as base64: it goes through PiAPI's file upload, which the key authenticates. */
const videoUpload = () =>
	videoParameters(sim, { targetVideoSource: 'base64', targetVideoBase64: loadVideo('x264-faststart.mp4').toString('base64') });

interface ErrorPath {
	name: string;
	parameters: () => INodeParameters | Promise<INodeParameters>;
	apiKey?: string;
	/** Runs before the node: faults, slower tasks. */
	arrange?: () => void;
	/** The failure the node must report: proves the path was taken. */
	message: RegExp;
}

const paths: ErrorPath[] = [
	{ name: '401 (a wrong key)', apiKey: WRONG_CANARY, parameters: () => swapParameters(sim), message: /rejected the API key \(HTTP 401\)/ },
	{
		name: '401 (injected)',
		parameters: () => swapParameters(sim),
		arrange: () => sim.injectFault({ route: 'create', kind: '401' }),
		message: /rejected the API key \(HTTP 401\)/,
	},
	{
		name: '429 until the retries are exhausted',
		parameters: () => swapParameters(sim),
		arrange: () => sim.injectFault({ route: 'create', kind: '429-retry-after', retryAfterSeconds: 0, times: 100 }),
		message: /limiting the request rate \(HTTP 429\)/,
	},
	{
		name: '500 HTML page',
		parameters: () => swapParameters(sim),
		arrange: () => sim.injectFault({ route: 'create', kind: '500-html' }),
		message: /server error \(HTTP 500\)/,
	},
	{
		name: 'connection reset',
		parameters: () => swapParameters(sim),
		arrange: () => sim.injectFault({ route: 'create', kind: 'reset' }),
		message: /connection was reset/,
	},
	{
		name: 'malformed JSON',
		parameters: () => swapParameters(sim),
		arrange: () => sim.injectFault({ route: 'create', kind: 'malformed-json' }),
		message: /not valid JSON/,
	},
	{
		name: 'failed task (no face found)',
		parameters: () => swapParameters(sim, { targetImageUrl: sim.sampleUrl('noface.png') }),
		message: /could not complete the face swap: .*no face found/,
	},
	{
		name: 'timeout',
		parameters: () => swapParameters(sim, { options: { waitTimeout: 1, pollIntervalMin: 0.2, pollIntervalMax: 0.2 } }),
		arrange: () => sim.configure({ processingMs: 4000 }),
		message: /did not finish within 1 s/,
	},
	{
		name: 'bad input',
		parameters: () => swapParameters(sim, { targetImageUrl: 'file:///etc/passwd.png' }),
		message: /uses the file: scheme/,
	},
	{
		name: 'download failure',
		parameters: () => swapParameters(sim),
		arrange: () => sim.injectFault({ route: 'result', kind: '429-retry-after', retryAfterSeconds: 0, times: 10 }),
		message: /Could not download the result image/,
	},
	{
		name: 'download of something that is not an image',
		parameters: () => swapParameters(sim),
		arrange: () => sim.injectFault({ route: 'result', kind: 'malformed-json' }),
		message: /is not an image/,
	},
	{
		name: 'video upload refused (403, plan level)',
		parameters: () => videoUpload(),
		arrange: () => sim.configure({ accountPlan: 'free' }),
		message: /file upload needs the Creator plan/,
	},
	{
		name: 'video upload after resets',
		parameters: () => videoUpload(),
		arrange: () => sim.injectFault({ route: 'upload', kind: 'reset', times: 10 }),
		message: /connection was reset/,
	},
	{
		name: 'cancel refused',
		parameters: async () => ({ operation: 'cancelTask', taskId: await finishedTask() }),
		message: /refused to cancel task/,
	},
	{
		name: 'Get Task with an unknown ID',
		parameters: () => ({ operation: 'getTask', api: 'unified', taskId: 'no-such-task-0000', output: 'binary' }),
		message: /HTTP 404|not found/i,
	},
	{
		name: 'Get Task after a reset',
		parameters: async () => ({ operation: 'getTask', api: 'unified', taskId: await finishedTask(), output: 'binary' }),
		arrange: () => sim.injectFault({ route: 'get', kind: 'reset', times: 10 }),
		message: /connection was reset/,
	},
];

describe.each([false, true])('the API key appears nowhere in the execution (Continue On Fail: %s)', (continueOnFail) => {
	it.each(paths.map((path) => [path.name, path] as const))('%s', async (_name, path) => {
		const parameters = await path.parameters();
		path.arrange?.();
		const result = await runNode({
			parameters,
			credentials: { apiKey: path.apiKey ?? CANARY, baseUrl: sim.url, uploadUrl: sim.url },
			continueOnFail,
		});

		if (continueOnFail) {
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(String(result.items[0].json.error)).toMatch(path.message);
		} else {
			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(path.message);
		}
		expectNoKey(result);
	});
});

describe('the scan itself', () => {
	type Result = Awaited<ReturnType<typeof runNode>>;
	// A result as the engine gives it, with `error` where n8n puts the node's error; nothing else in it.
	const resultWith = (error: Error, where: 'error' | 'run' = 'error') =>
		({
			items: [],
			error: where === 'error' ? error : undefined,
			run: { data: { resultData: { runData: {}, error: where === 'run' ? error : undefined } } },
		}) as unknown as Result;

	it('finds nothing where there is nothing', () => {
		expect(leaksIn(resultWith(new Error('PiAPI rejected the API key (HTTP 401)')))).toEqual([]);
	});

	it('finds a key in an error’s cause, which JSON and the message do not show', () => {
		const error = new Error('request failed', { cause: new Error(`x-api-key: ${CANARY}`) });
		expect(JSON.stringify(error) + error.message).not.toContain('LEAKCANARY');
		expect(leaksIn(resultWith(error))).toContainEqual(expect.stringContaining(`"${CANARY}" found in: x-api-key: ${CANARY}`));
	});

	it('finds a key only in an error’s stack, also in the cause of a cause inside the run data', () => {
		const deepest = new Error('socket hang up');
		deepest.stack = `Error: socket hang up\n    at request (headers: { 'x-api-key': '${CANARY}' })`;
		const error = new Error('outer', { cause: new Error('middle', { cause: deepest }) });
		expect(leaksIn(resultWith(error))).toContainEqual(expect.stringContaining(`"${CANARY}" found in: Error: socket hang up`));
		expect(leaksIn(resultWith(error, 'run'))).toContainEqual(expect.stringContaining(`"${CANARY}" found in: Error: socket hang up`));
	});

	it('finds a part of a key in a non-enumerable field of an error’s cause', () => {
		const cause = Object.defineProperty(new Error('request failed'), 'config', { value: { headers: { 'X-API-Key': 'sk-LEAKCANARY-…' } } });
		expect(leaksIn(resultWith(new Error('outer', { cause })))).toContainEqual(expect.stringContaining('"LEAKCANARY" found in'));
	});
});

it('the scan finds a key that did get into the execution (here: an input item carrying it)', async () => {
	const result = await runNode({
		parameters: swapParameters(sim, { targetImageUrl: 'file:///etc/passwd.png' }),
		input: [{ json: { note: `key ${CANARY}` } }],
		credentials: { apiKey: CANARY, baseUrl: sim.url },
		continueOnFail: true,
	});
	expect(leaksIn(result).length).toBeGreaterThan(0);
});

it('the key does reach PiAPI (so the scan above would have seen it if the node had copied it anywhere)', async () => {
	sim.resetCounters();
	const result = await runNode({ parameters: swapParameters(sim), credentials: { apiKey: CANARY, baseUrl: sim.url } });
	expect(result.error).toBeUndefined();
	expect(sim.counters().byKey[CANARY]?.tasksCreated).toBe(1);
	expectNoKey(result);
});
