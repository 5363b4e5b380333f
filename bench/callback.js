// @ts-check
// Callback mode: Swap Faces with Wait for Completion off submits tasks whose callback URL is a PiAPI Trigger's
// production webhook, served on loopback through n8n-core's real WebhookContext (test/harness/webhook.js). The
// simulator, the engine and the trigger share this process, so one clock (Date.now()) times both the simulator's
// task end (task.endedAt) and the trigger's webhook() returning its items (call.returnedAt): where n8n would start
// the trigger's execution.
const { startSimulator } = require('../simulator');
const { simFacts } = require('./sim-facts');
const { harness, runSwapNode } = require('./node-runs');
const { log } = require('./scenarios');

/** @typedef {import('./settings').Settings} Settings */
/** @typedef {import('./settings').TriggerVariant} TriggerVariant */
/** @typedef {import('../simulator').Simulator} Simulator */
/** @typedef {Awaited<ReturnType<typeof harness.startTriggerWebhook>>} TriggerWebhook */
/** @typedef {TriggerWebhook['calls'][number]} WebhookCall */

const SECRET = 'bench-callback-secret';
const TRIGGER_TYPE = `${harness.PACKAGE_NAME}.piApiTrigger`;

/**
 * A simulator and a trigger webhook for one measurement, both stopped afterwards.
 * @template T
 * @param {import('../simulator/types').SimulatorOptions} simOptions
 * @param {TriggerVariant} variant
 * @param {(sim: Simulator, trigger: TriggerWebhook) => Promise<T>} use
 */
async function withSimAndTrigger(simOptions, variant, use) {
	const sim = await startSimulator(simOptions);
	try {
		const parameters = { callbackSecret: SECRET, ...variant.parameters };
		const trigger = await harness.startTriggerWebhook({ nodeType: TRIGGER_TYPE, parameters: /** @type {any} */ (parameters) });
		try {
			return await use(sim, trigger);
		} finally {
			await trigger.stop();
		}
	} finally {
		await sim.stop();
	}
}

/** Swap Faces as the README pairs it with the trigger: Wait for Completion off, callback URL and secret set. */
const submit = (/** @type {Simulator} */ sim, /** @type {TriggerWebhook} */ trigger, /** @type {number} */ items) =>
	runSwapNode(sim, {
		items,
		parameters: { waitForCompletion: false },
		options: { webhookUrl: trigger.productionUrl, webhookSecret: SECRET },
	});

/**
 * The trigger's call that started an execution for each task, once all have arrived or after timeoutMs.
 * @param {TriggerWebhook} trigger
 * @param {string[]} taskIds
 * @param {number} timeoutMs
 * @returns {Promise<Map<string, WebhookCall>>}
 */
async function arrivals(trigger, taskIds, timeoutMs) {
	/** @type {Map<string, WebhookCall>} */
	const byTask = new Map();
	const collect = () => {
		for (const call of trigger.calls) {
			const taskId = call.items?.[0]?.json.taskId;
			if (typeof taskId === 'string' && !byTask.has(taskId)) byTask.set(taskId, call);
		}
		return taskIds.every((id) => byTask.has(id));
	};
	// A missing callback shows as a failed run in the report rather than stopping the benchmark.
	await harness.waitUntil(collect, { timeoutMs, intervalMs: 5, what: 'the callbacks' }).catch(() => undefined);
	return byTask;
}

/** The execution the trigger would start holds the finished task (and its image when asked to download). */
const delivered = (/** @type {WebhookCall | undefined} */ call) =>
	call?.items?.[0]?.json.status === 'completed' && call.items[0].json.downloadError === undefined;

/** Generous: a task's longest time plus room for a loaded machine. @param {number} taskMs */
const waitLimitMs = (taskMs) => 2 * taskMs + 30_000;

/**
 * @typedef {object} CallbackLatencyRun
 * @property {number} latencyMs task finished on the simulator → the trigger's webhook() returned its items
 * @property {number} submitMs the submitting execution (engine asked to run → returned)
 * @property {boolean} ok the callback started an execution with the completed task
 */

/**
 * @typedef {object} CallbackLatency
 * @property {string} variant
 * @property {CallbackLatencyRun[]} runs
 * @property {number} polls GET task requests the simulator counted, warm-up included
 */

/** One task at a time, per trigger variant; the first task of each warms the trigger up and is not counted. @param {Settings} settings @returns {Promise<CallbackLatency[]>} */
async function callbackLatency(settings) {
	const { callback, latency, pendingMs } = settings;
	/** @type {CallbackLatency[]} */
	const results = [];
	for (const variant of callback.triggerVariants) {
		const simOptions = { pendingMs, processingMs: callback.taskMs, jitter: latency.jitter, seed: 1 };
		const result = await withSimAndTrigger(simOptions, variant, async (sim, trigger) => {
			/** @type {CallbackLatencyRun[]} */
			const runs = [];
			for (let run = 0; run <= callback.runs; run++) {
				const submitted = await submit(sim, trigger, 1);
				const taskId = String(submitted.taskIds[0]);
				const call = (await arrivals(trigger, [taskId], waitLimitMs(callback.taskMs))).get(taskId);
				const endedAt = sim.task(taskId)?.endedAt ?? NaN;
				if (run > 0) {
					runs.push({ latencyMs: call ? call.returnedAt - endedAt : NaN, submitMs: submitted.finishedAt - submitted.startedAt, ok: delivered(call) });
				}
			}
			return { variant: variant.label, runs, polls: sim.counters().polls };
		});
		results.push(result);
		log(`callback latency, ${variant.label}: done`);
	}
	return results;
}

