// Results sent without a Content-Length (chunked transfer): the 50 MB limit holds while the result streams in.
import { readBinary, runNode, waitUntil } from '../../../harness';
import { credentialsFor, startFastSimulator, swapParameters, type Simulator } from '../../PiApiMultiFaceSwap/simulated';

const LIMIT = 52_428_800;
// Twice the limit: more than the limit plus what loopback socket buffers can hold beyond what the node read.
const OVER_THE_LIMIT = 2 * LIMIT;

let sim: Simulator;

beforeAll(async () => {
	sim = await startFastSimulator({ chunkedResults: true });
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.configure({ resultBytes: 0 });
	sim.resetCounters();
});

const limitMessage = (taskId: string | undefined) =>
	new RegExp(
		`^The result image at http://127\\.0\\.0\\.1:\\d+/results/${taskId}\\.jpg is over the ${LIMIT}-byte limit ` +
			`\\(sent without a length: the download was stopped after \\d+ bytes\\)$`,
	);

it('refuses a streamed result over 50 MB, naming the item, the task and the limit, and stops reading it', async () => {
	sim.configure({ resultBytes: OVER_THE_LIMIT });
	const { error } = await runNode({ parameters: swapParameters(sim), credentials: credentialsFor(sim) });
	const task = sim.tasks().at(-1);
	expect(task?.status).toBe('completed');
	expect(error?.message).toMatch(limitMessage(task?.id));
	expect(error).toMatchObject({ name: 'NodeOperationError', context: expect.objectContaining({ itemIndex: 0 }) });
	// The node closed the connection before the simulator could write the whole result.
	await waitUntil(() => sim.counters().resultDownloadsCutOff > 0, { what: 'the simulator to see the download cut off' });
	const counters = sim.counters();
	expect(counters).toMatchObject({ resultDownloads: 1, resultDownloadsCutOff: 1 });
	expect(counters.resultBytesSent).toBeLessThan(OVER_THE_LIMIT);
});

it('with Continue On Fail, the refused result is the error of its own item; every item has an output', async () => {
	sim.configure({ resultBytes: OVER_THE_LIMIT });
	const { items, error } = await runNode({
		parameters: swapParameters(sim, { targetImageUrl: '={{ $json.target }}' }),
		// Item 0's task fails (no face), so only item 1 downloads a result.
		input: [{ json: { target: sim.sampleUrl('noface.jpg') } }, { json: { target: sim.sampleUrl('target.jpg') } }],
		credentials: credentialsFor(sim),
		continueOnFail: true,
	});
	expect(error).toBeUndefined();
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(items[0].json.error).toMatch(/no face found/);
	const downloaded = sim.tasks().filter((task) => task.status === 'completed').at(-1);
	expect(items[1].json.error).toMatch(limitMessage(downloaded?.id));
	await waitUntil(() => sim.counters().resultDownloadsCutOff > 0, { what: 'the simulator to see the download cut off' });
	expect(sim.counters()).toMatchObject({ resultDownloads: 1, resultDownloadsCutOff: 1 });
});

it('stores a normal streamed result byte for byte', async () => {
	sim.configure({ resultBytes: 3_000_000 });
	const { items, error } = await runNode({ parameters: swapParameters(sim), credentials: credentialsFor(sim) });
	expect(error).toBeUndefined();
	const task = sim.tasks().at(-1);
	expect((await readBinary(items[0], 'data')).equals(task?.resultBytes as Buffer)).toBe(true);
	await waitUntil(() => sim.counters().resultBytesSent > 0, { what: 'the simulator to finish sending' });
	expect(sim.counters()).toMatchObject({ resultDownloads: 1, resultBytesSent: 3_000_000, resultDownloadsCutOff: 0 });
});
