// @ts-check
// Wait Method "Until PiAPI Calls Back": each execution is stored as waiting and resumed by the simulator's callback to
// its resume URL, as n8n's CLI does it (test/harness/waiting.js: n8n-core's WorkflowExecute and WebhookContext). The
// simulator and the engine share this process, so one clock times the simulator's task end (task.endedAt) and the
// resumed run's end, where the node's output exists (endedAt).
const { startSimulator } = require('../simulator');
const { harness, swapParameters } = require('./node-runs');
const { log } = require('./scenarios');
const { simFacts } = require('./sim-facts');
const { max } = require('./stats');

/** @typedef {import('./settings').Settings} Settings */
/** @typedef {import('../simulator').Simulator} Simulator */

/** Longer than any measured run: an execution that is not resumed by then counts as failed. */
const GIVE_UP_MS = 180_000;

/** Swap Faces' defaults but Wait Method "Until PiAPI Calls Back". @param {Simulator} sim */
const parameters = (sim) => swapParameters(sim, { waitTimeout: 600 }, { waitMethod: 'callback' });

/**
 * One execution with one item: resolves after its first leg (the task created, the execution stored as waiting);
 * `output` then resolves after the callback (wrapped: a returned promise would be awaited along).
 * @param {Simulator} sim
 */
async function startExecution(sim) {
	const run = await harness.runUntilWaiting({ parameters: parameters(sim), credentials: { apiKey: String(sim.apiKey), baseUrl: sim.url } });
	const output = (async () => {
		try {
			// A callback refused (409) because it came before the execution was stored as waiting would leave it waiting.
			const giveUp = new Promise((resolve) => setTimeout(resolve, GIVE_UP_MS, undefined).unref());
			const waited = run.stored.status === 'waiting';
			const result = waited ? /** @type {Awaited<ReturnType<typeof run.finished>> | undefined} */ (await Promise.race([run.finished(), giveUp])) : undefined;
			const item = result?.items[0];
			const taskId = typeof item?.json.taskId === 'string' ? item.json.taskId : undefined;
			const ok = item?.json.status === 'completed' && Boolean(item.binary?.data);
			return { endedAt: result?.endedAt ?? NaN, taskId, ok };
		} finally {
			await run.stop();
		}
	})();
	return { output };
}

/**
 * @typedef {object} WaitingLatency
 * @property {number[]} latenciesMs task end on the simulator → the node's output (failed runs: NaN)
 * @property {number} runs
 * @property {number} polls GET task requests the simulator counted, warm-up included
 */

/** One task at a time; the first warms up and is not counted. @param {Settings} settings @returns {Promise<WaitingLatency>} */
async function waitingLatency({ callback, latency, pendingMs }) {
	const sim = await startSimulator({ pendingMs, processingMs: callback.taskMs, jitter: latency.jitter, seed: 1 });
	try {
		const latenciesMs = [];
		for (let run = 0; run <= callback.runs; run++) {
			const { endedAt, taskId, ok } = await (await startExecution(sim)).output;
			const taskEnd = sim.task(String(taskId))?.endedAt ?? NaN;
			if (run > 0) latenciesMs.push(ok ? endedAt - Number(taskEnd) : NaN);
		}
		log('waiting latency: done');
		return { latenciesMs, runs: callback.runs, polls: sim.counters().polls };
	} finally {
		await sim.stop();
	}
}

/**
 * @typedef {object} WaitingBatchRun
 * @property {number} seed
 * @property {number} executions started at once, one item each
 * @property {number} delivered executions that ended with the completed task's image
 * @property {number} wallMs first execution started → last one's output
 * @property {number} idealMs max(longest task, Σ (pending + processing) ÷ the account's limit), from the simulator's plan
 * @property {number} fifoMs the same tasks started in creation order into the first free slot (bench/schedule.js)
 * @property {number} makespanMs the simulator's first task created → last task finished
 * @property {number} createdMs first execution started → the last task created (the executions' first legs)
 * @property {number} tailMs last task finished on the simulator → the last output
 * @property {number} polls
 * @property {number} webhooksFailed
 */

/** The batch: `batch.items` executions started back to back, against the account limit. @param {Settings} settings @returns {Promise<WaitingBatchRun[]>} */
async function waitingBatch({ batch, pendingMs }) {
	/** @type {WaitingBatchRun[]} */
	const runs = [];
	for (const seed of batch.seeds) {
		const sim = await startSimulator({ pendingMs, processingMs: batch.taskMs, jitter: batch.jitter, seed, concurrency: batch.concurrency });
		try {
			const began = Date.now();
			// The executions start one after another, as their triggers would arrive; each then waits on its own.
			const outputs = [];
			for (let item = 0; item < batch.items; item++) outputs.push((await startExecution(sim)).output);
			const results = await Promise.all(outputs);
			const tasks = sim.tasks();
			const facts = simFacts(sim);
			const lastOutput = max(results.map((result) => result.endedAt));
			const counters = sim.counters();
			const run = {
				seed,
				executions: results.length,
				delivered: results.filter((result) => result.ok).length,
				wallMs: lastOutput - began,
				idealMs: facts.idealMs,
				fifoMs: facts.fifoMs,
				makespanMs: facts.makespanMs,
				createdMs: max(tasks.map((task) => task.createdAt)) - began,
				tailMs: lastOutput - max(tasks.map((task) => Number(task.endedAt))),
				polls: counters.polls,
				webhooksFailed: counters.webhooksFailed,
			};
			runs.push(run);
			log(`waiting batch seed ${seed}: ${(run.wallMs / 1000).toFixed(2)} s, ideal ${(run.idealMs / 1000).toFixed(2)} s`);
		} finally {
			await sim.stop();
		}
	}
	return runs;
}

/** @param {Settings} settings */
async function waitingScenario(settings) {
	return { latency: await waitingLatency(settings), batch: await waitingBatch(settings) };
}

module.exports = { waitingScenario };
