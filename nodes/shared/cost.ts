/**
 * PiAPI's published price of one multi face swap task (image), in US dollars: $0.015 per use, from the price on
 * PiAPI's "Multi-face-swap" API page (piapi.ai/docs). Video face swap is billed by the frame at a rate PiAPI has not
 * confirmed: the node gives no video price (its output gives the frames instead).
 * PiAPI's task JSON reports usage in points (meta.usage.consume); PiAPI publishes no rate from points to dollars,
 * so the node does not convert points and every dollar figure it gives is this price times a number of tasks.
 */
export const IMAGE_FACE_SWAP_PRICE_USD = 0.015;

/** Dollars as whole micro-dollars, so that sums and comparisons of prices are exact. */
const MICRO = 1_000_000;
const micros = (usd: number) => Math.round(usd * MICRO);

/** The price of `tasks` face swaps at the published price, without float noise (3 × 0.015 is 0.045). */
export function costOfTasks(tasks: number): number {
	return (tasks * micros(IMAGE_FACE_SWAP_PRICE_USD)) / MICRO;
}

/** Whether a balance in dollars pays for `tasks` face swaps at the published price. */
export function balanceCovers(balanceUsd: number, tasks: number): boolean {
	return micros(balanceUsd) >= tasks * micros(IMAGE_FACE_SWAP_PRICE_USD);
}

/** "$0.045": dollars as users read them, with as many decimals as the figure needs (at least two). */
export function formatUsd(usd: number): string {
	const text = String(Math.round(usd * MICRO) / MICRO);
	const [whole, decimals = ''] = text.split('.');
	return `$${whole}.${decimals.padEnd(2, '0')}`;
}
