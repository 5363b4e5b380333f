// Many items at once: Max Concurrent Tasks bounds how many are in flight, results keep the input order and pairing,
// nothing is created twice, no task is polled after it was seen final. Counts, order and overlap only: no timings.
import type { INodeParameters } from 'n8n-workflow';

import { runNode, waitUntil } from '../../../harness';
import { credentialsFor, startFastSimulator, swapParameters, type Simulator } from '../simulated';

let sim: Simulator;
let tasksBefore = 0;
/** The tasks this test created, oldest first. */
const newTasks = () => sim.tasks().slice(tasksBefore);

/**
 * Counted at each creation, the new task included: the most tasks unfinished at PiAPI at once, and the most the node
 * was waiting on at once (not yet polled final). The node frees a slot only once it has seen a task final, so the
 * second is what Max Concurrent Tasks bounds, and it does not depend on how fast PiAPI works relative to the machine.
 */
let maxInFlight = 0;
let maxAwaited = 0;
const countInFlight = (): undefined => {
	const unfinished = newTasks().filter((task) => ['pending', 'staged', 'processing'].includes(task.status)).length;
	const awaited = newTasks().filter((task) => task.firstFinalPollAt === null && task.status !== 'cancelled').length;
	maxInFlight = Math.max(maxInFlight, unfinished + 1);
	maxAwaited = Math.max(maxAwaited, awaited + 1);
	return undefined;
};

// Short waits so the tests do not wait on the default schedule; timings are never asserted.
const FAST_POLLING = { pollIntervalMin: 0.2, pollIntervalMax: 0.5 };

/** Item i asks for the image at a URL of its own, so every task can be traced back to its item. */
const itemUrl = (index: number) => `https://images.example.com/batch/item-${index}.jpg`;
const items = (count: number) => Array.from({ length: count }, (_, index) => ({ json: { photo: itemUrl(index) } }));
const itemOf = (task: { input: Record<string, unknown> }) => Number(/item-(\d+)\.jpg$/.exec(String(task.input.target_image))?.[1]);

beforeAll(async () => {
	sim = await startFastSimulator();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.configure({ pendingMs: 20, processingMs: 300, concurrency: Infinity, plan: countInFlight, jitter: 0 });
	sim.clearFaults();
	sim.resetCounters();
	maxInFlight = 0;
	maxAwaited = 0;
	tasksBefore = sim.tasks().length;
});

