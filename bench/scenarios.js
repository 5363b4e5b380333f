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
		for (const seed of batch.seeds) {
			jobs.push({ id: `batch:${strategy}:${seed}`, kind: 'batch', strategy, seed, pendingMs, ...pick(batch) });
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

/** @param {Settings['batch']} batch */
const pick = ({ items, taskMs, jitter, concurrency }) => ({ items, taskMs, jitter, concurrency });

/**
 * @typedef {object} NodeBatchRun
 * @property {string} variant
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
	const { batch, pendingMs } = settings;
	/** @type {NodeBatchRun[]} */
	const runs = [];
	for (const seed of batch.seeds) {
		for (const variant of batch.nodeVariants) {
			const sim = await startSimulator({
				pendingMs,
				processingMs: batch.taskMs,
				jitter: batch.jitter,
				seed,
				concurrency: batch.concurrency,
			});
			try {
				const run = await runSwapNode(sim, { items: batch.items, options: variant.options });
				const facts = simFacts(sim);
				runs.push({
					variant: variant.label,
					seed,
					wallMs: run.finishedAt - run.startedAt,
					startDelayMs: facts.firstCreatedAt - run.startedAt,
					tailMs: run.finishedAt - facts.lastEndedAt,
					failed: run.failed,
					duplicates: duplicateCreations(sim, run.taskIds),
					error: run.error,
					facts,
				});
				log(`batch seed ${seed}, ${variant.label}: ${((run.finishedAt - run.startedAt) / 1000).toFixed(2)} s, makespan ${(facts.makespanMs / 1000).toFixed(2)} s`);
			} finally {
				await sim.stop();
			}
		}
	}
	return runs;
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
 * @typedef {object} MemoryRun
 * @property {string} label
 * @property {number} items
 * @property {number} resultBytes
 * @property {'default' | 'filesystem'} binaryMode
 * @property {string} resultShape
 * @property {{ peakRssBytes: number, wallMs: number, failed: number, storedBytes: number, error?: string }} report
 */

/** Each run in a fresh child; the simulator (holding every result) stays here. @param {Settings} settings @returns {Promise<MemoryRun[]>} */
async function memoryScenario(settings) {
	const { memory, pendingMs } = settings;
	const sim = await startSimulator({ pendingMs, processingMs: memory.taskMs });
	/** @type {{ label: string, items: number, resultBytes: number, binaryMode: 'default' | 'filesystem', outputShape: 'image_url' | 'image_base64' }[]} */
	const plans = [
		{ label: 'empty run (1 item, small result)', items: 1, resultBytes: 0, binaryMode: 'filesystem', outputShape: 'image_url' },
		{ label: 'URL results, default (in-memory) mode', items: memory.items, resultBytes: memory.resultBytes, binaryMode: 'default', outputShape: 'image_url' },
		{ label: 'URL results, filesystem mode', items: memory.items, resultBytes: memory.resultBytes, binaryMode: 'filesystem', outputShape: 'image_url' },
		{ label: 'base64 results, filesystem mode', items: memory.items, resultBytes: memory.resultBytes, binaryMode: 'filesystem', outputShape: 'image_base64' },
	];
	/** @type {MemoryRun[]} */
	const runs = [];
	try {
		for (const plan of plans) {
			sim.configure({ resultBytes: plan.resultBytes, outputShape: plan.outputShape });
			const job = { url: sim.url, apiKey: String(sim.apiKey), items: plan.items, binaryMode: plan.binaryMode };
			/** @type {MemoryRun['report']} */
			const report = await runChild('memory-child.js', { args: [JSON.stringify(job)] });
			runs.push({ ...plan, resultShape: plan.outputShape, report });
			log(`memory ${plan.label}: peak RSS ${(report.peakRssBytes / 1024 / 1024).toFixed(0)} MB`);
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
