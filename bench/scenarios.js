// @ts-check
// The node's side of each scenario (run in this process, in n8n's engine), the reference jobs (run in a child),
// the memory runs (one fresh child each) and the package footprint.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { startSimulator } = require('../simulator');
const { runChild } = require('./children');
const { latencyRun } = require('./jobs');
const { REFERENCES } = require('./references');
const { duplicateCreations, simFacts } = require('./sim-facts');
const { runSwapNode, warmUp } = require('./node-runs');
const { megabytes, seconds } = require('./stats');

/** @typedef {import('./settings').Settings} Settings */
/** @typedef {import('./jobs').Job} Job */

const ROOT = path.resolve(__dirname, '..');

/** @param {string} text */
const log = (text) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);

/** The reference jobs of both timed scenarios, to run all at once in a child. @param {Settings} settings @returns {Job[]} */
function referenceJobs(settings) {
	/** @type {Job[]} */
	const jobs = [];
	const { batch, latency, pendingMs } = settings;
	for (const strategy of Object.keys(REFERENCES)) {
		for (const { key: staging, stagingLimit } of batch.stagingModes) {
			for (const seed of batch.seeds) {
				const id = batchJobId(strategy, staging, seed);
				jobs.push({ id, kind: 'batch', strategy, seed, pendingMs, stagingLimit, ...pick(batch) });
			}
		}
		latency.lanes.forEach((lane, index) => {
			jobs.push({
				id: `latency:${strategy}:${lane.taskMs}`,
				kind: 'latency',
				strategy,
				seed: index + 1,
				taskMs: lane.taskMs,
				runs: lane.runs,
				jitter: latency.jitter,
				pendingMs,
			});
		});
	}
	return jobs;
}

/** @param {string} strategy @param {string} staging @param {number} seed */
const batchJobId = (strategy, staging, seed) => `batch:${strategy}:${staging}:${seed}`;

/** @param {Settings['batch']} batch */
const pick = ({ items, taskMs, jitter, concurrency }) => ({ items, taskMs, jitter, concurrency });

/**
 * @typedef {object} NodeBatchRun
 * @property {string} variant key of the node variant (settings.batch.nodeVariants)
 * @property {string} staging key of the staging mode (settings.batch.stagingModes)
 * @property {number} seed
 * @property {number} wallMs
 * @property {number} startDelayMs engine start → first task created
 * @property {number} tailMs last task finished → node finished
 * @property {number} failed
 * @property {number} duplicates
 * @property {string | undefined} error
 * @property {import('./sim-facts').SimFacts} facts
 */

/** @param {Settings} settings @returns {Promise<NodeBatchRun[]>} */
async function nodeBatch(settings) {
	const { batch } = settings;
	/** @type {NodeBatchRun[]} */
	const runs = [];
	for (const seed of batch.seeds) {
		for (const { key: staging, stagingLimit } of batch.stagingModes) {
			for (const variant of batch.nodeVariants) {
				runs.push(await nodeBatchRun(settings, { seed, staging, stagingLimit, variant }));
			}
		}
	}
	return runs;
}

/**
 * @param {Settings} settings
 * @param {{ seed: number, staging: string, stagingLimit: number | null, variant: import('./settings').NodeVariant }} run
 * @returns {Promise<NodeBatchRun>}
 */
async function nodeBatchRun({ batch, pendingMs }, { seed, staging, stagingLimit, variant }) {
	const sim = await startSimulator({
		pendingMs,
		processingMs: batch.taskMs,
		jitter: batch.jitter,
		seed,
		concurrency: batch.concurrency,
		stagingLimit: stagingLimit ?? Infinity,
	});
	try {
		const run = await runSwapNode(sim, { items: batch.items, options: variant.options });
		const facts = simFacts(sim);
		log(`batch seed ${seed}, staging ${staging}, ${variant.key}: ${seconds(run.finishedAt - run.startedAt)} s, ideal ${seconds(facts.idealMs)} s`);
		return {
			variant: variant.key,
			staging,
			seed,
			wallMs: run.finishedAt - run.startedAt,
			startDelayMs: facts.firstCreatedAt - run.startedAt,
			tailMs: run.finishedAt - facts.lastEndedAt,
			failed: run.failed,
			duplicates: duplicateCreations(sim, run.taskIds),
			error: run.error,
			facts,
		};
	} finally {
		await sim.stop();
	}
}

/**
 * The latency lanes, all at once (each a single task at a time, so they barely share the CPU).
 * @param {Settings} settings
 * @returns {Promise<{ taskMs: number, runs: import('./jobs').LatencyRun[] }[]>}
 */
async function nodeLatency(settings) {
	const { latency, pendingMs } = settings;
	return await Promise.all(
		latency.lanes.map(async (lane, index) => {
			const sim = await startSimulator({ pendingMs, processingMs: lane.taskMs, jitter: latency.jitter, seed: index + 1 });
			try {
				/** @type {import('./jobs').LatencyRun[]} */
				const runs = [];
				for (let run = 0; run < lane.runs; run++) {
					const result = await runSwapNode(sim, { items: 1 });
					runs.push(latencyRun(sim.task(String(result.taskIds[0])), result.finishedAt, result.failed === 0));
				}
				log(`latency ${lane.taskMs / 1000} s: done`);
				return { taskMs: lane.taskMs, runs };
			} finally {
				await sim.stop();
			}
		}),
	);
}

