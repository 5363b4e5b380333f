// @ts-check
// The callback-mode section of BENCHMARKS.md (measured by bench/callback.js), its targets and its misses.
const { fixed, max, mean, no, percentile, seconds, table, yes } = require('./stats');

/** @typedef {import('./callback').CallbackLatency} CallbackLatency */
/** @typedef {import('./callback').CallbackBatchRun} CallbackBatchRun */
/** @typedef {{ latency: CallbackLatency[], batch: CallbackBatchRun[] }} CallbackResults */

/** Every callback's latency (so also the max), in ms. */
const LATENCY_TARGET_MS = 300;
/** Last execution started by the trigger ÷ the ideal schedule of that run's tasks (see report-batch.js). */
const BATCH_TARGET = 1.01;

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
const batchRatio = (run) => run.wallMs / run.facts.idealMs;

/** @param {CallbackBatchRun} run */
const overFifo = (run) => run.wallMs / run.facts.fifoMs;

/** @param {CallbackBatchRun} run */
const batchMet = (run) =>
	overFifo(run) <= BATCH_TARGET && run.polls === 0 && run.delivered === run.tasks && run.tasks === run.facts.tasks && run.executions === run.tasks;

/** The simulator's repeat setting in words. @param {import('./settings').BatchWebhooks} hooks */
function repeatsInWords({ duplicateWebhooks: mode, webhookRetryOnError, webhookRetryDelayMs }) {
	const later = `${seconds(webhookRetryDelayMs, 1)} s after the first was answered`;
	const repeats = {
		false: 'once',
		true: 'twice, the copy as soon as the first was answered',
		together: 'twice at once',
		later: `twice, the copy ${later}`,
		mixed: `twice, alternately both at once and the copy ${later}`,
	}[String(mode)];
	return `each callback sent ${repeats}${webhookRetryOnError ? `, and a delivery not answered 2xx sent once more ${seconds(webhookRetryDelayMs, 1)} s later` : ''}`;
}

