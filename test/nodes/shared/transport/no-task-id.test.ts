// PiAPI answering 200 "success" with no task in it ({"code":200,"data":{}} or "data":null): a clear error, never a
// second creation, one output item per input item.
import { runNode } from '../../../harness';
import { createdBodies, credentialsFor, swapParameters, useFastSimulator } from '../../PiApiMultiFaceSwap/simulated';

const KINDS = ['empty-data', 'null-data'] as const;
const NO_TASK_ID = 'PiAPI answered without a task ID';

const simulated = useFastSimulator();

const swap = (continueOnFail = false, input = [{ json: {} }], api: 'unified' | 'legacy' = 'unified') =>
	runNode({
		parameters: swapParameters(simulated.sim, { api }),
		input,
		credentials: credentialsFor(simulated.sim),
		continueOnFail,
	});

describe('a task creation answered without a task ID', () => {
	it.each(KINDS)('%s: fails the item clearly and is not repeated (the task may exist)', async (kind) => {
		simulated.sim.injectFault({ route: 'create', kind });
		const { error, status } = await swap();
		expect(status).toBe('error');
		expect(error).toMatchObject({
			message: NO_TASK_ID,
			context: expect.objectContaining({ itemIndex: 0 }),
		});
		expect(error?.description).toMatch(/may or may not have been created/);
		expect(createdBodies(simulated.sim)).toHaveLength(1);
		expect(simulated.sim.counters()).toMatchObject({
			tasksCreated: 0,
			polls: 0,
			faultsInjected: { [kind]: 1 },
		});
	});

	it.each(KINDS)('%s with Continue On Fail: one output item per input item, the others run', async (kind) => {
		simulated.sim.injectFault({ route: 'create', kind });
		const { items, error } = await swap(true, [{ json: {} }, { json: {} }, { json: {} }]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const failed = items.filter((item) => item.json.error !== undefined);
		expect(failed.map((item) => item.json.error)).toEqual([NO_TASK_ID]);
		expect(failed[0].json.taskId).toBeUndefined();
		expect(items.filter((item) => item.json.status === 'completed')).toHaveLength(2);
		// One creation per item: the one without an answer was not sent again.
		expect(createdBodies(simulated.sim)).toHaveLength(3);
		expect(simulated.sim.counters().tasksCreated).toBe(2);
	});
});

describe('a poll answered without a task ID', () => {
	const kindsAndApis = KINDS.flatMap((kind) => (['unified', 'legacy'] as const).map((api) => [kind, api] as const));
	it.each(kindsAndApis)('%s while waiting (%s API): fails the item clearly, naming its task', async (kind, api) => {
		simulated.sim.injectFault({ route: api === 'legacy' ? 'legacyFetch' : 'get', kind });
		const { items, error } = await swap(true, [{ json: {} }], api);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({
			error: NO_TASK_ID,
			taskId: simulated.sim.tasks().at(-1)?.id,
		});
		expect(createdBodies(simulated.sim, api === 'legacy' ? '/api/face_swap/v1/async' : undefined)).toHaveLength(1);
	});

	it.each(KINDS)('%s in Get Task: fails the item clearly, naming the task', async (kind) => {
		const created = await runNode({
			parameters: swapParameters(simulated.sim, { waitForCompletion: false }),
			credentials: credentialsFor(simulated.sim),
		});
		const taskId = String(created.items[0].json.taskId);
		simulated.sim.injectFault({ route: 'get', kind });
		const { error } = await runNode({
			parameters: {
				operation: 'getTask',
				api: 'unified',
				taskId,
				output: 'binary',
			},
			credentials: credentialsFor(simulated.sim),
		});
		expect(error).toMatchObject({
			message: NO_TASK_ID,
			context: expect.objectContaining({ itemIndex: 0, taskId }),
		});
		expect(error?.description).toContain(taskId);
		expect(simulated.sim.counters().faultsInjected[kind]).toBe(1);
	});
});
