import {
	DEFAULT_POLL_SCHEDULE,
	ProcessingClock,
	firstPollDelayMs,
	informedPollDelayMs,
	nextPollDelayMs,
	type PollSchedule,
} from '../../../../nodes/PiApiMultiFaceSwap/helpers/polling';
import type { TaskSnapshot } from '../../../../nodes/PiApiMultiFaceSwap/transport/flavours';
import { pollIntervalOptions } from '../../../../nodes/PiApiMultiFaceSwap/actions/throughput.options';

const schedule = (overrides: Partial<PollSchedule>): PollSchedule => ({ ...DEFAULT_POLL_SCHEDULE, ...overrides });

describe('the polling schedule', () => {
	it('waits the minimum right after processing started, then a fifth of the processing time more', () => {
		const { minIntervalMs } = DEFAULT_POLL_SCHEDULE;
		expect(nextPollDelayMs(0)).toBe(minIntervalMs);
		expect(nextPollDelayMs(5000)).toBe(minIntervalMs + 1000);
		expect(nextPollDelayMs(10_000)).toBe(minIntervalMs + 2000);
	});

	it('waits longer the longer the task has run, never longer than the maximum', () => {
		const delays = [0, 2000, 5000, 10_000, 60_000, 3_600_000].map((elapsed) => nextPollDelayMs(elapsed));
		for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
		expect(delays.at(-1)).toBe(DEFAULT_POLL_SCHEDULE.maxIntervalMs);
	});

	it('keeps the average delay in seeing a finished task within a tenth of its processing time plus 0.3 s', () => {
		// Seen on average half a wait after it finished.
		for (const taskMs of [2000, 10_000, 20_000]) {
			expect(nextPollDelayMs(taskMs) / 2).toBeLessThanOrEqual(0.1 * taskMs + 300);
		}
	});

	it('follows custom bounds, and a minimum above the maximum still respects the minimum', () => {
		const custom = schedule({ minIntervalMs: 200, maxIntervalMs: 500, growth: 0.5 });
		expect(nextPollDelayMs(0, custom)).toBe(200);
		expect(nextPollDelayMs(400, custom)).toBe(400);
		expect(nextPollDelayMs(5000, custom)).toBe(500);
		expect(nextPollDelayMs(5000, schedule({ minIntervalMs: 3000, maxIntervalMs: 1000 }))).toBe(3000);
	});

	it('treats a negative elapsed time (a clock step) as zero', () => {
		expect(nextPollDelayMs(-10_000)).toBe(DEFAULT_POLL_SCHEDULE.minIntervalMs);
	});

	it('has the defaults that the Poll Interval options show', () => {
		expect(pollIntervalOptions.map((option) => Number(option.default) * 1000)).toEqual([
			DEFAULT_POLL_SCHEDULE.minIntervalMs,
			DEFAULT_POLL_SCHEDULE.maxIntervalMs,
		]);
	});

	it('polls the first time 2 s after creation, within the bounds', () => {
		expect(firstPollDelayMs()).toBe(2000);
		expect(firstPollDelayMs(schedule({ minIntervalMs: 4000, maxIntervalMs: 8000 }))).toBe(4000);
		expect(firstPollDelayMs(schedule({ minIntervalMs: 200, maxIntervalMs: 1000 }))).toBe(1000);
	});
});

describe('polls informed by the execution’s completed tasks', () => {
	const peers = [1600, 1800, 2000, 2200, 2400];

	it('follows the plain schedule with fewer than three completed tasks, or for a task slower than all of them', () => {
		expect(informedPollDelayMs(1000, [1600, 2400])).toBe(nextPollDelayMs(1000));
		expect(informedPollDelayMs(2500, peers)).toBe(nextPollDelayMs(2500));
	});

	it('polls next when the quickest completed task had finished, not sooner', () => {
		expect(informedPollDelayMs(300, peers)).toBe(1300);
		expect(informedPollDelayMs(1500, peers)).toBe(DEFAULT_POLL_SCHEDULE.minIntervalMs);
		expect(informedPollDelayMs(0, [30_000, 40_000, 50_000])).toBe(DEFAULT_POLL_SCHEDULE.maxIntervalMs);
	});

	it('polls closer while the task is due (a third of the peers’ span, at least the minimum wait)', () => {
		expect(informedPollDelayMs(1700, peers)).toBe(DEFAULT_POLL_SCHEDULE.minIntervalMs);
		const long = [36_000, 45_000, 54_000];
		expect(informedPollDelayMs(40_000, long)).toBe(Math.min(nextPollDelayMs(40_000), 6000));
		expect(informedPollDelayMs(40_000, long)).toBeLessThanOrEqual(nextPollDelayMs(40_000));
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
