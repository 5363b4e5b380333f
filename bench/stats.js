// @ts-check
// Small statistics and formatting helpers.

/** @param {number[]} values */
const sum = (values) => values.reduce((total, value) => total + value, 0);

/** @param {number[]} values */
const mean = (values) => (values.length ? sum(values) / values.length : NaN);

/** @param {number[]} values */
function median(values) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p95 of 20 values: the 19th smallest). @param {number[]} values @param {number} p 0–100 */
function percentile(values, p) {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** @param {number[]} values */
const max = (values) => (values.length ? Math.max(...values) : NaN);

/** @param {number[]} values */
const min = (values) => (values.length ? Math.min(...values) : NaN);

/** Seconds with `digits` decimals, from ms. @param {number} ms @param {number} [digits] */
const seconds = (ms, digits = 2) => (Number.isFinite(ms) ? (ms / 1000).toFixed(digits) : '–');

/** @param {number} value @param {number} [digits] */
const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** @param {number} bytes */
const megabytes = (bytes) => (Number.isFinite(bytes) ? (bytes / 1024 / 1024).toFixed(1) : '–');

/** A Markdown table. @param {string[]} header @param {(string | number)[][]} rows */
function table(header, rows) {
	const line = (/** @type {(string | number)[]} */ cells) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Target met / missed marks. */
const yes = '✅';
const no = '❌';

module.exports = { sum, mean, median, percentile, max, min, seconds, fixed, megabytes, table, yes, no };