const swapMany = (count: number, options: INodeParameters, runOptions: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({
		parameters: swapParameters(sim, { targetImageUrl: '={{ $json.photo }}', output: 'url', options }),
		input: items(count),
		credentials: credentialsFor(sim),
		...runOptions,
	});

describe('running many items', () => {
	// Tasks long enough that all of a wave's creations (which ramp up: see helpers/pacing.ts) happen before the first
	// one finishes, even on a busy machine.
	const SLOW_TASKS = { processingMs: 1500 };

	it('keeps up to Max Concurrent Tasks tasks in flight, never more', async () => {
		sim.configure(SLOW_TASKS);
		const { items: output, error } = await swapMany(12, { maxConcurrentTasks: 4, ...FAST_POLLING });

		expect(error).toBeUndefined();
		expect(output).toHaveLength(12);
		expect(maxAwaited).toBe(4);
		expect(newTasks()).toHaveLength(12);
	});

	it('runs 20 items at once by default', async () => {
		sim.configure(SLOW_TASKS);
		const { error } = await swapMany(24, FAST_POLLING);
		expect(error).toBeUndefined();
		expect(maxAwaited).toBe(20);
	});

	it('one at a time with Max Concurrent Tasks 1', async () => {
		const { error } = await swapMany(3, { maxConcurrentTasks: 1, ...FAST_POLLING });
		expect(error).toBeUndefined();
		expect(maxAwaited).toBe(1);
	});

	it('returns the results in input order, each paired with its item, when later items finish first', async () => {
		// Item i takes (8 - i) × 150 ms: the last item finishes first unless its creation comes over 1 s after the first's.
		sim.configure({ plan: (task) => (countInFlight(), { processingMs: (8 - itemOf(task)) * 150 }) });
		const { items: output, error } = await swapMany(8, { maxConcurrentTasks: 8, ...FAST_POLLING });

		expect(error).toBeUndefined();
		const tasks = newTasks();
		const finishOrder = [...tasks].sort((a, b) => Number(a.endedAt) - Number(b.endedAt)).map(itemOf);
		expect(finishOrder).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(output.map((item) => item.pairedItem)).toEqual(Array.from({ length: 8 }, (_, item) => ({ item })));
		output.forEach((item, index) => {
			const task = tasks.find((candidate) => candidate.id === item.json.taskId);
			expect(task && itemOf(task)).toBe(index);
		});
	});

	it('lets PiAPI queue some over the account’s limit: every item completes, once, and no task is polled after it was seen final', async () => {
		sim.configure({ concurrency: 2, processingMs: 600 }); // the first two still run when the third is created
		const { items: output, error } = await swapMany(8, { maxConcurrentTasks: 8, ...FAST_POLLING });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.status)).toEqual(Array(8).fill('completed'));
		const tasks = newTasks();
		expect(tasks).toHaveLength(8);
		expect(maxInFlight).toBeGreaterThan(2); // some waited "staged"
		expect(new Set(tasks.map(itemOf)).size).toBe(8);
		for (const task of tasks) expect(task.pollsAfterFinal).toBe(1);
	});

	it('queues at PiAPI no more tasks than are running there (at least two), however many items may run at once', async () => {
		sim.configure({ concurrency: 1, processingMs: 600 });
		const { items: output, error } = await swapMany(6, { maxConcurrentTasks: 6, ...FAST_POLLING });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.status)).toEqual(Array(6).fill('completed'));
		expect(maxInFlight).toBe(3); // one running, two staged
	});

	it('rides out 429s on creations and polls without failing an item or creating a task twice', async () => {
		sim.injectFault({ route: 'create', kind: '429-retry-after', times: 3, retryAfterSeconds: 0.2 });
		sim.injectFault({ route: 'get', kind: '429', times: 3 });
		const { items: output, error } = await swapMany(5, { maxConcurrentTasks: 5, ...FAST_POLLING });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.status)).toEqual(Array(5).fill('completed'));
		expect(sim.counters().faultsInjected).toMatchObject({ '429-retry-after': 3, '429': 3 });
		expect(newTasks()).toHaveLength(5);
		expect(new Set(newTasks().map(itemOf)).size).toBe(5);
	});

	it('refuses a Max Concurrent Tasks that is not a whole number from 1 to 100, sending nothing', async () => {
		for (const maxConcurrentTasks of [0, 2.5, 101]) {
			const { error } = await swapMany(2, { maxConcurrentTasks });
			expect(error?.message).toMatch(/^Max Concurrent Tasks \(item 0\): must be/);
		}
		expect(sim.counters().requests).toBe(0);
	});

	it('refuses a Poll Interval Min above the Max, sending nothing', async () => {
		const { error } = await swapMany(1, { pollIntervalMin: 10, pollIntervalMax: 2 });
		expect(error?.message).toMatch(/^Poll Interval Min \(item 0\): \(10 s\) must not be more than Poll Interval Max \(2 s\)/);
		expect(sim.counters().requests).toBe(0);
	});
});

describe('stopping a run of many items', () => {
	it('creates nothing more once stopped, and cancels the tasks in flight that have not started', async () => {
		sim.configure({ pendingMs: 60_000 });
		const stop = new AbortController();
		const running = swapMany(6, { maxConcurrentTasks: 2 }, { signal: stop.signal, continueOnFail: true });
		await waitUntil(() => newTasks().length === 2, { what: 'two tasks to be created' });
		stop.abort();
		const { status } = await running;

		expect(status).toBe('canceled');
		expect(newTasks().map((task) => task.status)).toEqual(['cancelled', 'cancelled']);
		expect(sim.counters().tasksCreated).toBe(2);
	});
});
