// Wait Timeout bounds the polls too: a poll at the deadline does not keep retrying 429s or wait out a hanging PiAPI.
import { runNode } from '../../../harness';
import { credentialsFor, swapParameters, useFastSimulator } from '../simulated';

const simulated = useFastSimulator();

const swapWithTimeout = (waitTimeout: number) =>
	runNode({
		parameters: swapParameters(simulated.sim, { options: { waitTimeout } }),
		credentials: credentialsFor(simulated.sim),
		continueOnFail: true,
	});

const timedOut = (taskId: string | undefined) =>
	new RegExp(`^Task ${taskId} did not finish within \\d+ s \\(last status: pending\\)$`);

it.each([
	['429', 0],
	['429-retry-after', 1],
] as const)(
	'every poll answered %s: the item times out after a few polls, naming its task',
	async (kind, retryAfterSeconds) => {
		simulated.sim.injectFault({
			route: 'get',
			kind,
			retryAfterSeconds,
			times: 1000,
		});
		const { items, error } = await swapWithTimeout(3);
		const taskId = simulated.sim.tasks().at(-1)?.id;
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			error: expect.stringMatching(timedOut(taskId)),
			taskId,
		});
		// The first poll comes at 2 s; a retry whose wait would end after the 3 s deadline is not taken.
		const polls = simulated.sim.counters().faultsInjected[kind];
		expect(polls).toBeGreaterThanOrEqual(1);
		expect(polls).toBeLessThanOrEqual(3);
	},
);

it('a poll that hangs at the deadline is given up after its shortened request timeout (not 60 s)', async () => {
	// The task is done long before; only the hanging poll could have seen it.
	simulated.sim.injectFault({ route: 'get', kind: 'slow', delayMs: 40_000 });
	const { items } = await swapWithTimeout(2);
	const taskId = simulated.sim.tasks().at(-1)?.id;
	expect(items[0].json).toMatchObject({
		error: expect.stringMatching(timedOut(taskId)),
		taskId,
	});
	expect(simulated.sim.counters()).toMatchObject({
		polls: 0,
		faultsInjected: { slow: 1 },
	});
});

it('an item whose task was still staged behind the account\'s other tasks says so, and how to size the node', async () => {
	simulated.sim.configure({ concurrency: 1, processingMs: 10_000 });
	try {
		const { items } = await runNode({
			parameters: swapParameters(simulated.sim, { options: { waitTimeout: 2, maxConcurrentTasks: 2 } }),
			credentials: credentialsFor(simulated.sim),
			input: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(items[0].json.error).toMatch(/\(last status: (pending|processing)\)$/);
		expect(items[1].json.error).toMatch(/\(last status: staged\): PiAPI had not started it yet, your account's other tasks held every slot$/);
	} finally {
		simulated.sim.configure({ concurrency: Infinity, processingMs: 150 });
	}
});
