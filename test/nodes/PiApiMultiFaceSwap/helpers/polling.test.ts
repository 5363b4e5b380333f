// How often and when the node polls a task: the schedule's promises, checked by walking it and by counting real polls.
import {
	DEFAULT_POLL_SCHEDULE,
	ProcessingClock,
	VIDEO_POLL_SCHEDULE,
	firstPollDelayMs,
	informedPollDelayMs,
	AWAITED_POLL_SHARE,
	nextPollDelayMs,
	type PollSchedule,
} from '../../../../nodes/PiApiMultiFaceSwap/helpers/polling';
import type { TaskSnapshot } from '../../../../nodes/shared/transport/flavours';
import { pollIntervalOptions, videoPollIntervalOptions } from '../../../../nodes/PiApiMultiFaceSwap/actions/throughput.options';
import { runNode } from '../../../harness';
import { credentialsFor, swapParameters, useFastSimulator, withSettings } from '../simulated';

const schedule = (overrides: Partial<PollSchedule>): PollSchedule => ({ ...DEFAULT_POLL_SCHEDULE, ...overrides });
const SECOND = 1000;

/**
 * When a single task is polled (ms after its creation) and when the poll that sees it finished comes, walking the
 * schedule as a task does: first poll, then each wait counted from the start of processing (after `pendingMs`).
 */
function pollsOf(taskMs: number, pendingMs: number, plan: PollSchedule = DEFAULT_POLL_SCHEDULE) {
	const finishedAt = pendingMs + taskMs;
	const polls = [firstPollDelayMs(plan)];
	while (polls[polls.length - 1] < finishedAt) {
		const at = polls[polls.length - 1];
		polls.push(at + nextPollDelayMs(at - Math.min(at, pendingMs), plan));
	}
	return { polls, seenAfterMs: polls[polls.length - 1] - finishedAt };
}

describe('the polling schedule', () => {
	// What polling.ts promises for one task of T seconds of processing (±20 %, after 0.05 to 1 s of waiting): on
	// average seen finished within 0.1 × T + 0.5 s, with at most T / 2 + 3 polls, T counted from the creation.
	it.each([1.5, 3, 10, 30, 60])('polls a task of %s s at most T / 2 + 3 times and sees it finished on average within 0.1 × T + 0.5 s', (seconds) => {
		const runs = [0.8, 0.9, 1, 1.1, 1.2].flatMap((factor) =>
			[50, 300, 1000].map((pendingMs) => ({
				// What the user waits for: from the creation to the end.
				taskSeconds: (pendingMs + seconds * SECOND * factor) / SECOND,
				...pollsOf(seconds * SECOND * factor, pendingMs),
			})),
		);
		for (const { polls, taskSeconds } of runs) expect(polls.length).toBeLessThanOrEqual(taskSeconds / 2 + 3);
		const meanDelay = runs.reduce((sum, run) => sum + run.seenAfterMs, 0) / runs.length;
		expect(meanDelay).toBeLessThanOrEqual(0.1 * seconds * SECOND + 500);
	});

	it('never polls a task before 2 s after its creation', () => {
		for (const taskMs of [10, 500, 1999]) expect(pollsOf(taskMs, 0).polls).toEqual([2000]);
	});

	it('keeps every wait within the minimum and the maximum, the defaults and the Poll Interval options alike', () => {
		const plans = [DEFAULT_POLL_SCHEDULE, schedule({ minIntervalMs: 200, maxIntervalMs: 500, growth: 0.5 })];
		for (const plan of plans) {
			for (const elapsed of [-10_000, 0, 400, 2000, 5000, 60_000, 3_600_000]) {
				const wait = nextPollDelayMs(elapsed, plan);
				expect(wait).toBeGreaterThanOrEqual(plan.minIntervalMs);
				expect(wait).toBeLessThanOrEqual(plan.maxIntervalMs);
			}
			const first = firstPollDelayMs(plan);
			expect(first).toBeGreaterThanOrEqual(plan.minIntervalMs);
			expect(first).toBeLessThanOrEqual(plan.maxIntervalMs);
		}
		// A minimum above the maximum: the minimum wins, so PiAPI is never polled faster than asked.
		expect(nextPollDelayMs(5000, schedule({ minIntervalMs: 3000, maxIntervalMs: 1000 }))).toBe(3000);
	});

	it('waits longer (never shorter) the longer a task runs, up to the maximum', () => {
		const waits = [0, 1000, 2000, 5000, 10_000, 20_000, 60_000, 3_600_000].map((elapsed) => nextPollDelayMs(elapsed));
		for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]);
		expect(waits[0]).toBeLessThan(waits[waits.length - 1]);
		expect(waits[waits.length - 1]).toBe(DEFAULT_POLL_SCHEDULE.maxIntervalMs);
	});

	it('has the defaults that the Poll Interval options show', () => {
		expect(pollIntervalOptions.map((option) => Number(option.default) * 1000)).toEqual([
			DEFAULT_POLL_SCHEDULE.minIntervalMs,
			DEFAULT_POLL_SCHEDULE.maxIntervalMs,
		]);
	});
});