/**
 * @typedef {object} CallbackBatchRun
 * @property {string} variant the trigger's settings
 * @property {number} seed
 * @property {number} submitMs the submitting execution (engine asked to run → returned with the task IDs)
 * @property {number} wallMs engine asked to run → the last callback's webhook() returned its items
 * @property {number} startDelayMs engine asked to run → first task created
 * @property {number} tailMs last task finished on the simulator → last callback's webhook() returned
 * @property {number} tasks tasks the submitting execution reported
 * @property {number} started executions the trigger started, one per task at most
 * @property {number} delivered of those, with the completed task (and its image when downloading)
 * @property {number} polls GET task requests the simulator counted
 * @property {number} executions executions the trigger started, repeats included (one per task when none is repeated)
 * @property {CallbackDeliveries} deliveries the simulator's count of callback deliveries
 * @property {import('./sim-facts').SimFacts} facts
 */

/**
 * @typedef {object} CallbackDeliveries
 * @property {number} answered2xx
 * @property {number} answeredOther answered, but not 2xx
 * @property {number} failed no answer (could not connect, timed out)
 * @property {number} retried retries the simulator sent after an answer that was not 2xx
 */

/**
 * Waits for the repeated callbacks too (sent up to a retry delay later), and for retries of those not answered 2xx.
 * @param {Simulator} sim @param {number} tasks @param {number} retryDelayMs
 */
async function allDeliveries(sim, tasks, retryDelayMs) {
	const attempted = () => {
		const { webhooksSent, webhooksFailed } = sim.counters();
		return webhooksSent + webhooksFailed;
	};
	const { duplicateWebhooks, webhookRetryOnError } = sim.config();
	const expected = duplicateWebhooks === false ? tasks : 2 * tasks;
	await harness.waitUntil(() => attempted() >= expected, { timeoutMs: 3 * retryDelayMs + 30_000, intervalMs: 50, what: 'the repeated callbacks' }).catch(() => undefined);
	// Retries come a retry delay after the answer they follow; only deliveries not answered 2xx get one.
	const { webhooksAnsweredOther, webhooksFailed } = sim.counters();
	if (webhookRetryOnError && webhooksAnsweredOther + webhooksFailed > 0) await new Promise((resolve) => setTimeout(resolve, retryDelayMs + 1000));
}

/** The throughput batch (same items, task times, limit and seeds) in callback mode. @param {Settings} settings @returns {Promise<CallbackBatchRun[]>} */
async function callbackBatch(settings) {
	const { batch, callback, pendingMs } = settings;
	const variant = callback.batchTrigger;
	/** @type {CallbackBatchRun[]} */
	const runs = [];
	for (const seed of batch.seeds) {
		const simOptions = {
			pendingMs,
			processingMs: batch.taskMs,
			jitter: batch.jitter,
			seed,
			concurrency: batch.concurrency,
			...callback.batchWebhooks,
		};
		const run = await withSimAndTrigger(simOptions, variant, async (sim, trigger) => {
			const submitted = await submit(sim, trigger, batch.items);
			const taskIds = submitted.taskIds.filter((id) => id !== undefined);
			const rounds = Math.ceil(batch.items / batch.concurrency);
			const calls = [...(await arrivals(trigger, taskIds, waitLimitMs(rounds * batch.taskMs))).values()];
			const lastArrival = taskIds.length && calls.length === taskIds.length ? Math.max(...calls.map((call) => call.returnedAt)) : NaN;
			const facts = simFacts(sim);
			await allDeliveries(sim, taskIds.length, callback.batchWebhooks.webhookRetryDelayMs);
			const counters = sim.counters();
			return {
				variant: variant.label,
				seed,
				submitMs: submitted.finishedAt - submitted.startedAt,
				wallMs: lastArrival - submitted.startedAt,
				startDelayMs: facts.firstCreatedAt - submitted.startedAt,
				tailMs: lastArrival - facts.lastEndedAt,
				tasks: taskIds.length,
				started: calls.length,
				delivered: calls.filter(delivered).length,
				polls: counters.polls,
				executions: trigger.calls.filter((call) => call.items?.length).length,
				deliveries: {
					answered2xx: counters.webhooksAnswered2xx,
					answeredOther: counters.webhooksAnsweredOther,
					failed: counters.webhooksFailed,
					retried: counters.webhooksRetried,
				},
				facts,
			};
		});
		runs.push(run);
		log(`callback batch seed ${seed}: last result ${(run.wallMs / 1000).toFixed(2)} s, makespan ${(run.facts.makespanMs / 1000).toFixed(2)} s, submit ${(run.submitMs / 1000).toFixed(2)} s`);
	}
	return runs;
}

module.exports = { callbackLatency, callbackBatch };
