// @ts-check
// The callback-mode section of BENCHMARKS.md (measured by bench/callback.js), its targets and its misses.
const { fixed, max, mean, no, percentile, seconds, table, yes } = require('./stats');

/** @typedef {import('./callback').CallbackLatency} CallbackLatency */
/** @typedef {import('./callback').CallbackBatchRun} CallbackBatchRun */
/** @typedef {{ latency: CallbackLatency[], batch: CallbackBatchRun[] }} CallbackResults */

/** Every callback's latency (so also the max), in ms. */
const LATENCY_TARGET_MS = 300;
/** Last result at the trigger ÷ the simulator's makespan. */
const BATCH_TARGET = 1.03;

/** @param {number} value */
const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)} ms` : '–');

/** @param {CallbackLatency} result */
function latencyFigures(result) {
	const latencies = result.runs.filter((run) => run.ok).map((run) => run.latencyMs);
	const started = latencies.length;
	const worst = max(latencies);
	return {
		started,
		mean: mean(latencies),
		p95: percentile(latencies, 95),
		max: worst,
		met: started === result.runs.length && worst <= LATENCY_TARGET_MS && result.polls === 0,
	};
}

/** @param {CallbackBatchRun} run */
const batchRatio = (run) => run.wallMs / run.facts.makespanMs;

/** @param {CallbackBatchRun} run */
const batchMet = (run) =>
	batchRatio(run) <= BATCH_TARGET && run.polls === 0 && run.webhooksFailed === 0 && run.delivered === run.tasks && run.tasks === run.facts.tasks;

/**
 * @param {import('./settings').Settings} settings
 * @param {CallbackResults} callback
 * @param {import('./scenarios').NodeBatchRun[]} polling section 1's runs, for comparison (empty when not run)
 */
function callbackSection({ batch, callback: plan, latency }, callback, polling) {
	const latencyRows = callback.latency.map((result) => {
		const figures = latencyFigures(result);
		return [
			result.variant,
			`${figures.started}/${result.runs.length}`,
			`**${ms(figures.mean)}**`,
			ms(figures.p95),
			ms(figures.max),
			result.polls,
			ms(mean(result.runs.map((run) => run.submitMs))),
			figures.met ? yes : no,
		];
	});
	const pollingVariant = batch.nodeVariants[0].label;
	const batchRows = callback.batch.map((run) => {
		const pollingRun = polling.find((other) => other.seed === run.seed && other.variant === pollingVariant);
		return [
			run.seed,
			`${seconds(run.facts.makespanMs)} s`,
			`**${seconds(run.wallMs)} s** (${fixed(batchRatio(run), 3)})`,
			`${seconds(run.startDelayMs)} s`,
			ms(run.tailMs),
			`**${seconds(run.submitMs)} s**`,
			`${run.started}/${run.tasks} (${run.delivered})`,
			run.polls,
			run.webhooksFailed,
			pollingRun ? fixed(pollingRun.wallMs / pollingRun.facts.makespanMs, 3) : '–',
			batchMet(run) ? yes : no,
		];
	});
	return [
		'## 3. Callback mode: Swap Faces → PiAPI Trigger, no polling',
		'',
		"Swap Faces with *Wait for Completion* off and Options → Callback URL / Callback Secret set to a PiAPI Trigger's production URL and secret, as the README pairs them. The submitting workflow runs in n8n-core's real `WorkflowExecute`; the trigger's `webhook()` runs in n8n-core's real `WebhookContext` behind an HTTP server on 127.0.0.1 (`test/harness/webhook.js`, as in the trigger's tests), which the simulator calls back. Simulator, engine and trigger share one process, so one clock (`Date.now()`) times both ends. *Task finished*: the simulator's `endedAt`, set as the task becomes completed, just before it sends the callback. *Execution starting*: the moment the trigger's `webhook()` has returned `workflowData` for that callback, where n8n would start the trigger's execution (the harness starts no further nodes). *GET task requests*: the simulator's `polls` counter (task status requests of either API), over the whole measurement.",
		'',
		`**Latency.** ${plan.runs} single tasks per trigger setting, one at a time (task ${plan.taskMs / 1000} s ±${latency.jitter * 100} %), after one warm-up task that is not counted. *Latency*: task finished → execution starting. *Submitting execution*: engine asked to run → engine returned with the task ID (1 item). Target: every callback ≤ ${seconds(LATENCY_TARGET_MS)} s (so the max), 0 GET task requests.`,
		'',
		table(['trigger', 'executions started', 'mean latency', 'p95 (nearest rank)', 'max', 'GET task requests', 'submitting execution (mean)', 'target met'], latencyRows),
		'',
		`**Batch.** Section 1's batch in callback mode: ${batch.items} items, task ${batch.taskMs / 1000} s ±${batch.jitter * 100} %, simulator limit ${batch.concurrency}, seeds ${batch.seeds.join(', ')} (the same task times), Swap Faces' defaults otherwise; the trigger with ${plan.batchTrigger.label} (each result downloaded into n8n's binary data, as section 1's node does). *Last result*: engine asked to run the submitting workflow → the last callback's execution starting. *Makespan* as in section 1. *Submitting execution*: engine asked to run → engine returned with the ${batch.items} task IDs; after that no n8n worker waits for PiAPI. *Executions started (completed)*: callbacks that started an execution, one per task, and of those the ones holding the completed task and its image. Target: last result ≤ ${BATCH_TARGET} × makespan, 0 GET task requests, an execution started for every task, with its result.`,
		'',
		table(
			['seed', 'makespan', 'last result (÷ makespan)', 'start → 1st creation', 'last task end → last result', 'submitting execution', 'executions started (completed)', 'GET task requests', 'callbacks failed', 'section 1, polling (defaults): wall ÷ makespan', 'target met'],
			batchRows,
		),
		'',
	].join('\n');
}

/** Each missed callback target, with what the miss is made of. @param {CallbackResults} callback @returns {string[]} */
function callbackMisses(callback) {
	const misses = [];
	for (const result of callback.latency) {
		const figures = latencyFigures(result);
		if (!figures.met) {
			misses.push(`Callback latency, ${result.variant}: ${figures.started}/${result.runs.length} executions started, max ${ms(figures.max)} (target ≤ ${LATENCY_TARGET_MS} ms each), ${result.polls} GET task requests.`);
		}
	}
	for (const run of callback.batch.filter((each) => !batchMet(each))) {
		misses.push(
			`Callback batch, seed ${run.seed}: last result ${seconds(run.wallMs)} s = ${fixed(batchRatio(run), 3)} × makespan (target ≤ ${BATCH_TARGET}); over the makespan: ${seconds(run.startDelayMs)} s to the first creation, ${ms(run.tailMs)} from the last task's end to its execution starting. ${run.started}/${run.tasks} executions started (${run.delivered} completed, ${run.webhooksFailed} callbacks failed), ${run.polls} GET task requests.`,
		);
	}
	return misses;
}

module.exports = { callbackSection, callbackMisses };
