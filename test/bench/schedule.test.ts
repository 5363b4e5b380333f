// The batch's denominators: the shortest schedule the account allows, and the first-come-first-served one.
import { fifoScheduleMs, idealMs } from '../../bench/schedule';

describe('batch schedules', () => {
	it('ideal: the longer of the longest task and the tasks shared evenly over the slots', () => {
		expect(idealMs([3, 3, 2, 2, 2], 2)).toBe(6);
		expect(idealMs([9, 1, 1], 2)).toBe(9);
		expect(idealMs([4, 5], Infinity)).toBe(5);
		expect(idealMs([], 2)).toBeNaN();
	});

	it('FIFO: each task in order into the slot that frees first', () => {
		expect(fifoScheduleMs([3, 3, 2, 2, 2], 2)).toBe(7); // the ideal, 6, needs 3+3 | 2+2+2
		expect(fifoScheduleMs([1, 1, 1, 5], 3)).toBe(6);
		expect(fifoScheduleMs([4, 5], Infinity)).toBe(5);
	});
});
