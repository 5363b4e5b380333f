// PiAPI created the task but its answer was lost (dropped connection, 500, half the JSON, an answer later than the
// node waits): the node never sends the item's creation again, and the item fails saying a task may exist and how
// to find it. Counted per input item by the simulator (creations()), run through the engine on both n8n lines.
import { runNode, waitUntil } from '../../../harness';
import { credentialsFor, swapParameters, useFastSimulator } from '../../PiApiMultiFaceSwap/simulated';

const context = useFastSimulator();
const sim = () => context.sim;

const MESSAGE = /^PiAPI may have created \(and billed\) a task, but its answer was lost: /;
const HOW_TO_FIND =
	/^The creation was not sent again, so PiAPI made at most one task for this item\. Look in your PiAPI task list for a task created at about \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(UTC, when the request was sent\)/;

/** Each item's images are its own, so the simulator can count creations per item. */
const itemInput = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ json: { swap: sim().sampleUrl('swap.png', `item-${index}`) } }));
const swap = (overrides: Parameters<typeof swapParameters>[1] = {}, items = 1, continueOnFail = false) =>
	runNode({
		parameters: swapParameters(sim(), { swapImageUrl: '={{ $json.swap }}', ...overrides }),
		input: itemInput(items),
		credentials: credentialsFor(sim()),
		continueOnFail,
	});

const requestsPerItem = () => sim().creations().map((entry) => entry.requests.length);

describe.each([
	['reset-after-create', 'Could not reach PiAPI: the connection was reset'],
	['500-after-create', 'PiAPI had a server error (HTTP 500)'],
	['malformed-json-after-create', 'PiAPI sent a response that is not valid JSON (HTTP 200)'],
] as const)('%s', (kind, cause) => {
	it.each(['unified', 'legacy'] as const)('%s API: one creation, then the item fails naming the way to the task', async (api) => {
		sim().injectFault({ route: api === 'unified' ? 'create' : 'legacyCreate', kind });
		const tasksBefore = sim().tasks().length;
		const { error } = await swap({ api });
		expect(error?.message).toBe(`PiAPI may have created (and billed) a task, but its answer was lost: ${cause}`);
		expect(error?.description).toMatch(HOW_TO_FIND);
		expect(sim().tasks().length - tasksBefore).toBe(1); // the task exists (and is billed)
		expect(requestsPerItem()).toEqual([1]);
		expect(sim().repeatedCreations()).toEqual([]);
		expect(sim().counters().polls).toBe(0);
	});
});

it('an answer later than the creation timeout (the Wait Timeout, at least 5 s): one creation, the item fails', async () => {
	sim().injectFault({ route: 'create', kind: 'slow-after-create', delayMs: 30_000 });
	const { error } = await swap({ options: { waitTimeout: 1 } });
	expect(error?.message).toBe('PiAPI may have created (and billed) a task, but its answer was lost: Could not reach PiAPI: the request timed out');
	expect(error?.description).toMatch(HOW_TO_FIND);
	// The simulator records the request once it sees the node close the connection.
	await waitUntil(() => sim().creations().length > 0, { what: 'the creation to be recorded' });
	expect(sim().creations()).toEqual([expect.objectContaining({ requests: [expect.objectContaining({ answer: 'lost' })] })]);
	expect(sim().creations()[0].requests[0].taskId).toBe(sim().tasks().at(-1)?.id);
	expect(sim().repeatedCreations()).toEqual([]);
}, 30_000);

it('Continue On Fail: the lost creation is its own item’s error, paired; the others complete; one creation each', async () => {
	sim().injectFault({ route: 'create', kind: '500-after-create' });
	const { items, error } = await swap({}, 3, true);
	expect(error).toBeUndefined();
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	const failed = items.filter((item) => item.json.error !== undefined);
	expect(failed).toHaveLength(1);
	expect(failed[0].json.error).toMatch(MESSAGE);
	expect(failed[0].json.description).toMatch(HOW_TO_FIND);
	expect(failed[0].json.taskId).toBeUndefined(); // the node never saw it
	expect(items.filter((item) => item.json.status === 'completed')).toHaveLength(2);
	expect(requestsPerItem()).toEqual([1, 1, 1]);
	expect(sim().repeatedCreations()).toEqual([]);
});

it('a 429 is still retried: PiAPI made nothing, so the second creation is no repeat', async () => {
	sim().injectFault({ route: 'create', kind: '429-retry-after', retryAfterSeconds: 0 });
	const { items, error } = await swap();
	expect(error).toBeUndefined();
	expect(items[0].json.status).toBe('completed');
	expect(sim().creations()[0].requests.map((request) => request.answer)).toEqual(['refused', 'task']);
	expect(sim().repeatedCreations()).toEqual([]);
});
