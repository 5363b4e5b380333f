import { runNode, waitUntil } from '../../../harness';
import { createdBodies, credentialsFor, startFastSimulator, swapParameters, videoParameters, withSettings, type Simulator } from '../simulated';

let sim: Simulator;

beforeAll(async () => {
	sim = await startFastSimulator();
});
afterAll(async () => await sim.stop());

async function startTask(parameters = swapParameters(sim, { waitForCompletion: false })): Promise<string> {
	const { items } = await runNode({
		parameters,
		credentials: credentialsFor(sim),
	});
	return String(items[0].json.taskId);
}

const cancelTask = (taskId: string, continueOnFail = false) =>
	runNode({ parameters: { operation: 'cancelTask', taskId }, credentials: credentialsFor(sim), continueOnFail });

describe('Cancel Task', () => {
	it('cancels a task that has not started', async () => {
		const { taskId, items, error } = await withSettings(sim, { pendingMs: 10_000 }, async () => {
			const started = await startTask();
			return { taskId: started, ...(await cancelTask(started)) };
		});

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ taskId, status: 'cancelled', api: 'unified' });
		expect(sim.task(taskId)?.status).toBe('cancelled');
		expect(sim.requestLog().filter((entry) => entry.method === 'DELETE')).toHaveLength(1);
	});

	it('cancels a video task that has not started', async () => {
		const { taskId, items } = await withSettings(sim, { pendingMs: 10_000 }, async () => {
			const started = await startTask(videoParameters(sim, { waitForCompletion: false }));
			return { taskId: started, ...(await cancelTask(started)) };
		});

		expect(createdBodies(sim).at(-1)?.model).toBe('Qubico/video-toolkit');
		expect(items[0].json).toMatchObject({ taskId, status: 'cancelled' });
		expect(sim.task(taskId)?.status).toBe('cancelled');
	});

	it('says why PiAPI refused to cancel a task that already finished', async () => {
		const taskId = await startTask();
		await waitUntil(() => sim.task(taskId)?.status === 'completed', { what: 'the task to complete' });
		const { error } = await cancelTask(taskId);

		expect(error?.message).toMatch(new RegExp(`^PiAPI refused to cancel task ${taskId}: PiAPI rejected the request \\(HTTP 400\\)`));
		expect(error?.description).toMatch(/Only tasks that have not started yet/);
	});

	it('with Continue On Fail, reports the refusal with the task ID', async () => {
		const taskId = await startTask();
		await waitUntil(() => sim.task(taskId)?.status === 'completed', { what: 'the task to complete' });
		const { items } = await cancelTask(taskId, true);

		expect(items[0].json).toMatchObject({ taskId });
		expect(items[0].json.error).toMatch(/refused to cancel/);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});
});
