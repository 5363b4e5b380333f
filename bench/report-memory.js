// @ts-check
// Section 4 of BENCHMARKS.md: memory, each run measured from its own process's baseline; target and misses.
const { megabytes, no, seconds, table, yes } = require('./stats');

/** @typedef {import('./scenarios').MemoryRun} MemoryRun */

/** Peak RSS growth over the baseline, for every run of the filesystem-mode URL scenario. */
const MEMORY_TARGET_BYTES = 100 * 1024 * 1024;

const LABELS = {
	fsUrl: 'URL results, filesystem mode',
	defaultUrl: 'URL results, default (in-memory) mode',
	fsBase64: 'base64 results, filesystem mode',
	fsVideo: 'MP4 video results, filesystem mode',
};

/** The row's label; video runs have sizes of their own. @param {MemoryRun} run */
const labelOf = (run) => (run.kind === 'fsVideo' ? `${LABELS.fsVideo}: ${run.items} × ${megabytes(run.resultBytes)} MB` : LABELS[run.kind]);
/** @param {MemoryRun} run */
const hasTarget = (run) => run.kind === 'fsUrl' || run.kind === 'fsVideo';
/** @param {MemoryRun} run */
const met = (run) => run.report.growthBytes <= MEMORY_TARGET_BYTES && run.report.failed === 0;

/** @param {MemoryRun[]} runs @param {import('./settings').Settings} settings */
function memorySection(runs, { memory }) {
	const targeted = runs.filter(hasTarget);
	const rows = runs.map((run) => [
		labelOf(run),
		run.binaryMode,
		`${megabytes(run.report.baselineRssBytes)} MB`,
		`${megabytes(run.report.peakRssBytes)} MB (${run.report.peakSource})`,
		`**${megabytes(run.report.growthBytes)} MB**`,
		`${megabytes(run.report.sampledPeakRssBytes - run.report.baselineRssBytes)} MB`,
		`${megabytes(run.report.storedBytes)} MB`,
		`${seconds(run.report.wallMs, 1)} s`,
		run.report.failed,
		hasTarget(run) ? (met(run) ? yes : no) : '(no target)',
	]);
	return [
		`## 5. Memory: ${memory.items} items with ${megabytes(memory.resultBytes)} MB results`,
		'',
		`Each run in a fresh process (\`child_process.fork\`), measured from that process's own baseline: one warm-up item (n8n-core, the engine and the package loaded, one result downloaded), a garbage collection, then the kernel's peak-RSS mark (VmHWM) reset to the current RSS through \`/proc/self/clear_refs\`; *baseline*: the RSS at that moment; *peak*: VmHWM after the run (or the highest sampled RSS where that is higher or /proc is missing); *growth*: peak − baseline. RSS is also sampled during the run (*sampled growth*). The simulator runs in the parent, so its copies of the results are not counted. Results are JPEGs padded to size by the simulator; the node's defaults. Target: growth ≤ ${megabytes(MEMORY_TARGET_BYTES)} MB in every run of the filesystem-mode URL scenarios (images, and Swap Faces in Video's MP4 results, padded to size by the simulator), run ${targeted.length} times here; met in **${targeted.filter(met).length} of ${targeted.length}**.`,
		'',
		table(['results', 'binary mode', 'baseline RSS', 'peak RSS', 'growth', 'sampled growth', 'stored', 'wall', 'failed', `target (≤ ${megabytes(MEMORY_TARGET_BYTES)} MB)`], rows),
		'',
	].join('\n');
}

/** @param {MemoryRun[]} runs */
function memoryMisses(runs) {
	/** @type {string[]} */
	const misses = [];
	runs.forEach((run) => {
		const where = `Memory, ${labelOf(run)}`;
		if (hasTarget(run) && run.report.growthBytes > MEMORY_TARGET_BYTES) {
			misses.push(`${where}: peak RSS grew ${megabytes(run.report.growthBytes)} MB over its baseline (target ≤ ${megabytes(MEMORY_TARGET_BYTES)} MB; the sampled RSS grew ${megabytes(run.report.sampledPeakRssBytes - run.report.baselineRssBytes)} MB).`);
		}
		if (run.report.failed) misses.push(`${where}: ${run.report.failed} items failed (${run.report.error ?? 'no error'}).`);
	});
	return misses;
}

module.exports = { memorySection, memoryMisses, MEMORY_TARGET_BYTES };
