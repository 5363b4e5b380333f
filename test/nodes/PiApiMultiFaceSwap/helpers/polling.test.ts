import { DEFAULT_POLL_SCHEDULE, nextPollDelayMs } from '../../../../nodes/PiApiMultiFaceSwap/helpers/polling';

describe('the polling schedule', () => {
	it('polls at the minimum interval while the task is young', () => {
		expect(nextPollDelayMs(0)).toBe(DEFAULT_POLL_SCHEDULE.minIntervalMs);
		expect(nextPollDelayMs(2000)).toBe(DEFAULT_POLL_SCHEDULE.minIntervalMs);
	});

	it('waits longer the longer the task has run', () => {
		const delays = [5000, 10_000, 20_000].map((elapsed) => nextPollDelayMs(elapsed));
		expect(delays[0]).toBeLessThan(delays[1]);
		expect(delays[1]).toBeLessThan(delays[2]);
	});

	it('never waits longer than the maximum interval', () => {
		expect(nextPollDelayMs(10 * 60_000)).toBe(DEFAULT_POLL_SCHEDULE.maxIntervalMs);
	});

	it('follows a custom schedule', () => {
		const schedule = { minIntervalMs: 200, maxIntervalMs: 500, growth: 0.5 };
		expect(nextPollDelayMs(0, schedule)).toBe(200);
		expect(nextPollDelayMs(800, schedule)).toBe(400);
		expect(nextPollDelayMs(5000, schedule)).toBe(500);
	});
});