describe('the video polling schedule (Swap Faces in Video)', () => {
	// What polling.ts promises for a video task of T seconds (±20 %, after 1 to 30 s of waiting): on average seen
	// finished within 0.1 × T + 5 s, never more than 30 s late, with at most T / 30 + 12 polls.
	it.each([20, 60, 180, 600, 1800])('polls a task of %s s at most T / 30 + 12 times, sees it within 0.1 × T + 5 s on average and 30 s at most', (seconds) => {
		const runs = [0.8, 0.9, 1, 1.1, 1.2].flatMap((factor) =>
			[1000, 5000, 30_000].map((pendingMs) => ({
				taskSeconds: (pendingMs + seconds * SECOND * factor) / SECOND,
				...pollsOf(seconds * SECOND * factor, pendingMs, VIDEO_POLL_SCHEDULE),
			})),
		);
		for (const { polls, taskSeconds, seenAfterMs } of runs) {
			expect(polls.length).toBeLessThanOrEqual(taskSeconds / 30 + 12);
			expect(seenAfterMs).toBeLessThanOrEqual(30 * SECOND);
		}
		const meanDelay = runs.reduce((sum, run) => sum + run.seenAfterMs, 0) / runs.length;
		expect(meanDelay).toBeLessThanOrEqual(0.1 * seconds * SECOND + 5 * SECOND);
	});

	it('polls a long task at most a fifth as often as the image schedule', () => {
		const hour = 3600 * SECOND;
		expect(pollsOf(hour, 0, VIDEO_POLL_SCHEDULE).polls.length * 5).toBeLessThanOrEqual(pollsOf(hour, 0).polls.length);
	});

	it('has the defaults that its Poll Interval options show', () => {
		expect(videoPollIntervalOptions.map((option) => Number(option.default) * 1000)).toEqual([
			VIDEO_POLL_SCHEDULE.minIntervalMs,
			VIDEO_POLL_SCHEDULE.maxIntervalMs,
		]);
	});
});

describe('a task polled by the node, counted by the simulator', () => {
	const simulated = useFastSimulator();

	it.each([1, 4])('a task of %s s: polls in time order, at least the minimum wait apart, at most T / 2 + 3, none after it finished', async (seconds) => {
		const { sim } = simulated;
		await withSettings(sim, { pendingMs: 100, processingMs: seconds * SECOND }, async () => {
			const { items, error } = await runNode({ parameters: swapParameters(sim), credentials: credentialsFor(sim) });
			expect(error).toBeUndefined();
			const task = sim.task(items[0].json.taskId as string);
			const polledAt = sim
				.requestLog()
				.filter((entry) => entry.method === 'GET' && entry.path === `/api/v1/task/${task?.id}`)
				.map((entry) => entry.at);
			expect(polledAt).toHaveLength(task?.polls ?? -1);
			expect(polledAt.length).toBeLessThanOrEqual(seconds / 2 + 3);
			expect(task?.pollsAfterFinal).toBe(1);
			expect(polledAt[0] - (task?.createdAt ?? 0)).toBeGreaterThanOrEqual(2000);
			for (let i = 1; i < polledAt.length; i++) {
				expect(polledAt[i] - polledAt[i - 1]).toBeGreaterThanOrEqual(DEFAULT_POLL_SCHEDULE.minIntervalMs - 10);
			}
		});
	}, 30_000);
});

