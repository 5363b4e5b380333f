// The cost guards of Swap Faces, in n8n's engine against the simulator: Max Tasks per Execution (at, under and
// over the limit; Continue On Fail) and Check Balance First (the balance read once, the run refused whole). Task
// creations are counted at the simulator.
import type { INodeParameters } from 'n8n-workflow';

import { INPUT_NODE_TYPE, runNode, runWorkflowJson, SWAP_NODE_TYPE } from '../../../harness';
import { credentialsFor, swapParameters, useFastSimulator } from '../simulated';

const handle = useFastSimulator();
beforeEach(() => handle.sim.configure({ accountUsd: 10 }));

/** Item i asks for an image URL of its own; nothing waits, so each valid item costs one creation. */
const items = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ json: { photo: `https://images.example.com/cost/item-${index}.jpg` } }));

const swapMany = (count: number, options: INodeParameters, continueOnFail = false) =>
	runNode({
		parameters: swapParameters(handle.sim, { targetImageUrl: '={{ $json.photo }}', waitForCompletion: false, options }),
		input: items(count),
		credentials: credentialsFor(handle.sim),
		continueOnFail,
	});

const counters = () => handle.sim.counters();

describe('Max Tasks per Execution', () => {
	it.each([
		['under', 2],
		['exactly at', 3],
	])('%s the limit, every item creates its task', async (_label, count) => {
		const { items: output, error } = await swapMany(count, { maxTasksPerExecution: 3 });

		expect(error).toBeUndefined();
		expect(output).toHaveLength(count);
		expect(counters().tasksCreated).toBe(count);
	});

	it('over the limit, sends nothing and fails naming the count and the limit', async () => {
		const { items: output, error, status } = await swapMany(4, { maxTasksPerExecution: 3 });

		expect(status).toBe('error');
		expect(output).toEqual([]);
		expect(error).toMatchObject({ name: 'NodeOperationError', context: expect.objectContaining({ itemIndex: 3 }) });
		expect(error?.message).toBe(
			"Max Tasks per Execution (item 3): this run's 4 items would create 4 tasks, more than the limit of 3; nothing was sent",
		);
		expect(counters()).toMatchObject({ requests: 0, tasksCreated: 0 });
	});

	it('over the limit with Continue On Fail, the items over it get the error, in order, and the others run', async () => {
		const { items: output, error } = await swapMany(5, { maxTasksPerExecution: 3 }, true);

		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		for (const item of output.slice(0, 3)) expect(item.json).toMatchObject({ status: 'pending', api: 'unified' });
		const problem = "this run's 5 items would create 5 tasks, more than the limit of 3; items 3 to 4 create no task";
		expect(output.slice(3).map((item) => item.json)).toEqual([
			{ error: `Max Tasks per Execution (item 3): ${problem}` },
			{ error: `Max Tasks per Execution (item 4): ${problem}` },
		]);
		expect(counters().tasksCreated).toBe(3);
		// The tasks that were created are the first three items'.
		const created = handle.sim.tasks().slice(-3).map((task) => String(task.input.target_image));
		expect(created.sort()).toEqual([0, 1, 2].map((index) => `https://images.example.com/cost/item-${index}.jpg`));
	});

	it('is 1,000 by default: 1,001 items send nothing', async () => {
		const { error } = await swapMany(1001, {});
		expect(error?.message).toMatch(/^Max Tasks per Execution \(item 1000\): this run's 1001 items .* limit of 1000; nothing was sent$/);
		expect(counters().requests).toBe(0);
	});
});

describe('Max Tasks per Execution across runs of the node in one execution (e.g. a loop)', () => {
	// "Input" feeds Swap twice: directly and through "Again", so the engine runs Swap twice in one execution.
	const twoRuns = (count: number, options: INodeParameters) => {
		const node = (name: string, type: string, parameters: INodeParameters, x: number) => ({
			id: name, name, type, typeVersion: 1, position: [x, 0] as [number, number], parameters,
		});
		const parameters = swapParameters(handle.sim, { targetImageUrl: '={{ $json.photo }}', waitForCompletion: false, options });
		return runWorkflowJson(
			{
				nodes: [
					node('Input', INPUT_NODE_TYPE, {}, 0),
					node('Again', INPUT_NODE_TYPE, {}, 200),
					{ ...node('Swap', SWAP_NODE_TYPE, parameters, 400), credentials: { piApi: { id: 'piapi', name: 'PiAPI' } } },
				],
				connections: {
					Input: { main: [[{ node: 'Swap', type: 'main', index: 0 }, { node: 'Again', type: 'main', index: 0 }]] },
					Again: { main: [[{ node: 'Swap', type: 'main', index: 0 }]] },
				},
			},
			{ input: items(count), credentials: { piApi: credentialsFor(handle.sim) } },
		);
	};

	it('runs both when together they stay within the limit', async () => {
		const { runData, error } = await twoRuns(2, { maxTasksPerExecution: 4 });
		expect(error).toBeUndefined();
		expect(runData.Swap).toHaveLength(2);
		expect(counters().tasksCreated).toBe(4);
	});

	it('refuses the second run when it would take the execution over the limit, naming the earlier tasks', async () => {
		const { runData, error } = await twoRuns(2, { maxTasksPerExecution: 3 });

		expect(runData.Swap).toHaveLength(2);
		expect(error?.message).toBe(
			"Max Tasks per Execution (item 1): this run's 2 items would bring this execution to 4 tasks (2 in earlier runs of this node), more than the limit of 3; nothing was sent",
		);
		expect(counters().tasksCreated).toBe(2);
	});
});

describe('Check Balance First', () => {
	it('reads the balance once and runs when it pays for every item', async () => {
		handle.sim.configure({ accountUsd: 0.045 }); // exactly three tasks at $0.015

		const { items: output, error } = await swapMany(3, { checkBalanceFirst: true });

		expect(error).toBeUndefined();
		expect(output).toHaveLength(3);
		expect(counters()).toMatchObject({ accountInfo: 1, tasksCreated: 3 });
		const paths = handle.sim.requestLog().map((entry) => entry.path);
		expect(paths[0]).toBe('/account/info');
	});

	it('refuses the run when the balance cannot pay for all its items, with both figures, creating nothing', async () => {
		handle.sim.configure({ accountUsd: 0.044 });

		const { items: output, error, status } = await swapMany(3, { checkBalanceFirst: true });

		expect(status).toBe('error');
		expect(output).toEqual([]);
		expect(error).toMatchObject({ name: 'NodeOperationError' });
		expect(error?.message).toBe(
			'The PiAPI balance ($0.044) cannot pay for this run: 3 tasks cost $0.045 at $0.015 each; nothing was sent',
		);
		expect(counters()).toMatchObject({ accountInfo: 1, tasksCreated: 0 });
	});

	it('with Continue On Fail, a refused run gives every item the error and creates nothing', async () => {
		handle.sim.configure({ accountUsd: 0 });

		const { items: output, error } = await swapMany(2, { checkBalanceFirst: true }, true);

		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of output) expect(item.json.error).toMatch(/^The PiAPI balance \(\$0\.00\) cannot pay for this run: 2 tasks/);
		expect(counters()).toMatchObject({ accountInfo: 1, tasksCreated: 0 });
	});

	it('counts only the items within Max Tasks per Execution', async () => {
		handle.sim.configure({ accountUsd: 0.03 });

		const { items: output } = await swapMany(4, { checkBalanceFirst: true, maxTasksPerExecution: 2 }, true);

		expect(output.map((item) => (item.json.error ? 'refused' : 'sent'))).toEqual(['sent', 'sent', 'refused', 'refused']);
		expect(counters().tasksCreated).toBe(2);
	});

	it('refuses the run when PiAPI reports no balance in dollars', async () => {
		handle.sim.configure({ accountUsd: null });

		const { error } = await swapMany(1, { checkBalanceFirst: true });

		expect(error).toMatchObject({ name: 'NodeApiError' });
		expect(error?.message).toMatch(/^PiAPI did not report the account balance/);
		expect(counters().tasksCreated).toBe(0);
	});

	it('is off by default: no account request', async () => {
		await swapMany(1, {});
		expect(counters()).toMatchObject({ accountInfo: 0, tasksCreated: 1 });
	});
});

describe('cost of finished tasks', () => {
	it('gives PiAPI’s usage as reported and the published price of a completed task in costUsd', async () => {
		const { items: output } = await runNode({
			parameters: swapParameters(handle.sim, { output: 'url', options: { pollIntervalMin: 0.2, pollIntervalMax: 0.5 } }),
			credentials: credentialsFor(handle.sim),
		});
		expect(output[0].json).toMatchObject({
			status: 'completed',
			usage: { type: 'point', consume: 150000 },
			costUsd: 0.015,
		});
	});

	it('gives no costUsd for a task that has not finished', async () => {
		const { items: output } = await swapMany(1, {});
		expect(output[0].json.costUsd).toBeUndefined();
	});
});
