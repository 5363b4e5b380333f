// @ts-check
// Check 3: callback mode across the webhook processes. A batch submitted through a production webhook (a worker runs
// Swap Faces with Wait for Completion off and the Callback URL at the proxy); the simulator calls the receiving
// workflow's PiAPI Trigger back, each event twice, and the proxy spreads the calls over both webhook processes.
// Counted per task: executions of the receiving workflow (goal: exactly one per finished task, none lost), split by how
// the repeat came (at the same moment or a retry delay later); the answers; the events the trigger's static data holds.
// Then n8n's `503 Database is not ready!` (seen under load) for a batch's first deliveries, with PiAPI retrying such a
// delivery and without (PiAPI's behaviour is not published: the simulator's webhookRetryOnError, both ways).
const { checkStoredBinary } = require('../execution-checks');
const { PIAPI_TRIGGER_TYPE } = require('../examples');
const { itemsOf, waitFor } = require('../callback-pair');
const { check, info } = require('../report');
const { databaseBinaries } = require('./executions');
const { startBatch } = require('./workflows');

const NOT_READY = JSON.stringify({ code: 503, message: 'Database is not ready!' });
/** Copies of one event that arrive closer than this came together; a retry comes webhookRetryDelayMs later. */
const TOGETHER_MS = 1000;

/**
 * @typedef {object} CallbackContext
 * @property {ReturnType<typeof import('./executions').executionReader>} reader
 * @property {import('../../../simulator').Simulator} simulator
 * @property {Awaited<ReturnType<typeof import('./proxy').startProxy>>} proxy
 * @property {{ query: (text: string, values?: unknown[]) => Promise<any[]> }} postgres
 * @property {import('../examples').Example} receive
 * @property {string} submitWorkflowId
 * @property {string} submitPath
 */

/**
 * Submits `count` tasks, waits for every delivery's answer and the executions they started, and checks each execution.
 * @param {CallbackContext} context
 * @param {{ count: number, copies: number, settings: Record<string, unknown>, notReady?: number }} run notReady: the first
 *   deliveries answered 503 by the proxy
 */