describe('polls informed by the execution’s completed tasks', () => {
	const peers = [1600, 1800, 2000, 2200, 2400];
	const nextPollAt = (elapsed: number, peersMs: number[]) => elapsed + informedPollDelayMs(elapsed, peersMs);

	it('follows the plain schedule with fewer than three completed tasks, or for a task slower than all of them by their span', () => {
		expect(informedPollDelayMs(1000, [1600, 2400])).toBe(nextPollDelayMs(1000));
		expect(informedPollDelayMs(3200, peers)).toBe(nextPollDelayMs(3200));
		expect(informedPollDelayMs(2000, [2000, 2000, 2000])).toBe(DEFAULT_POLL_SCHEDULE.minIntervalMs); // no span: the minimum wait
		expect(informedPollDelayMs(2600, [2000, 2000, 2000])).toBe(nextPollDelayMs(2600));
	});

	it('polls next when the quickest completed task had finished, not sooner (within the bounds)', () => {
		expect(nextPollAt(300, peers)).toBe(1600);
		expect(nextPollAt(900, peers)).toBe(1600);
		expect(informedPollDelayMs(1500, peers)).toBe(DEFAULT_POLL_SCHEDULE.minIntervalMs);
		expect(informedPollDelayMs(0, [30_000, 40_000, 50_000])).toBe(DEFAULT_POLL_SCHEDULE.maxIntervalMs);
	});

	it('while the task is due (between the quickest and the slowest peer), polls at least three times in that span', () => {
		const long = [36_000, 45_000, 54_000];
		for (let elapsed = 36_000; elapsed < 54_000; elapsed = nextPollAt(elapsed, long)) {
			const wait = informedPollDelayMs(elapsed, long);
			expect(wait).toBeLessThanOrEqual((54_000 - 36_000) / 3);
			expect(wait).toBeLessThanOrEqual(nextPollDelayMs(elapsed));
			expect(wait).toBeGreaterThanOrEqual(DEFAULT_POLL_SCHEDULE.minIntervalMs);
		}
	});

	it('keeps a task just slower than every peer due for as long again: it is likely the one the execution waits for', () => {
		for (const elapsed of [2400, 2800, 3199]) {
			expect(informedPollDelayMs(elapsed, peers)).toBe(DEFAULT_POLL_SCHEDULE.minIntervalMs);
			expect(informedPollDelayMs(elapsed, peers)).toBeLessThan(nextPollDelayMs(elapsed));
		}
	});
});

describe('polls while the execution waits on its tasks’ ends (a creation PiAPI refused with 429, or its last few tasks)', () => {
	const peers = [1600, 1800, 2000, 2200, 2400];

	it('polls a due task closer than the minimum wait, by a share of it: its end frees a slot or ends the execution', () => {
		const closer = Math.round(DEFAULT_POLL_SCHEDULE.minIntervalMs * AWAITED_POLL_SHARE);
		expect(closer).toBeLessThan(DEFAULT_POLL_SCHEDULE.minIntervalMs);
		for (const elapsed of [1600, 2000, 2399, 3199]) expect(informedPollDelayMs(elapsed, peers, DEFAULT_POLL_SCHEDULE, true)).toBe(closer);
		const slower = { ...DEFAULT_POLL_SCHEDULE, minIntervalMs: 3000 }; // Poll Interval Min raised: still fewer polls
		expect(informedPollDelayMs(2000, peers, slower, true)).toBe(1000);
	});

	it('polls as without it before the task is due, after it stopped being due, and with too few peers', () => {
		for (const [elapsed, peersMs] of [[900, peers], [3200, peers], [2000, [1600, 2400]]] as const) {
			expect(informedPollDelayMs(elapsed, peersMs, DEFAULT_POLL_SCHEDULE, true)).toBe(informedPollDelayMs(elapsed, peersMs));
		}
	});
});

