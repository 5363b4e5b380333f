// @ts-check
// `npm run bench:video`: n8n's memory while video results stream into filesystem binary mode. Each run in a fresh
// process (memory-child.js, measured from its own baseline), the simulator here; `repeats` runs of `items` Swap Faces
// in Video items whose results are MP4s padded to `resultBytes`. Writes its section of BENCHMARKS.md (between
// `<!-- video-memory:start -->` and `<!-- video-memory:end -->`; `npm run bench` keeps it as it is) and saves the
// measurements to out/bench-video.json. `--report-only` renders the section again from that file.
require('./env');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { startSimulator } = require('../simulator');
const { runChild } = require('./children');
const { log } = require('./scenarios');
const { renderVideoMemory, writeVideoMemorySection } = require('./report-video');

const ROOT = path.resolve(__dirname, '..');
const RESULTS_FILE = path.join(ROOT, 'out', 'bench-video.json');
const BENCHMARKS_FILE = path.join(ROOT, 'BENCHMARKS.md');

/** @typedef {{ items: number, resultBytes: number, repeats: number, msPerFrame: number }} VideoMemorySettings */
/** @type {VideoMemorySettings} */
const SETTINGS = { items: 10, resultBytes: 50 * 1024 * 1024, repeats: 3, msPerFrame: 20 };

/** Swap Faces in Video with the node's defaults, the target video and the face by URL, the result as binary. @param {string} url */
const videoParameters = (url) => ({
	operation: 'swapVideoFaces',
	targetVideoSource: 'url',
	targetVideoUrl: `${url}/samples/target.mp4`,
	swapImageSource: 'url',
	swapImageUrl: `${url}/samples/swap.png`,
	waitForCompletion: true,
	output: 'binary',
});

async function measure() {
	const sim = await startSimulator({ pendingMs: 200, videoMsPerFrame: SETTINGS.msPerFrame, videoResultBytes: SETTINGS.resultBytes });
	/** @type {import('./scenarios').MemoryReport[]} */
	const runs = [];
	try {
		for (let run = 0; run < SETTINGS.repeats; run++) {
			const job = { url: sim.url, apiKey: String(sim.apiKey), items: SETTINGS.items, binaryMode: 'filesystem', parameters: videoParameters(sim.url) };
			/** @type {import('./scenarios').MemoryReport} */
			const report = await runChild('memory-child.js', { args: [JSON.stringify(job)], execArgv: ['--expose-gc'] });
			runs.push(report);
			log(`video memory run ${run + 1}: growth ${(report.growthBytes / 1048576).toFixed(1)} MB, ${report.failed} failed`);
		}
	} finally {
		await sim.stop();
	}
	return { settings: SETTINGS, date: new Date().toISOString(), runs };
}

async function main() {
	const input = process.argv.includes('--report-only') ? JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) : await measure();
	mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
	writeFileSync(RESULTS_FILE, JSON.stringify(input, null, '\t'));
	writeVideoMemorySection(BENCHMARKS_FILE, renderVideoMemory(input));
	log(`written to ${path.relative(ROOT, BENCHMARKS_FILE)} (video memory section)`);
	const { harness } = require('./node-runs');
	await harness.shutdown();
}

main().catch((error) => {
	console.error(error instanceof Error ? error.stack : error);
	process.exitCode = 1;
});
