// @ts-check
// The video-memory section of BENCHMARKS.md (written by `npm run bench:video`, kept by `npm run bench`): peak RSS
// growth while video results stream into filesystem binary mode, against its target. Figures only from the run.
const { readFileSync, writeFileSync } = require('node:fs');
const { placeSection } = require('./sections');
const { megabytes, seconds, table, yes, no } = require('./stats');

/** Peak RSS growth over the baseline while the video results stream (issue's target). */
const VIDEO_MEMORY_TARGET_BYTES = 100 * 1024 * 1024;
const START = '<!-- video-memory:start -->';
const END = '<!-- video-memory:end -->';

/**
 * @typedef {object} VideoMemoryInput
 * @property {import('./video-memory').VideoMemorySettings} settings
 * @property {string} date ISO time of the run
 * @property {import('./scenarios').MemoryReport[]} runs
 */

/** @param {import('./scenarios').MemoryReport} run */
const met = (run) => run.growthBytes <= VIDEO_MEMORY_TARGET_BYTES && run.failed === 0;

/** @param {VideoMemoryInput} input @returns {string} the section, markers included */
function renderVideoMemory({ settings, date, runs }) {
	const rows = runs.map((run) => [
		`${megabytes(run.baselineRssBytes)} MB`,
		`${megabytes(run.peakRssBytes)} MB (${run.peakSource})`,
		`**${megabytes(run.growthBytes)} MB**`,
		`${megabytes(run.sampledPeakRssBytes - run.baselineRssBytes)} MB`,
		`${megabytes(run.storedBytes)} MB`,
		`${seconds(run.wallMs, 1)} s`,
		run.failed,
		met(run) ? yes : no,
	]);
	return [
		START,
		`## Video results: memory (${settings.items} results of ${megabytes(settings.resultBytes)} MB)`,
		'',
		`Written by \`npm run bench:video\` on ${date.slice(0, 16).replace('T', ' ')} UTC. Swap Faces in Video with the node's defaults, ${settings.items} items a run, filesystem binary mode (as the n8n CLI stores binaries); the simulator's result MP4s padded to size (a valid MP4 with a \`free\` box) and served from the parent process. Each run in a fresh process, measured as in the memory section above (warm-up item, garbage collection, peak mark reset, peak − baseline). Target: growth ≤ ${megabytes(VIDEO_MEMORY_TARGET_BYTES)} MB in every run; met in **${runs.filter(met).length} of ${runs.length}**.`,
		'',
		table(['baseline RSS', 'peak RSS', 'growth', 'sampled growth', 'stored', 'wall', 'failed', `target (≤ ${megabytes(VIDEO_MEMORY_TARGET_BYTES)} MB)`], rows),
		'',
		END,
		'',
	].join('\n');
}

/** @param {string} file @param {string} section */
function writeVideoMemorySection(file, section) {
	writeFileSync(file, placeSection(readFileSync(file, 'utf8'), 'video-memory', section));
}

module.exports = { renderVideoMemory, writeVideoMemorySection, VIDEO_MEMORY_TARGET_BYTES };
