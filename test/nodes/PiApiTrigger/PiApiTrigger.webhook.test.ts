// The PiAPI Trigger's webhook() in n8n-core's real WebhookContext, over real HTTP: the simulator's unified tasks
// call back to the harness' loopback webhook (tasks created by the Swap Faces node, as a user pairs the two).
import axios from 'axios';

import { PACKAGE_NAME, readBinary, runNode, startTriggerWebhook, waitUntil } from '../../harness';
import {
	credentialsFor,
	startFastSimulator,
	swapParameters,
	videoParameters,
	withSettings,
	type Simulator,
} from '../PiApiMultiFaceSwap/simulated';

const TRIGGER_TYPE = `${PACKAGE_NAME}.piApiTrigger`;
const SECRET = 'trigger-test-secret';

type TriggerWebhook = Awaited<ReturnType<typeof startTriggerWebhook>>;

let sim: Simulator;
let hook: TriggerWebhook | undefined;

beforeAll(async () => {
	sim = await startFastSimulator();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.configure({ duplicateWebhooks: false, outputShape: 'image_url', statusCase: 'lower' }));
afterEach(async () => {
	await hook?.stop();
	hook = undefined;
});

async function startTrigger(parameters: Record<string, unknown> = {}, binaryMode?: 'default' | 'filesystem') {
	hook = await startTriggerWebhook({
		nodeType: TRIGGER_TYPE,
		parameters: { callbackSecret: SECRET, ...parameters } as never,
		binaryMode,
	});
	return hook;
}

/** Submits tasks with the Swap Faces node (Wait for Completion off, callback to the trigger) and returns their ids. */
async function submit(count: number, callbackUrl: string, secret: string, swapImageUrl = sim.sampleUrl('swap.png')) {
	const { items, error } = await runNode({
		parameters: swapParameters(sim, {
			waitForCompletion: false,
			swapImageUrl,
			options: { webhookUrl: callbackUrl, webhookSecret: secret },
		}),
		credentials: credentialsFor(sim),
		input: Array.from({ length: count }, () => ({ json: {} })),
	});
	expect(error).toBeUndefined();
	return items.map((item) => item.json.taskId as string);
}

/** Every callback of these tasks was sent, answered, and recorded by the harness. */
const allDelivered = (trigger: TriggerWebhook, ids: string[], copies = 1) => () =>
	trigger.calls.length >= ids.length * copies && ids.every((id) => (sim.task(id)?.webhooksSent ?? 0) >= copies);

describe('PiAPI Trigger webhook', () => {
	it('starts one execution per finished task, with the task JSON the Swap Faces node outputs', async () => {
		const trigger = await startTrigger();
		const ids = await submit(3, trigger.productionUrl, SECRET);
		await waitUntil(allDelivered(trigger, ids), { what: 'the callbacks' });

		expect(trigger.calls.map((call) => call.statusCode)).toEqual([200, 200, 200]);
		const items = trigger.items();
		expect(items.map((item) => item.json.taskId).sort()).toEqual([...ids].sort());
		for (const item of items) {
			const task = sim.task(item.json.taskId as string);
			expect(item.json).toMatchObject({
				taskId: task?.id,
				status: 'completed',
				api: 'unified',
				model: 'Qubico/image-toolkit',
				taskType: 'multi-face-swap',
				imageUrl: task?.resultUrl,
			});
			expect(item.binary).toBeUndefined();
		}
	});

	it('ignores duplicate deliveries of the same task event', async () => {
		sim.configure({ duplicateWebhooks: true });
		const trigger = await startTrigger();
		const ids = await submit(2, trigger.productionUrl, SECRET);
		await waitUntil(allDelivered(trigger, ids, 2), { what: 'both copies of each callback' });

		expect(trigger.calls).toHaveLength(4);
		expect(trigger.calls.every((call) => call.statusCode === 200)).toBe(true);
		expect(trigger.items().map((item) => item.json.taskId).sort()).toEqual([...ids].sort());
		expect(trigger.calls.filter((call) => call.items === undefined).map((call) => call.body)).toEqual([
			{ received: true, ignored: 'duplicate' },
			{ received: true, ignored: 'duplicate' },
		]);
	});

	describe('static data, saved as n8n 2.41.1 saves it (only what is changed before n8n answers is kept)', () => {
		const post = (url: string, taskId: string) =>
			axios.post(
				url,
				{ timestamp: 1, data: { task_id: taskId, status: 'completed', model: 'Qubico/image-toolkit', output: {} } },
				{ headers: { 'x-webhook-secret': SECRET }, validateStatus: () => true },
			);

		it('remembers every event, not only the first, and answers each accepted callback with a JSON ack', async () => {
			const trigger = await startTrigger();
			const answers = [];
			for (const taskId of ['first', 'second', 'third']) answers.push((await post(trigger.productionUrl, taskId)).data);

			const saved = trigger.staticData()['node:PiAPI Trigger'] as { processedEvents: string[] };
			expect(saved.processedEvents).toEqual(['first:completed', 'second:completed', 'third:completed']);
			expect(answers).toEqual([{ received: true }, { received: true }, { received: true }]);
		});

		it('ignores a repeat that reaches another process (or the same one after a restart), which knows only the saved events', async () => {
			const first = await startTrigger();
			for (const taskId of ['a', 'b', 'c']) await post(first.productionUrl, taskId);
			const other = await startTriggerWebhook({
				nodeType: TRIGGER_TYPE,
				parameters: { callbackSecret: SECRET } as never,
				staticData: first.staticData(),
			});
			try {
				for (const taskId of ['c', 'd']) await post(other.productionUrl, taskId);
				expect(other.items().map((item) => item.json.taskId)).toEqual(['d']);
			} finally {
				await other.stop();
			}
		});
	});

	describe('when callbacks arrive at the same moment (n8n hands each call its own copy of the static data)', () => {
		const callback = (taskId: string) => ({
			timestamp: 1,
			data: { task_id: taskId, status: 'completed', model: 'Qubico/image-toolkit', output: {} },
		});
		const postAll = (url: string, taskIds: string[]) =>
			Promise.all(
				taskIds.map((taskId) =>
					axios.post(url, callback(taskId), { headers: { 'x-webhook-secret': SECRET }, validateStatus: () => true }),
				),
			);

		it('still ignores the repeats of a batch whose callbacks overlapped', async () => {
			const trigger = await startTrigger();
			const ids = Array.from({ length: 10 }, (_, index) => `overlap-${index}`);
			await postAll(trigger.productionUrl, ids);
			await postAll(trigger.productionUrl, ids);

			expect(trigger.items().map((item) => item.json.taskId).sort()).toEqual([...ids].sort());
			expect(trigger.calls.filter((call) => call.items === undefined)).toHaveLength(10);
			// What n8n saved last holds every event, so they are still known after a restart.
			const saved = trigger.staticData()['node:PiAPI Trigger'] as { processedEvents: string[] };
			expect([...saved.processedEvents].sort()).toEqual(ids.map((id) => `${id}:completed`).sort());
		});

		it('passes on one of several identical deliveries', async () => {
			const trigger = await startTrigger();
			await postAll(trigger.productionUrl, ['same', 'same', 'same', 'same', 'same']);

			expect(trigger.items().map((item) => item.json.taskId)).toEqual(['same']);
		});

		it('keeps the events of each workflow apart', async () => {
			const first = await startTrigger();
			await postAll(first.productionUrl, ['shared-task']);
			await first.stop();
			const second = await startTrigger();
			await postAll(second.productionUrl, ['shared-task']);

			expect(second.items().map((item) => item.json.taskId)).toEqual(['shared-task']);
		});
	});

	it.each([
		['a wrong secret', 'not-the-secret'],
		['no secret', ''],
	])('refuses a callback with %s: 401 and no execution', async (_, secret) => {
		const trigger = await startTrigger();
		const ids = await submit(1, trigger.productionUrl, secret);
		await waitUntil(allDelivered(trigger, ids), { what: 'the callback' });

		expect(trigger.calls[0].statusCode).toBe(401);
		expect(trigger.items()).toEqual([]);
		expect(trigger.staticData()).toEqual({});
	});

	it('refuses every callback while no secret is configured', async () => {
		const trigger = await startTrigger({ callbackSecret: '' });
		const response = await axios.post(
			trigger.productionUrl,
			{ timestamp: 1, data: { task_id: 'x', status: 'completed' } },
			{ validateStatus: () => true },
		);
		expect(response.status).toBe(401);
		expect(trigger.items()).toEqual([]);
	});

	it('answers 400 and starts nothing for a body that is not a task callback', async () => {
		const trigger = await startTrigger();
		const response = await axios.post(
			trigger.productionUrl,
			{ hello: 'world' },
			{ headers: { 'x-webhook-secret': SECRET }, validateStatus: () => true },
		);
		expect(response.status).toBe(400);
		expect(trigger.items()).toEqual([]);
	});

	it('filters by status: only failed tasks start the workflow when only Failed is selected', async () => {
		const trigger = await startTrigger({ statuses: ['failed'] });
		const completed = await submit(1, trigger.productionUrl, SECRET);
		const failed = await submit(1, trigger.productionUrl, SECRET, sim.sampleUrl('noface.png'));
		await waitUntil(allDelivered(trigger, [...completed, ...failed]), { what: 'the callbacks' });

		expect(trigger.calls.map((call) => call.statusCode)).toEqual([200, 200]);
		const items = trigger.items();
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ taskId: failed[0], status: 'failed' });
		expect(items[0].json.error).toEqual(expect.stringContaining('no face'));
	});

	it('ignores progress callbacks unless Other is selected', async () => {
		const post = (url: string, taskId: string) =>
			axios.post(
				url,
				{ timestamp: 1, data: { task_id: taskId, status: 'processing', model: 'Qubico/image-toolkit' } },
				{ headers: { 'x-webhook-secret': SECRET }, validateStatus: () => true },
			);
		const byDefault = await startTrigger();
		const ignored = await post(byDefault.productionUrl, 'task-a');
		expect(ignored.status).toBe(200);
		expect(ignored.data).toEqual({ received: true, ignored: 'status not selected' });
		expect(byDefault.items()).toEqual([]);
		await byDefault.stop();

		const withOther = await startTrigger({ statuses: ['other'] });
		expect((await post(withOther.productionUrl, 'task-b')).status).toBe(200);
		expect(withOther.items().map((item) => item.json)).toEqual([
			{ taskId: 'task-b', status: 'processing', api: 'unified', model: 'Qubico/image-toolkit' },
		]);
	});

	it('reads capitalized statuses as the Swap Faces node does', async () => {
		sim.configure({ statusCase: 'capitalized' });
		const trigger = await startTrigger();
		const ids = await submit(1, trigger.productionUrl, SECRET);
		await waitUntil(allDelivered(trigger, ids), { what: 'the callback' });
		expect(trigger.items()[0].json).toMatchObject({ taskId: ids[0], status: 'completed' });
	});

	it.each(['default', 'filesystem'] as const)(
		'downloads the exact result bytes as binary when asked (%s binary mode)',
		async (binaryMode) => {
			const trigger = await startTrigger({ download: true, binaryProperty: 'image' }, binaryMode);
			const ids = await submit(2, trigger.productionUrl, SECRET);
			await waitUntil(allDelivered(trigger, ids), { what: 'the callbacks' });

			const items = trigger.items();
			expect(items).toHaveLength(2);
			for (const item of items) {
				const task = sim.task(item.json.taskId as string);
				expect(item.binary?.image).toMatchObject({ mimeType: task?.resultMimeType });
				expect((await readBinary(item, 'image')).equals(task?.resultBytes as Buffer)).toBe(true);
			}
		},
	);

	it('starts the workflow with a video task’s callback, its MP4 downloaded byte for byte (filesystem binary mode)', async () => {
		const trigger = await startTrigger({ download: true }, 'filesystem');
		const { items: submitted, error } = await runNode({
			parameters: videoParameters(sim, {
				waitForCompletion: false,
				options: { webhookUrl: trigger.productionUrl, webhookSecret: SECRET },
			}),
			credentials: credentialsFor(sim),
		});
		expect(error).toBeUndefined();
		const ids = [submitted[0].json.taskId as string];
		await waitUntil(allDelivered(trigger, ids), { what: 'the callback' });

		const [item] = trigger.items();
		const task = sim.task(ids[0]);
		expect(item.json).toMatchObject({ taskId: ids[0], status: 'completed', model: 'Qubico/video-toolkit', videoUrl: task?.resultUrl });
		expect(item.json.frames).toBe(task?.video?.frames);
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `piapi-faceswap-${ids[0]}.mp4` });
		expect((await readBinary(item, 'data')).equals(task?.resultBytes as Buffer)).toBe(true);
	});

	it.each([
		['application/octet-stream', 'default'],
		['none', 'filesystem'],
		['wrong', 'default'],
	] as const)('downloads a result served as %s with the type of its bytes (%s binary mode)', async (type, binaryMode) => {
		await withSettings(sim, { resultContentType: type }, async () => {
			const trigger = await startTrigger({ download: true }, binaryMode);
			const ids = await submit(1, trigger.productionUrl, SECRET);
			await waitUntil(allDelivered(trigger, ids), { what: 'the callback' });

			const [item] = trigger.items();
			const task = sim.task(ids[0]);
			expect(item.binary?.data).toMatchObject({ mimeType: 'image/jpeg', fileName: `piapi-faceswap-${ids[0]}.jpg` });
			expect((await readBinary(item, 'data')).equals(task?.resultBytes as Buffer)).toBe(true);
		});
	});

	it('starts the workflow without an image, saying why, when the result URL sends a web page', async () => {
		await withSettings(sim, { resultBody: 'html', resultContentType: 'application/octet-stream' }, async () => {
			const trigger = await startTrigger({ download: true });
			const ids = await submit(1, trigger.productionUrl, SECRET);
			await waitUntil(allDelivered(trigger, ids), { what: 'the callback' });

			const [item] = trigger.items();
			expect(item.binary).toBeUndefined();
			expect(item.json).toMatchObject({ taskId: ids[0], status: 'completed' });
			expect(item.json.downloadError).toBe(
				`The result of task ${ids[0]} is not an image: the file at its URL starts with ` +
					'"<!DOCTYPE html>\\n<html>\\n<head><title>404 "… (content type "application/octet-stream")',
			);
		});
	});

	it('starts the workflow without the file, naming the task and the host’s answer, when the result host refuses it', async () => {
		const trigger = await startTrigger({ download: true });
		const refusedBefore = sim.counters().faultsInjected['403-html'] ?? 0;
		sim.injectFault({ route: 'result', kind: '403-html' });
		const ids = await submit(1, trigger.productionUrl, SECRET);
		await waitUntil(allDelivered(trigger, ids), { what: 'the callback' });

		const [item] = trigger.items();
		expect(item.binary).toBeUndefined();
		expect(item.json.downloadError).toBe(
			`Could not download the result image of task ${ids[0]}: the result host answered HTTP 403; PiAPI's result links expire, Get Task shows the task again`,
		);
		expect(sim.counters().faultsInjected['403-html']).toBe(refusedBefore + 1); // a refusal is not retried
	});

	it('answers PiAPI before it downloads the result, then starts the workflow with the image', async () => {
		const trigger = await startTrigger({ download: true });
		// The callback is sent here, the way PiAPI sends it, once the result download is made slow.
		const [taskId] = await submit(1, 'http://127.0.0.1:9/nobody-listens', SECRET);
		await waitUntil(() => sim.task(taskId)?.status === 'completed', { what: 'the task' });
		const task = await axios.get(`${sim.url}/api/v1/task/${taskId}`, { headers: { 'x-api-key': sim.apiKey } });
		sim.injectFault({ route: 'result', kind: 'slow', delayMs: 1500 });
		const answer = await axios.post(
			trigger.productionUrl,
			{ timestamp: 1, data: task.data.data },
			{ headers: { 'x-webhook-secret': SECRET } },
		);

		expect(answer.status).toBe(200);
		expect(trigger.calls).toHaveLength(0); // webhook() is still downloading
		await waitUntil(() => trigger.calls.length === 1, { what: 'the download' });
		expect((await readBinary(trigger.items()[0], 'data')).equals(sim.task(taskId)?.resultBytes as Buffer)).toBe(true);
	});

	it('downloads each callback’s result on its own: a callback whose download is held does not hold up another’s', async () => {
		const trigger = await startTrigger({ download: true });
		// Callbacks sent here, the way PiAPI sends them, so the held downloads are the first two.
		const ids = await submit(3, 'http://127.0.0.1:9/nobody-listens', SECRET);
		await waitUntil(() => ids.every((id) => sim.task(id)?.status === 'completed'), { what: 'the tasks' });
		const callbackOf = async (taskId: string) => {
			const task = await axios.get(`${sim.url}/api/v1/task/${taskId}`, { headers: { 'x-api-key': sim.apiKey } });
			return await axios.post(trigger.productionUrl, { timestamp: 1, data: task.data.data }, { headers: { 'x-webhook-secret': SECRET } });
		};
		// Two downloads held at the result host: as many as one execution downloads at once.
		const heldBefore = sim.counters().faultsInjected.slow ?? 0;
		sim.injectFault({ route: 'result', kind: 'slow', delayMs: 3000, times: 2 });
		await callbackOf(ids[0]);
		await callbackOf(ids[1]);
		await waitUntil(() => sim.counters().faultsInjected.slow === heldBefore + 2, { what: 'two held downloads' });

		expect((await callbackOf(ids[2])).status).toBe(200);
		await waitUntil(() => trigger.calls.length === 3, { what: 'the three downloads' });
		// The third callback's download did not wait for a slot behind the held two.
		expect(trigger.calls.map((call) => call.items?.[0].json.taskId)).toEqual([ids[2], expect.any(String), expect.any(String)]);
		for (const item of trigger.items()) {
			expect((await readBinary(item, 'data')).equals(sim.task(String(item.json.taskId))?.resultBytes as Buffer)).toBe(true);
		}
	});

	it('saves every event when a later callback is done before an earlier one still downloading', async () => {
		const trigger = await startTrigger({ download: true });
		const ids = await submit(2, 'http://127.0.0.1:9/nobody-listens', SECRET);
		await waitUntil(() => ids.every((id) => sim.task(id)?.status === 'completed'), { what: 'the tasks' });
		const callbacks = await Promise.all(
			ids.map(async (id) => (await axios.get(`${sim.url}/api/v1/task/${id}`, { headers: { 'x-api-key': sim.apiKey } })).data.data),
		);
		sim.injectFault({ route: 'result', kind: 'slow', delayMs: 1500 }); // the first call's download only
		for (const data of callbacks) {
			await axios.post(trigger.productionUrl, { timestamp: 1, data }, { headers: { 'x-webhook-secret': SECRET } });
		}
		await waitUntil(() => trigger.calls.length === 2, { what: 'both downloads' });

		// The first call's save comes last: it must not take back the second event.
		expect(trigger.items().map((item) => item.json.taskId)).toEqual([ids[1], ids[0]]);
		const saved = trigger.staticData()['node:PiAPI Trigger'] as { processedEvents: string[] };
		expect(saved.processedEvents).toEqual(ids.map((id) => `${id}:completed`));
	});

	it('also answers on the test URL', async () => {
		const trigger = await startTrigger();
		const ids = await submit(1, trigger.testUrl, SECRET);
		await waitUntil(allDelivered(trigger, ids), { what: 'the callback' });
		expect(trigger.calls[0]).toMatchObject({ endpoint: 'test', statusCode: 200 });
		expect(trigger.items().map((item) => item.json.taskId)).toEqual(ids);
	});
});
