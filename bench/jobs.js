// @ts-check
// Scenario runs that do not need n8n: the reference runners against their own simulators. Run in a child process
// (references-child.js) so that they do not share a CPU core with the node's runs.
const { startSimulator } = require('../simulator');
const { REFERENCES } = require('./references');
const { duplicateCreations, simFacts } = require('./sim-facts');

/**
 * @typedef {{ id: string, kind: 'batch', strategy: string, seed: number, items: number, taskMs: number, jitter: number, concurrency: number, pendingMs: number, stagingLimit: number | null }} BatchJob
 * @typedef {{ id: string, kind: 'latency', strategy: string, seed: number, taskMs: number, runs: number, jitter: number, pendingMs: number }} LatencyJob
 * @typedef {BatchJob | LatencyJob} Job
 * @typedef {{ wallMs: number, failed: number, duplicates: number, facts: import('./sim-facts').SimFacts, errors: string[] }} BatchResult
 * @typedef {{ overheadMs: number, polls: number, pollsAfterFinal: number, taskMs: number, ok: boolean }} LatencyRun
 * @typedef {{ runs: LatencyRun[] }} LatencyResult
 */

/** @param {import('../simulator').Simulator} sim */
function createBody(sim) {
	return {
		model: 'Qubico/image-toolkit',
		task_type: 'multi-face-swap',
		input: {
			target_image: sim.sampleUrl('target.jpg'),
			swap_image: sim.sampleUrl('swap.png'),
			swap_faces_index: '0',
			target_faces_index: '0',
		},
	};
}

/** @param {BatchJob} job @returns {Promise<BatchResult>} */
async function runBatchJob(job) {
	const sim = await startSimulator({
		pendingMs: job.pendingMs,
		processingMs: job.taskMs,
		jitter: job.jitter,
		seed: job.seed,
		concurrency: job.concurrency,
		stagingLimit: job.stagingLimit ?? Infinity,
	});
	try {
		const target = { baseUrl: sim.url, apiKey: String(sim.apiKey) };
		const bodies = Array.from({ length: job.items }, () => createBody(sim));
		const startedAt = Date.now();
		const results = await REFERENCES[job.strategy].run(target, bodies);
		const wallMs = Date.now() - startedAt;
		return {
			wallMs,
			failed: results.filter((result) => !result.ok).length,
			duplicates: duplicateCreations(
				sim,
				results.map((result) => result.taskId),
			),
			facts: simFacts(sim),
			errors: [...new Set(results.map((result) => result.error).filter((error) => error !== undefined))],
		};
	} finally {
		await sim.stop();
	}
}

/** @param {LatencyJob} job @returns {Promise<LatencyResult>} */
async function runLatencyJob(job) {
	const sim = await startSimulator({
		pendingMs: job.pendingMs,
		processingMs: job.taskMs,
		jitter: job.jitter,
		seed: job.seed,
	});
	try {
		const target = { baseUrl: sim.url, apiKey: String(sim.apiKey) };
		/** @type {LatencyRun[]} */
		const runs = [];
		for (let run = 0; run < job.runs; run++) {
			const [result] = await REFERENCES[job.strategy].run(target, [createBody(sim)]);
			const task = sim.task(String(result.taskId));
			runs.push(latencyRun(task, result.knownAt, result.ok));
		}
		return { runs };
	} finally {
		await sim.stop();
	}
}

/**
 * @param {import('../simulator/types').TaskSnapshot | undefined} task
 * @param {number} knownAt when the runner had the result
 * @param {boolean} ok
 * @returns {LatencyRun}
 */
function latencyRun(task, knownAt, ok) {
	if (!task || task.endedAt === null || task.startedAt === null) {
		return { overheadMs: NaN, polls: task?.polls ?? NaN, pollsAfterFinal: NaN, taskMs: NaN, ok: false };
	}
	return {
		overheadMs: knownAt - task.endedAt,
		polls: task.polls,
		pollsAfterFinal: Math.max(0, task.pollsAfterFinal - 1),
		taskMs: task.endedAt - task.startedAt,
		ok,
	};
}

/** @param {Job} job */
function runJob(job) {
	return job.kind === 'batch' ? runBatchJob(job) : runLatencyJob(job);
}

module.exports = { runJob, latencyRun };