describe('the processing clock', () => {
	const snapshot = (status: string, times: Partial<Pick<TaskSnapshot, 'createdAt' | 'startedAt'>> = {}): TaskSnapshot => ({
		api: 'unified',
		taskId: 't',
		status,
		...times,
	});
	// PiAPI's clock runs an hour and a bit off ours: only differences between its own times are used.
	const serverCreated = '2030-01-01T10:00:00.000Z';
	const LOCAL_CREATED = 1_000_000;

	it('counts from the creation while the task waits', () => {
		const clock = new ProcessingClock(snapshot('pending', { createdAt: serverCreated }), LOCAL_CREATED);
		clock.observe(snapshot('staged', { createdAt: serverCreated }), LOCAL_CREATED + 4000);
		expect(clock.processingStartedAt).toBeUndefined();
		expect(clock.elapsedMs(LOCAL_CREATED + 5000)).toBe(5000);
	});

	it('places the start by PiAPI’s own times, whatever its clock says', () => {
		const clock = new ProcessingClock(snapshot('pending', { createdAt: serverCreated }), LOCAL_CREATED);
		clock.observe(snapshot('staged'), LOCAL_CREATED + 1000);
		clock.observe(snapshot('processing', { createdAt: serverCreated, startedAt: '2030-01-01T10:00:07.250Z' }), LOCAL_CREATED + 9000);
		expect(clock.processingStartedAt).toBe(LOCAL_CREATED + 7250);
		expect(clock.elapsedMs(LOCAL_CREATED + 9000)).toBe(1750);
	});

	it('never places the start before a poll that saw the task waiting, nor after the poll that saw it started', () => {
		const early = new ProcessingClock(snapshot('pending', { createdAt: serverCreated }), LOCAL_CREATED);
		early.observe(snapshot('staged'), LOCAL_CREATED + 8000);
		early.observe(snapshot('processing', { startedAt: '2030-01-01T10:00:02.000Z' }), LOCAL_CREATED + 9000);
		expect(early.processingStartedAt).toBe(LOCAL_CREATED + 8000);

		const late = new ProcessingClock(snapshot('pending', { createdAt: serverCreated }), LOCAL_CREATED);
		late.observe(snapshot('processing', { startedAt: '2030-01-01T10:00:30.000Z' }), LOCAL_CREATED + 9000);
		expect(late.processingStartedAt).toBe(LOCAL_CREATED + 9000);
	});

	it('without PiAPI’s times, takes the middle between the last poll that saw it waiting and the first that saw it started', () => {
		const clock = new ProcessingClock(snapshot('pending'), LOCAL_CREATED);
		clock.observe(snapshot('pending'), LOCAL_CREATED + 2000);
		clock.observe(snapshot('processing'), LOCAL_CREATED + 4000);
		expect(clock.processingStartedAt).toBe(LOCAL_CREATED + 3000);
		clock.observe(snapshot('processing'), LOCAL_CREATED + 6000);
		expect(clock.processingStartedAt).toBe(LOCAL_CREATED + 3000);
	});

	it('knows the start at once when the creation already reports processing', () => {
		const clock = new ProcessingClock(snapshot('processing'), LOCAL_CREATED);
		expect(clock.processingStartedAt).toBe(LOCAL_CREATED);
	});
});
