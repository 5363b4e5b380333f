// Stopping an execution while the node waits: n8n's cancel signal reaches the polling loop.
import { runNode, waitUntil } from '../../../harness';
import { credentialsFor, startFastSimulator, swapParameters, type Simulator } from '../simulated';

let sim: Simulator;

beforeAll(async () => {
	sim = await startFastSimulator({ pendingMs: 60_000 });
});
afterAll(async () => await sim.stop());

describe('when the execution is cancelled while waiting', () => {
	it('stops polling and cancels the tasks that have not started, so nobody pays for them', async () => {
		const stop = new AbortController();
		const urls = [sim.sampleUrl('target.jpg'), sim.sampleUrl('group.jpg')];
		const running = runNode({
			parameters: swapParameters(sim, { targetImageUrl: '={{ $json.url }}' }),
			input: urls.map((url) => ({ json: { url } })),
			credentials: credentialsFor(sim),
			signal: stop.signal,
		});
		await waitUntil(() => sim.tasks().length === 2, { what: 'both tasks to be created' });
		// Counted, not timed: a request logged in the same millisecond as the stop was not sent after it.
		const loggedBeforeStop = sim.requestLog().length;
		stop.abort();
		const { status } = await running;

		expect(status).toBe('canceled');
		expect(sim.tasks().map((task) => task.status)).toEqual(['cancelled', 'cancelled']);
		const afterStop = sim.requestLog().slice(loggedBeforeStop);
		expect(afterStop.map((entry) => entry.method)).toEqual(['DELETE', 'DELETE']);
	});
});
