// Prices in dollars: exact sums and comparisons (no float noise in what users read), and how figures are written.
import { balanceCovers, costOfTasks, formatUsd, IMAGE_FACE_SWAP_PRICE_USD } from '../../../nodes/shared/cost';

describe('the published price', () => {
	it('is $0.015 per multi face swap task', () => {
		expect(IMAGE_FACE_SWAP_PRICE_USD).toBe(0.015);
	});

	it('adds up without float noise', () => {
		expect(costOfTasks(0)).toBe(0);
		expect(costOfTasks(3)).toBe(0.045);
		expect(costOfTasks(7)).toBe(0.105);
		expect(costOfTasks(1000)).toBe(15);
	});

	it('is covered by a balance of exactly the cost, not by one a micro-dollar short', () => {
		expect(balanceCovers(0.045, 3)).toBe(true);
		expect(balanceCovers(0.044999, 3)).toBe(false);
		expect(balanceCovers(0, 0)).toBe(true);
		expect(balanceCovers(0, 1)).toBe(false);
	});
});

describe('formatUsd', () => {
	it.each([
		[0, '$0.00'],
		[10, '$10.00'],
		[0.5, '$0.50'],
		[0.015, '$0.015'],
		[0.1 + 0.2, '$0.30'],
		[15.045, '$15.045'],
	])('%p is written %s', (usd, text) => expect(formatUsd(usd)).toBe(text));
});
