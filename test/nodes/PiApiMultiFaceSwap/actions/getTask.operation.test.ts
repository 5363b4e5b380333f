import { readBinary, runNode, waitUntil } from '../../../harness';
import { credentialsFor, startFastSimulator, swapParameters, videoParameters, withSettings, type Simulator } from '../simulated';

let sim: Simulator;

beforeAll(async () => {
	sim = await startFastSimulator();
});
afterAll(async () => await sim.stop());

/** Starts a task the way a workflow does before a Wait node: Swap Faces without waiting. */
async function startTask(overrides: Parameters<typeof swapParameters>[1] = {}): Promise<string> {
	const { items, error } = await runNode({
		parameters: swapParameters(sim, { waitForCompletion: false, ...overrides }),
		credentials: credentialsFor(sim),
	});
	expect(error).toBeUndefined();
	return String(items[0].json.taskId);
}

const finished = async (taskId: string) =>
	await waitUntil(() => ['completed', 'failed'].includes(String(sim.task(taskId)?.status)), { what: `task ${taskId} to finish` });

const getTask = (taskId: string, overrides: Record<string, string> = {}) =>
	runNode({
		parameters: { operation: 'getTask', api: 'unified', taskId, output: 'binary', ...overrides },
		credentials: credentialsFor(sim),
	});

describe('Get Task', () => {
	it('reports a task that is still running, without a result', async () => {
		const { taskId, items, error } = await withSettings(sim, { pendingMs: 60_000 }, async () => {
			const started = await startTask();
			return { taskId: started, ...(await getTask(started)) };
		});

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ taskId, api: 'unified' });
		expect(items[0].json.status).toBe('pending');
		expect(items[0].binary).toBeUndefined();
	});

	it('collects a completed task’s result as binary', async () => {
		const taskId = await startTask();
		await finished(taskId);
		const { items } = await getTask(taskId);
		expect(items[0].json).toMatchObject({ taskId, status: 'completed', imageUrl: sim.task(taskId)?.resultUrl });
		expect((await readBinary(items[0], 'data')).equals(sim.task(taskId)?.resultBytes as Buffer)).toBe(true);
	});

	it('collects a completed task’s result as a URL', async () => {
		const taskId = await startTask();
		await finished(taskId);
		const { items } = await getTask(taskId, { output: 'url' });
		expect(items[0].json.imageUrl).toBe(sim.task(taskId)?.resultUrl);
		expect(items[0].binary).toBeUndefined();
	});

	it('collects a completed video task’s result as an MP4, with the frames PiAPI reports', async () => {
		const { items: started } = await runNode({
			parameters: videoParameters(sim, { waitForCompletion: false }),
			credentials: credentialsFor(sim),
		});
		const taskId = String(started[0].json.taskId);
		await finished(taskId);
		const task = sim.task(taskId);

		const { items } = await getTask(taskId);
		expect(items[0].json).toMatchObject({ taskId, status: 'completed', videoUrl: task?.resultUrl, frames: task?.video?.frames });
		expect(items[0].json).not.toHaveProperty('costUsd');
		expect(items[0].binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `piapi-faceswap-${taskId}.mp4` });
		expect((await readBinary(items[0], 'data')).equals(task?.resultBytes as Buffer)).toBe(true);
	});

	it('collects a legacy task', async () => {
		const taskId = await startTask({ api: 'legacy' });
		await finished(taskId);
		const { items } = await getTask(taskId, { api: 'legacy' });
		expect(items[0].json).toMatchObject({ taskId, api: 'legacy', status: 'completed' });
		expect((await readBinary(items[0], 'data')).equals(sim.task(taskId)?.resultBytes as Buffer)).toBe(true);
	});

	it('reports a failed task with PiAPI’s message instead of failing the node', async () => {
		const taskId = await startTask({ targetImageUrl: sim.sampleUrl('noface.png') });
		await finished(taskId);
		const { items, error } = await getTask(taskId);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ taskId, status: 'failed', error: 'invalid request, no face found in the image' });
	});

	it('says when PiAPI does not know the task', async () => {
		const { error } = await getTask('00000000-0000-0000-0000-000000000000');
		expect(error?.message).toBe('PiAPI rejected the request (HTTP 404): task not found');
	});
});