/**
 * @param {import('./settings').Settings} settings
 * @param {CallbackResults} callback
 * @param {import('./scenarios').NodeBatchRun[]} polling the polling batch's runs, for comparison (empty when not run)
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
	const pollingVariant = batch.nodeVariants[0].key;
	const pollingStaging = batch.stagingModes[0].key;
	const batchRows = callback.batch.map((run) => {
		const pollingRun = polling.find((other) => other.seed === run.seed && other.variant === pollingVariant && other.staging === pollingStaging);
		const { deliveries } = run;
		return [
			run.seed,
			`${seconds(run.facts.idealMs)} s`,
			`**${seconds(run.wallMs)} s** (${fixed(batchRatio(run), 3)})`,
			fixed(run.facts.fifoMs / run.facts.idealMs, 3),
			fixed(overFifo(run), 3),
			fixed(run.wallMs / run.facts.makespanMs, 3),
			`${seconds(run.startDelayMs)} s`,
			ms(run.tailMs),
			`${seconds(run.submitMs)} s`,
			`${run.started}/${run.tasks} (${run.delivered})`,
			run.executions,
			`${deliveries.answered2xx} / ${deliveries.answeredOther} / ${deliveries.failed} (${deliveries.retried})`,
			run.polls,
			pollingRun ? fixed(pollingRun.wallMs / pollingRun.facts.idealMs, 3) : '–',
			batchMet(run) ? yes : no,
		];
	});
	return [
		'## 3. Callback mode: Swap Faces → PiAPI Trigger, no polling',
		'',
		"Swap Faces with *Wait for Completion* off and Options → Callback URL / Callback Secret set to a PiAPI Trigger's production URL and secret, as the README pairs them. The submitting workflow runs in n8n-core's real `WorkflowExecute`; the trigger's `webhook()` runs in n8n-core's real `WebhookContext` behind an HTTP server on loopback (`test/harness/webhook.js`, as in the trigger's tests), which the simulator calls back. Simulator, engine and trigger share one process, so one clock (`Date.now()`) times both ends. *Task finished*: the simulator's `endedAt`, set as the task becomes completed, just before it sends the callback. *Execution starting*: the moment the trigger's `webhook()` has returned `workflowData` for that callback, where n8n would start the trigger's execution (the harness starts no further nodes). *GET task requests*: the simulator's `polls` counter (task status requests of either API), over the whole measurement.",
		'',
		`**Latency.** ${plan.runs} single tasks per trigger setting, one at a time (task ${seconds(plan.taskMs, 1)} s ±${fixed(latency.jitter * 100, 0)} %), after one warm-up task that is not counted. *Latency*: task finished → execution starting. *Submitting execution*: engine asked to run → engine returned with the task ID (one item). Target: every callback ≤ ${seconds(LATENCY_TARGET_MS)} s (so the max), no GET task request.`,
		'',
		table(['trigger', 'executions started', 'mean latency', 'p95 (nearest rank)', 'max', 'GET task requests', 'submitting execution (mean)', 'target met'], latencyRows),
		'',
		`**Batch.** The batch above in callback mode: ${batch.items} items, task ${seconds(batch.taskMs, 1)} s ±${fixed(batch.jitter * 100, 0)} %, account limit ${batch.concurrency}, unlimited staging, seeds ${batch.seeds.join(', ')} (the same task times), Swap Faces' defaults otherwise; the trigger with ${plan.batchTrigger.label} (each result downloaded into n8n's binary data, as the polling node does). The simulator repeats callbacks as PiAPI may: ${repeatsInWords(plan.batchWebhooks)}. *Last result*: engine asked to run the submitting workflow → the last task's first execution starting. *Ideal* and *FIFO order* as in the batch above. *Submitting execution*: engine asked to run → engine returned with the ${batch.items} task IDs; after that no n8n worker waits for PiAPI. *Tasks with an execution (completed)*: tasks whose callback started an execution, and of those the ones holding the completed task and its image; *executions*: all executions the trigger started, repeats included. *Deliveries*: the simulator's count of callback deliveries answered 2xx / answered otherwise / not answered (retries sent). Target: last result ≤ ${BATCH_TARGET} × FIFO order, no GET task request, exactly one execution per task, with its result.`,
		'',
		table(
			['seed', 'ideal', 'last result (÷ ideal)', 'FIFO order ÷ ideal', 'last result ÷ FIFO', 'last result ÷ makespan', 'start → 1st creation', 'last task end → last result', 'submitting execution', 'tasks with an execution (completed)', 'executions', 'deliveries 2xx / other / none (retries)', 'GET task requests', 'polling, the batch above (defaults, unlimited staging): wall ÷ ideal', 'target met'],
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
			misses.push(`Callback latency, ${result.variant}: ${figures.started}/${result.runs.length} executions started, max ${ms(figures.max)} (target ≤ ${seconds(LATENCY_TARGET_MS)} s each), ${result.polls} GET task requests.`);
		}
	}
	for (const run of callback.batch.filter((each) => !batchMet(each))) {
		const { facts } = run;
		misses.push(
			`Callback batch, seed ${run.seed}: last result ${seconds(run.wallMs)} s = ${fixed(overFifo(run), 3)} × FIFO order (target ≤ ${BATCH_TARGET}), ${fixed(batchRatio(run), 3)} × ideal. Over the ideal ${seconds(facts.idealMs)} s: ${seconds(facts.fifoMs - facts.idealMs)} s from the order in which the account starts tasks (FIFO order = ${fixed(facts.fifoMs / facts.idealMs, 3)} × ideal), ${seconds(facts.makespanMs - facts.fifoMs)} s of slots idle or waiting (makespan − FIFO), ${seconds(run.startDelayMs)} s to the first creation, ${ms(run.tailMs)} from the last task's end to its execution starting. ${run.started}/${run.tasks} tasks with an execution (${run.delivered} completed), ${run.executions} executions, ${run.polls} GET task requests.`,
		);
	}
	return misses;
}

module.exports = { callbackSection, callbackMisses, BATCH_TARGET, LATENCY_TARGET_MS };