/**
 * @typedef {object} MemoryReport what memory-child.js measured in its own process
 * @property {number} baselineRssBytes RSS after the warm-up item and a garbage collection, when the peak was reset
 * @property {number} peakRssBytes peak RSS during the run (VmHWM since the reset; the sampled peak if higher)
 * @property {number} sampledPeakRssBytes highest RSS sampled during the run
 * @property {'VmHWM' | 'sampled'} peakSource
 * @property {number} growthBytes peak − baseline
 * @property {number} wallMs
 * @property {number} failed
 * @property {number} storedBytes
 * @property {string} [error]
 */

/**
 * @typedef {object} MemoryRun
 * @property {'fsUrl' | 'defaultUrl' | 'fsBase64' | 'fsVideo'} kind fsUrl: filesystem mode, URL results (with a target);
 *   fsVideo: the same with Swap Faces in Video's MP4 results (with the same target)
 * @property {number} items
 * @property {number} resultBytes
 * @property {'default' | 'filesystem'} binaryMode
 * @property {'image_url' | 'image_base64'} resultShape
 * @property {MemoryReport} report
 */

/**
 * The target scenario `repeats` times, then one run of each other; each run in a fresh child. The simulator (holding
 * every result) stays here. @param {Settings} settings @returns {Promise<MemoryRun[]>}
 */
async function memoryScenario(settings) {
	const { memory, pendingMs } = settings;
	// A video task processes its frames (the simulator's target.mp4) for about as long as an image task.
	const videoMsPerFrame = Math.max(1, Math.round(memory.taskMs / 48));
	const { video } = memory;
	const sim = await startSimulator({ pendingMs, processingMs: memory.taskMs, resultBytes: memory.resultBytes, videoMsPerFrame, videoResultBytes: video.resultBytes });
	/** @type {Omit<MemoryRun, 'report'>[]} */
	const plans = [
		...Array.from({ length: memory.repeats }, () => ({ kind: /** @type {const} */ ('fsUrl'), binaryMode: /** @type {const} */ ('filesystem'), resultShape: /** @type {const} */ ('image_url'), items: memory.items, resultBytes: memory.resultBytes })),
		{ kind: 'defaultUrl', binaryMode: 'default', resultShape: 'image_url', items: memory.items, resultBytes: memory.resultBytes },
		{ kind: 'fsBase64', binaryMode: 'filesystem', resultShape: 'image_base64', items: memory.items, resultBytes: memory.resultBytes },
		...Array.from({ length: video.repeats }, () => ({ kind: /** @type {const} */ ('fsVideo'), binaryMode: /** @type {const} */ ('filesystem'), resultShape: /** @type {const} */ ('image_url'), items: video.items, resultBytes: video.resultBytes })),
	];
	/** @type {MemoryRun[]} */
	const runs = [];
	try {
		for (const plan of plans) {
			sim.configure({ outputShape: plan.resultShape });
			const operation = plan.kind === 'fsVideo' ? 'swapVideoFaces' : 'swapFaces';
			const job = { url: sim.url, apiKey: String(sim.apiKey), items: plan.items, binaryMode: plan.binaryMode, operation };
			/** @type {MemoryReport} */
			const report = await runChild('memory-child.js', { args: [JSON.stringify(job)], execArgv: ['--expose-gc'] });
			runs.push({ ...plan, report });
			log(`memory ${plan.kind}: growth ${megabytes(report.growthBytes)} MB (peak ${megabytes(report.peakRssBytes)} MB from ${megabytes(report.baselineRssBytes)} MB)`);
		}
	} finally {
		await sim.stop();
	}
	return runs;
}

/**
 * @typedef {object} Footprint
 * @property {{ size: number, unpackedSize: number, entryCount: number, filename: string }} pack
 * @property {{ requireCoreMs: number, loadMs: number, nodes: number, credentials: number }[]} loads
 */

/** @param {Settings} settings @returns {Promise<Footprint>} */
async function footprint(settings) {
	const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
	const { size, unpackedSize, entryCount, filename } = packed[0];
	/** @type {Footprint['loads']} */
	const loads = [];
	for (let load = 0; load < settings.footprint.loads; load++) loads.push(await runChild('load-child.js'));
	return { pack: { size, unpackedSize, entryCount, filename }, loads };
}

/** @param {Settings} settings */
async function warmUpEngine(settings) {
	const sim = await startSimulator({ pendingMs: settings.pendingMs, processingMs: 100 });
	try {
		await warmUp(sim);
	} finally {
		await sim.stop();
	}
}

module.exports = { referenceJobs, nodeBatch, nodeLatency, memoryScenario, footprint, warmUpEngine, log };
