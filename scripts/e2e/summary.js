// @ts-check
// How a run's timings are summarised in the e2e reports: median, 95th percentile, longest, and how many took over 10 s
// (PiAPI's patience with a callback is not published; 10 s is a common webhook sender's timeout).
const SLOW_MS = 10_000;

/** @param {number[]} values milliseconds */
function summary(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (/** @type {number} */ q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1], over10s: sorted.filter((ms) => ms > SLOW_MS).length };
}

module.exports = { summary };