async function callbackBatch({ reader, simulator, proxy, postgres, receive, submitWorkflowId, submitPath }, { count, copies, settings, notReady = 0 }) {
	const trigger = /** @type {import('../examples').WorkflowNode} */ (receive.workflow.nodes.find((node) => node.type === PIAPI_TRIGGER_TYPE));
	const triggerPath = `/webhook/${trigger.webhookId}/webhook`;
	const answeredBefore = proxy.answered().length;
	const [{ n: executionsBefore }] = await postgres.query('select count(*)::int as n from execution_entity where "workflowId" = $1', [receive.workflowId]);
	const submitsBefore = (await reader.list(submitWorkflowId)).length;
	simulator.configure({ processingMs: 600, jitter: 0.5, webhookRetryDelayMs: 3000, ...settings });
	if (notReady) proxy.answerItself({ path: triggerPath, status: 503, body: NOT_READY, times: notReady });
	try {
		const began = Date.now();
		const submitted = await startBatch({ proxyUrl: proxy.url, path: submitPath, simulatorUrl: simulator.url, count, tag: 'callbacks' });
		check(submitted.status === 200, `the ${count}-item batch is accepted through the proxy`, `${submitted.status} ${submitted.body}`);
		/** @type {{ id: string }[]} */
		let submits = [];
		await waitFor(async () => (submits = await reader.list(submitWorkflowId)).length > submitsBefore, 60_000, 'the submitting execution is created');
		const submit = await reader.finished(submits[submits.length - 1].id, 180_000);
		const taskIds = itemsOf(submit.data.resultData?.runData ?? {}, 'Swap Faces').map((item) => String(item.json.taskId));
		check(submit.status === 'success' && new Set(taskIds).size === count, `the submitting execution ran on a worker and returned ${count} distinct task ids`, `${submit.status}, ${taskIds.length} task ids`);

		const answers = () => proxy.answered().slice(answeredBefore).filter(({ path }) => path === triggerPath);
		await waitFor(async () => answers().length >= copies * count, 240_000, `all ${copies * count} deliveries answered`);
		const wallMs = Date.now() - began;
		/** @type {{ id: string, status: string, createdAt: number }[]} */
		let executions = [];
		let stableSince = Date.now();
		await waitFor(
			async () => {
				const now = (await reader.list(receive.workflowId)).slice(executionsBefore);
				if (now.length !== executions.length) stableSince = Date.now();
				executions = now;
				return Date.now() - stableSince > 5000 && executions.every(({ status }) => !['new', 'running'].includes(status));
			},
			240_000,
			`the executions of ${receive.name} settle`,
		);
		/** @type {Map<string, number>} */
		const perTask = new Map(taskIds.map((id) => [id, 0]));
		const stored = await Promise.all(executions.map(({ id }) => reader.finished(id)));
		const createdAt = new Map(executions.map(({ id, createdAt }) => [id, createdAt]));
		const items = stored.map((execution) => ({ execution, createdAt: Number(createdAt.get(execution.id)), item: itemsOf(execution.data.resultData?.runData ?? {}, trigger.name)[0] }));
		const bytes = await databaseBinaries(postgres, items.map(({ item }) => String(item?.binary?.data?.id ?? '')));
		for (const { execution, item } of items) {
			const taskId = String(item?.json.taskId);
			check(execution.status === 'success' && perTask.has(taskId), `execution ${execution.id} of ${receive.name}: a task of the batch, success`, `${execution.status}, task ${taskId}`);
			perTask.set(taskId, Number(perTask.get(taskId)) + 1);
			const task = /** @type {NonNullable<ReturnType<typeof simulator.task>>} */ (simulator.task(taskId));
			if (trigger.parameters.download) {
				checkStoredBinary({ label: `execution ${execution.id}: the result of task ${taskId}`, binary: item?.binary?.data ?? {}, task, store: { mode: 'database', bytes } });
			} else {
				check(item?.json.status === 'completed' && item.json.imageUrl === task.resultUrl, `execution ${execution.id}: task ${taskId} completed, with its result URL`, JSON.stringify(item?.json).slice(0, 200));
			}
		}
		// When the first execution of each task was created: just after the trigger's webhook() returned, when n8n saves
		// the static data with the event.
		/** @type {Map<string, number>} */
		const firstStart = new Map();
		for (const { item, createdAt: at } of items) {
			const taskId = String(item?.json.taskId);
			if (!firstStart.has(taskId) || at < Number(firstStart.get(taskId))) firstStart.set(taskId, at);
		}
		return { taskIds, perTask, answers: answers(), wallMs, trigger, firstStart };
	} finally {
		simulator.configure({ duplicateWebhooks: false, webhookRetryOnError: false, processingMs: 1500, jitter: 0 });
	}
}

/**
 * The 200-task batch, every event twice ('mixed': at the same moment, or a retry delay later, alternating per task).
 * @param {CallbackContext} context
 * @param {number} count
 */
