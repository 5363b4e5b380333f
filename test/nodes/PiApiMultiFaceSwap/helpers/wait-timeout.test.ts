// Wait Timeout bounds the polls too: a poll at the deadline does not keep retrying 429s or wait out a hanging PiAPI.
import { runNode, waitUntil } from '../../../harness';
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

describe('a poll sent at the deadline gets the shortened request timeout (5 s), not the usual 60 s', () => {
	// The task is done long before; only the poll at the deadline (first poll at 2 s, Wait Timeout 2 s) could see it.
	const pollAfterDeadline = () => {
		const task = simulated.sim.tasks().at(-1);
		const poll = simulated.sim.requestLog().find((entry) => entry.method === 'GET' && entry.path.startsWith('/api/v1/task/'));
		return (poll?.at ?? 0) - (task?.createdAt ?? Infinity);
	};

	it('gives up a poll whose answer comes 8 s later: the item times out, naming its task', async () => {
		simulated.sim.injectFault({ route: 'get', kind: 'slow', delayMs: 8000 });
		const { items } = await swapWithTimeout(2);
		const taskId = simulated.sim.tasks().at(-1)?.id;
		expect(items[0].json).toMatchObject({ error: expect.stringMatching(timedOut(taskId)), taskId });
		expect(pollAfterDeadline()).toBeGreaterThanOrEqual(2000);
		// The answer did come, saying "completed", after the node had given up on it.
		await waitUntil(() => simulated.sim.counters().polls === 1, { timeoutMs: 15_000, what: 'the slow answer' });
		expect(simulated.sim.task(taskId as string)?.pollsAfterFinal).toBe(1);
	}, 30_000);

	it('waits for a poll whose answer comes 3 s later, within that timeout: the item completes', async () => {
		simulated.sim.injectFault({ route: 'get', kind: 'slow', delayMs: 3000 });
		const { items, error } = await swapWithTimeout(2);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ status: 'completed', taskId: simulated.sim.tasks().at(-1)?.id });
		expect(pollAfterDeadline()).toBeGreaterThanOrEqual(2000);
		expect(simulated.sim.counters()).toMatchObject({ polls: 1, faultsInjected: { slow: 1 } });
	}, 30_000);
});
