// @ts-check
// The waiting-execution section of BENCHMARKS.md (Wait Method "Until PiAPI Calls Back", measured by bench/waiting.js),
// its targets and its misses.
const { fixed, max, mean, no, percentile, seconds, table, yes } = require('./stats');

/** @typedef {{ latency: import('./waiting').WaitingLatency, batch: import('./waiting').WaitingBatchRun[] }} WaitingResults */

/** Every execution's latency (so the max), in ms. */
const LATENCY_TARGET_MS = 300;
/** Last execution's output ÷ the ideal. */
const BATCH_TARGET = 1.02;

/** @param {number} value */
const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)} ms` : '–');

/** @param {import('./waiting').WaitingLatency} latency */
function latencyFigures(latency) {
	const measured = latency.latenciesMs.filter(Number.isFinite);
	const worst = max(measured);
	const met = measured.length === latency.runs && worst <= LATENCY_TARGET_MS && latency.polls === 0;
	return { measured, mean: mean(measured), p95: percentile(measured, 95), max: worst, met };
}

/** @param {import('./waiting').WaitingBatchRun} run */
const batchMet = (run) =>
	run.wallMs / run.fifoMs <= BATCH_TARGET && run.polls === 0 && run.webhooksFailed === 0 && run.delivered === run.executions;

/** @param {import('./settings').Settings} settings @param {WaitingResults} waiting */
function waitingSection({ batch, callback: plan, latency }, waiting) {
	const figures = latencyFigures(waiting.latency);
	return [
		'## 4. Waiting execution: Wait Method "Until PiAPI Calls Back"',
		'',
		"Swap Faces with *Wait Method* \"Until PiAPI Calls Back\" (one item per execution, output binary). The execution runs in n8n-core's real `WorkflowExecute` until the node puts it to wait; it is then stored serialised as `waiting` and resumed by the simulator's callback to its resume URL, served on loopback and handled as n8n's CLI handles it (`test/harness/waiting.js`: the node's `webhook()` in n8n-core's `WebhookContext`, then `WorkflowExecute` from the stored data). *Task finished*: the simulator's `endedAt`. *Output*: the resumed run has ended with the node's item (the result downloaded into binary data). *GET task requests*: the simulator's `polls` counter.",
		'',
		`**Latency.** ${plan.runs} executions one at a time (task ${seconds(plan.taskMs, 1)} s ±${fixed(latency.jitter * 100, 0)} %), after one warm-up that is not counted. Target: each ≤ ${seconds(LATENCY_TARGET_MS)} s, no GET task request.`,
		'',
		table(
			['executions with the result', 'mean task end → output', 'p95 (nearest rank)', 'max', 'GET task requests', 'target met'],
			[[`${figures.measured.length}/${waiting.latency.runs}`, `**${ms(figures.mean)}**`, ms(figures.p95), ms(figures.max), waiting.latency.polls, figures.met ? yes : no]],
		),
		'',
		`**Batch.** ${batch.items} executions of one item each, started back to back (each as soon as the one before is stored as waiting, as triggers arriving together would be), task ${seconds(batch.taskMs, 1)} s ±${fixed(batch.jitter * 100, 0)} %, simulator limit ${batch.concurrency}, seeds ${batch.seeds.join(', ')}. *Wall*: first execution started → the last one's output. *Makespan*: the simulator's first task created → last task finished. *Start → last task created*: the executions' first legs, one after another in one process. *Ideal*: max(longest task, Σ (pending + processing) ÷ ${batch.concurrency}), from the simulator's planned task times; *FIFO order*: the same tasks started in creation order into the first free slot, the part of the ideal no runner can reach without knowing task times in advance (bench/schedule.js). Target: wall ≤ ${BATCH_TARGET} × FIFO order, no GET task request, every execution with its result.`,
		'',
		table(
			['seed', 'ideal', 'FIFO order ÷ ideal', 'makespan (÷ ideal)', 'wall (÷ ideal)', 'wall ÷ FIFO', 'start → last task created', 'last task end → last output', 'executions with the result', 'GET task requests', 'callbacks failed', 'target met'],
			waiting.batch.map((run) => [
				run.seed,
				`${seconds(run.idealMs)} s`,
				fixed(run.fifoMs / run.idealMs, 3),
				`${seconds(run.makespanMs)} s (${fixed(run.makespanMs / run.idealMs, 3)})`,
				`**${seconds(run.wallMs)} s** (${fixed(run.wallMs / run.idealMs, 3)})`,
				fixed(run.wallMs / run.fifoMs, 3),
				`${seconds(run.createdMs)} s`,
				ms(run.tailMs),
				`${run.delivered}/${run.executions}`,
				run.polls,
				run.webhooksFailed,
				batchMet(run) ? yes : no,
			]),
		),
		'',
	].join('\n');
}

/** @param {WaitingResults} waiting @returns {string[]} */
function waitingMisses(waiting) {
	const misses = [];
	const figures = latencyFigures(waiting.latency);
	if (!figures.met) {
		misses.push(`Waiting latency: ${figures.measured.length}/${waiting.latency.runs} executions with the result, max ${ms(figures.max)} (target ≤ ${LATENCY_TARGET_MS} ms each), ${waiting.latency.polls} GET task requests.`);
	}
	for (const run of waiting.batch.filter((each) => !batchMet(each))) {
		misses.push(`Waiting batch, seed ${run.seed}: wall ${seconds(run.wallMs)} s = ${fixed(run.wallMs / run.fifoMs, 3)} × FIFO order (target ≤ ${BATCH_TARGET}), ${fixed(run.wallMs / run.idealMs, 3)} × ideal; FIFO order alone ${fixed(run.fifoMs / run.idealMs, 3)} × ideal, the simulator's makespan ${fixed(run.makespanMs / run.idealMs, 3)} × ideal; the last task was created ${seconds(run.createdMs)} s after the start, the last output came ${ms(run.tailMs)} after the last task's end; ${run.delivered}/${run.executions} with the result, ${run.polls} GET task requests, ${run.webhooksFailed} callbacks failed.`);
	}
	return misses;
}

module.exports = { BATCH_TARGET, LATENCY_TARGET_MS, waitingSection, waitingMisses };