async function checkCallbacksAcrossProcesses(context, count) {
	const { taskIds, perTask, answers, wallMs, trigger, firstStart } = await callbackBatch(context, { count, copies: 2, settings: { duplicateWebhooks: 'mixed' } });
	const lost = taskIds.filter((id) => perTask.get(id) === 0);
	// A task is lost by the node only if a delivery of it was accepted (2xx); when n8n refused every copy (503 under
	// load), PiAPI would have to send it again.
	const accepted = (/** @type {string} */ id) => answers.some(({ request, status }) => request.includes(id) && status >= 200 && status < 300);
	const lostAccepted = lost.filter(accepted);
	check(lostAccepted.length === 0, `every task with an accepted callback started an execution (${lost.length} of ${count} tasks had every copy refused by n8n)`, `${lostAccepted.length} accepted but never started: ${lostAccepted.slice(0, 5).join(', ')}`);
	check(taskIds.every((id) => Number(perTask.get(id)) <= 2), 'no task started more executions than deliveries');
	const acks = answers.filter(({ status }) => status === 200).map(({ body }) => body);
	check(
		acks.every((body) => /^\{"received":true(,"ignored":"duplicate")?\}$/.test(body)),
		`every accepted callback is answered with a JSON ack (${acks.length} answers), never n8n's literal "firstEntryJson"`,
		[...new Set(acks)].join(' | '),
	);
	const [row] = await context.postgres.query('select "staticData" from workflow_entity where id = $1', [context.receive.workflowId]);
	const remembered = row?.staticData?.[`node:${trigger.name}`]?.processedEvents ?? [];
	check(remembered.length >= count * 0.4, `the trigger's static data holds the events of many callbacks (${remembered.length} of ${count}), not only the first`, String(remembered.length));

	/** @type {Record<'together' | 'later', { tasks: number, duplicated: number, split: number }>} */
	const byRepeat = { together: { tasks: 0, duplicated: 0, split: 0 }, later: { tasks: 0, duplicated: 0, split: 0 } };
	/** @type {number[]} the first copy answered → its execution created (≈ the trigger's event saved) */
	const savedAfterMs = [];
	/** @type {number[]} the first copy's arrival → its answer */
	const answerMs = [];
	for (const id of taskIds) {
		const copies = answers.filter(({ request }) => request.includes(id));
		if (copies.length < 2) continue;
		if (firstStart.has(id)) savedAfterMs.push(Number(firstStart.get(id)) - copies[0].answeredAt);
		const kind = Math.abs(copies[1].at - copies[0].at) < TOGETHER_MS ? 'together' : 'later';
		answerMs.push(copies[0].answeredAt - copies[0].at);
		byRepeat[kind].tasks += 1;
		if (Number(perTask.get(id)) >= 2) byRepeat[kind].duplicated += 1;
		if (copies[0].port !== copies[1].port) byRepeat[kind].split += 1;
	}
	const counts = countBy(answers.map(({ status }) => String(status)));
	const figures = {
		tasks: count,
		deliveries: answers.length,
		executions: [...perTask.values()].reduce((sum, n) => sum + n, 0),
		exactlyOnce: taskIds.filter((id) => perTask.get(id) === 1).length,
		duplicated: taskIds.filter((id) => Number(perTask.get(id)) >= 2).length,
		lost: lost.length,
		byRepeat,
		answers: counts,
		byProcess: countBy(answers.map(({ port }) => String(port))),
		rememberedEvents: remembered.length,
		savedAfterMs: medianAndMax(savedAfterMs),
		answerMs: medianAndMax(answerMs),
		download: Boolean(trigger.parameters.download),
		retryDelayMs: context.simulator.config().webhookRetryDelayMs,
		wallMs,
	};
	info(JSON.stringify(figures));
	return figures;
}

/**
 * n8n's 503 for the first delivery of each task of a small batch (one delivery per event), with and without PiAPI
 * retrying a delivery not answered 2xx.
 * @param {CallbackContext} context
 * @param {number} count
 */
async function checkNotReadyAnswers(context, count) {
	/** @type {Record<string, { tasks: number, notReady: number, executions: number, lost: number }>} */
	const figures = {};
	for (const retry of [false, true]) {
		const { taskIds, perTask } = await callbackBatch(context, { count, copies: retry ? 2 : 1, settings: { webhookRetryOnError: retry }, notReady: count });
		const lost = taskIds.filter((id) => perTask.get(id) === 0).length;
		const executions = [...perTask.values()].reduce((sum, n) => sum + n, 0);
		if (retry) check(lost === 0 && executions === count, `with PiAPI retrying: each of the ${count} tasks answered 503 once started one execution (the retry)`, `${lost} lost, ${executions} executions`);
		else check(lost === count, `without PiAPI retrying: the ${count} tasks answered 503 started nothing (the user collects them with Get Task)`, `${lost} lost`);
		figures[retry ? 'retried' : 'notRetried'] = { tasks: count, notReady: count, executions, lost };
	}
	info(JSON.stringify(figures));
	return figures;
}

/** @param {number[]} values */
function medianAndMax(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return { median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
}

/** @param {string[]} values */
function countBy(values) {
	/** @type {Record<string, number>} */
	const counts = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

module.exports = { checkCallbacksAcrossProcesses, checkNotReadyAnswers };
