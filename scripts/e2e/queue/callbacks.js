// @ts-check
// Check 3: callback mode across the webhook processes. A batch submitted through a production webhook (a worker runs
// Swap Faces with Wait for Completion off and the Callback URL at the proxy); the simulator calls the receiving
// workflow's PiAPI Trigger back, each event twice (at the same moment, or a retry delay later).
// - README's recipe, the trigger's path sent to one webhook process by the proxy: exactly one execution per task, none
//   lost, every event in the trigger's static data (checkCallbacksToOneProcess).
// - Round robin over both webhook processes, a measurement: executions per task, split by how the repeat came, the
//   answers, the events the static data holds, and how many tasks n8n's Remove Duplicates node let through twice; its
//   checks are that the counts add up (checkCallbacksAcrossProcesses).
// Then n8n's `503 Database is not ready!` (seen under load) for a batch's first deliveries, with PiAPI retrying such a
// delivery and without (PiAPI's behaviour is not published: the simulator's webhookRetryOnError, both ways).
const { checkStoredBinary } = require('../execution-checks');
const { PIAPI_TRIGGER_TYPE } = require('../examples');
const { itemsOf, waitFor } = require('../callback-pair');
const { check, info } = require('../report');
const { summary } = require('../summary');
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
 * @param {{ count: number, copies: number, settings: Record<string, unknown>, notReady?: number, oneProcess?: boolean,
 *   dedupe?: { node: string, after: string } }} run notReady: the first deliveries answered 503 by the proxy; oneProcess:
 *   README's recipe (the trigger's path to one webhook process); dedupe: the workflow's Remove Duplicates node and the
 *   node after it, whose items are counted per task (an execution may fail in that node)
 */
async function callbackBatch({ reader, simulator, proxy, postgres, receive, submitWorkflowId, submitPath }, { count, copies, settings, notReady = 0, oneProcess = false, dedupe }) {
	const trigger = /** @type {import('../examples').WorkflowNode} */ (receive.workflow.nodes.find((node) => node.type === PIAPI_TRIGGER_TYPE));
	const triggerPath = `/webhook/${trigger.webhookId}/webhook`;
	const answeredBefore = proxy.answered().length;
	const [{ n: executionsBefore }] = await postgres.query('select count(*)::int as n from execution_entity where "workflowId" = $1', [receive.workflowId]);
	const submitsBefore = (await reader.list(submitWorkflowId)).length;
	simulator.configure({ processingMs: 600, jitter: 0.5, webhookRetryDelayMs: 3000, ...settings });
	if (notReady) proxy.answerItself({ path: triggerPath, status: 503, body: NOT_READY, times: notReady });
	if (oneProcess) proxy.sendPathToOne(triggerPath);
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
		/** @type {Map<string, number>} tasks → executions in which they reached the node after Remove Duplicates */
		const passedDedupe = new Map(taskIds.map((id) => [id, 0]));
		let failedInDedupe = 0;
		for (const { execution, item } of items) {
			const taskId = String(item?.json.taskId);
			const resultData = execution.data.resultData;
			// Remove Duplicates reads and writes its history without a lock: two executions at once may both insert it.
			const inDedupe = Boolean(dedupe) && execution.status === 'error' && resultData?.lastNodeExecuted === dedupe?.node;
			if (inDedupe) failedInDedupe += 1;
			check((execution.status === 'success' || inDedupe) && perTask.has(taskId), `execution ${execution.id} of ${receive.name}: a task of the batch, success`, `${execution.status}, task ${taskId}, last node ${resultData?.lastNodeExecuted}`);
			perTask.set(taskId, Number(perTask.get(taskId)) + 1);
			if (dedupe) {
				for (const passed of itemsOf(resultData?.runData ?? {}, dedupe.after)) {
					const id = String(passed.json.taskId);
					check(id === taskId, `execution ${execution.id}: after ${dedupe.node}, only its own task`, `${id} in the execution of ${taskId}`);
					passedDedupe.set(id, Number(passedDedupe.get(id)) + 1);
				}
			}
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
		const [row] = await postgres.query('select "staticData" from workflow_entity where id = $1', [receive.workflowId]);
		/** @type {string[]} */
		const remembered = row?.staticData?.[`node:${trigger.name}`]?.processedEvents ?? [];
		return { taskIds, perTask, answers: answers(), wallMs, trigger, firstStart, remembered, passedDedupe, failedInDedupe };
	} finally {
		proxy.sendPathToOne(undefined);
		simulator.configure({ duplicateWebhooks: false, webhookRetryOnError: false, processingMs: 1500, jitter: 0 });
	}
}

const ACK = '{"received":true}';
const ACK_DUPLICATE = '{"received":true,"ignored":"duplicate"}';

/**
 * README's recipe: the trigger's path sent to one webhook process, every event delivered twice ('mixed': both copies at
 * the same moment, or the copy a retry delay later, alternating per task). No task with two executions, none lost but
 * those whose every copy n8n refused (503), the event of every task received in the trigger's static data.
 * @param {CallbackContext} context
 * @param {number} count
 */
async function checkCallbacksToOneProcess(context, count) {
	const { taskIds, perTask, answers, trigger, remembered } = await callbackBatch(context, { count, copies: 2, settings: { duplicateWebhooks: 'mixed' }, oneProcess: true });
	const ports = new Set(answers.map(({ port }) => port));
	check(ports.size === 1 && !ports.has(0), `all ${answers.length} deliveries reached one webhook process`, `ports ${[...ports].join(', ')}`);
	const twice = taskIds.filter((id) => Number(perTask.get(id)) > 1);
	check(twice.length === 0, `no task started a second execution although every event came twice`, `${twice.length} tasks with more than one: ${twice.slice(0, 5).join(', ')}`);
	// n8n may refuse a delivery under load (503 Database is not ready!, see checkNotReadyAnswers): a task whose every
	// copy was refused is n8n's loss, counted and reported; every other task must have started its execution.
	const answersOf = (/** @type {string} */ id) => answers.filter(({ request }) => request.includes(id));
	const refused = taskIds.filter((id) => answersOf(id).every(({ status }) => status === 503));
	const lost = taskIds.filter((id) => perTask.get(id) === 0);
	const lostAccepted = lost.filter((id) => !refused.includes(id));
	check(
		lostAccepted.length === 0,
		`none of the ${count} tasks is lost (${refused.length} had every copy refused with n8n's 503, which PiAPI would have to send again)`,
		`${lostAccepted.length} with an accepted callback but no execution: ${lostAccepted.slice(0, 3).map((id) => `${id} (${answersOf(id).map(({ status, body }) => `${status} ${body.slice(0, 60)}`).join(' / ')})`).join(', ')}`,
	);
	const bodies = countBy(answers.map(({ status, body }) => (status === 503 ? '503' : `${status} ${body}`)));
	const accepted = count - refused.length;
	check(
		bodies[`200 ${ACK}`] === accepted && (bodies['503'] ?? 0) + accepted + (bodies[`200 ${ACK_DUPLICATE}`] ?? 0) === answers.length,
		`each accepted event answered ${ACK} once, its other copies ${ACK_DUPLICATE} (or 503)`,
		JSON.stringify(bodies),
	);
	const events = new Set(remembered);
	const forgotten = taskIds.filter((id) => !refused.includes(id) && !events.has(`${id}:completed`));
	check(forgotten.length === 0, `the trigger's static data holds the events of all ${accepted} tasks it received (a restart would still ignore their repeats)`, `${forgotten.length} missing: ${forgotten.slice(0, 5).join(', ')}`);
	const figures = {
		tasks: count,
		deliveries: answers.length,
		executions: sum([...perTask.values()]),
		exactlyOnce: taskIds.filter((id) => perTask.get(id) === 1).length,
		duplicated: twice.length,
		lost: lost.length,
		refused: refused.length,
		answers: countBy(answers.map(({ status }) => String(status))),
		rememberedEvents: taskIds.filter((id) => events.has(`${id}:completed`)).length,
		download: Boolean(trigger.parameters.download),
		retryDelayMs: context.simulator.config().webhookRetryDelayMs,
	};
	info(JSON.stringify(figures));
	return figures;
}

/**
 * The measurement across processes: the batch, every event twice ('mixed'), round robin over both webhook processes.
 * What may vary from run to run is reported, not checked; what is checked is that the counts add up.
 * @param {CallbackContext} context
 * @param {number} count
 * @param {{ dedupe?: { node: string, after: string } }} [options] dedupe: a Remove Duplicates node after the trigger
 */
async function checkCallbacksAcrossProcesses(context, count, { dedupe } = {}) {
	const run = await callbackBatch(context, { count, copies: 2, settings: { duplicateWebhooks: 'mixed' }, dedupe });
	const { taskIds, perTask, answers, wallMs, trigger, firstStart, remembered } = run;
	const lost = taskIds.filter((id) => perTask.get(id) === 0);
	// A task is lost by the node only if a delivery of it was accepted (2xx); when n8n refused every copy (503 under
	// load), PiAPI would have to send it again.
	const accepted = (/** @type {string} */ id) => answers.some(({ request, status }) => request.includes(id) && status >= 200 && status < 300);
	const lostAccepted = lost.filter(accepted);
	check(lostAccepted.length === 0, `every task with an accepted callback started an execution (${lost.length} of ${count} tasks had every copy refused by n8n)`, `${lostAccepted.length} accepted but never started: ${lostAccepted.slice(0, 5).join(', ')}`);
	check(taskIds.every((id) => Number(perTask.get(id)) <= 2), 'no task started more executions than deliveries');
	const executions = sum([...perTask.values()]);
	const acks = answers.filter(({ status }) => status === 200).map(({ body }) => body);
	check(
		acks.every((body) => body === ACK || body === ACK_DUPLICATE),
		`every accepted callback is answered with a JSON ack (${acks.length} answers), never n8n's literal "firstEntryJson"`,
		[...new Set(acks)].join(' | '),
	);
	// Each plain ack started one execution, each duplicate ack none: the second executions counted are the filter's misses.
	const started = acks.filter((body) => body === ACK).length;
	check(started === executions, `the ${started} callbacks answered ${ACK} started the ${executions} executions counted`, `${started} acks, ${executions} executions`);
	const events = remembered.filter((event) => taskIds.some((id) => event === `${id}:completed`));
	check(new Set(remembered).size === remembered.length, `the trigger's static data holds each event once (${events.length} of this batch's ${count})`, `${remembered.length} entries, ${new Set(remembered).size} distinct`);

	/** @type {Record<'together' | 'later', { tasks: number, duplicated: number, split: number, splitDuplicated: number }>} split: the copies at different processes */
	const byRepeat = { together: { tasks: 0, duplicated: 0, split: 0, splitDuplicated: 0 }, later: { tasks: 0, duplicated: 0, split: 0, splitDuplicated: 0 } };
	/** @type {number[]} the first copy answered → its execution created (≈ the trigger's event saved) */
	const savedAfterMs = [];
	const copiesOf = new Map(taskIds.map((id) => [id, answers.filter(({ request }) => request.includes(id))]));
	const notTwice = taskIds.filter((id) => copiesOf.get(id)?.length !== 2);
	check(notTwice.length === 0, `each of the ${count} tasks' events delivered twice`, `${notTwice.length} tasks otherwise: ${notTwice.slice(0, 5).join(', ')}`);
	for (const id of taskIds) {
		const copies = /** @type {ReturnType<CallbackContext['proxy']['answered']>} */ (copiesOf.get(id));
		if (firstStart.has(id)) savedAfterMs.push(Number(firstStart.get(id)) - copies[0].answeredAt);
		const kind = Math.abs(copies[1].at - copies[0].at) < TOGETHER_MS ? 'together' : 'later';
		byRepeat[kind].tasks += 1;
		const duplicated = Number(perTask.get(id)) >= 2;
		const split = copies[0].port !== copies[1].port;
		if (duplicated) byRepeat[kind].duplicated += 1;
		if (split) byRepeat[kind].split += 1;
		if (split && duplicated) byRepeat[kind].splitDuplicated += 1;
	}
	const figures = {
		tasks: count,
		deliveries: answers.length,
		executions,
		exactlyOnce: taskIds.filter((id) => perTask.get(id) === 1).length,
		duplicated: taskIds.filter((id) => Number(perTask.get(id)) >= 2).length,
		lost: lost.length,
		byRepeat,
		answers: countBy(answers.map(({ status }) => String(status))),
		byProcess: countBy(answers.map(({ port }) => String(port))),
		rememberedEvents: events.length,
		savedAfterMs: summary(savedAfterMs),
		/** every delivery's arrival → its answer */
		answerMs: summary(answers.map(({ at, answeredAt }) => answeredAt - at)),
		download: Boolean(trigger.parameters.download),
		retryDelayMs: context.simulator.config().webhookRetryDelayMs,
		wallMs,
		...(dedupe ? { dedupe: dedupeFigures(run) } : {}),
	};
	const { exactlyOnce, duplicated } = figures;
	check(
		exactlyOnce + duplicated + lost.length === count && byRepeat.together.tasks + byRepeat.later.tasks === count && byRepeat.together.duplicated + byRepeat.later.duplicated === duplicated,
		'the figures add up: tasks run once + twice + lost = tasks; repeats together + later = tasks',
		JSON.stringify({ exactlyOnce, duplicated, lost: lost.length, byRepeat }),
	);
	info(JSON.stringify(figures));
	return figures;
}

/**
 * What n8n's Remove Duplicates node (history of previous executions, keyed by task ID) let through.
 * @param {Awaited<ReturnType<typeof callbackBatch>>} run
 */
function dedupeFigures({ taskIds, perTask, passedDedupe, failedInDedupe }) {
	const passed = (/** @type {string} */ id) => Number(passedDedupe.get(id));
	const figures = {
		// tasks whose execution(s) reached the node after Remove Duplicates more than once, once, never
		doubles: taskIds.filter((id) => passed(id) > 1).length,
		once: taskIds.filter((id) => passed(id) === 1).length,
		none: taskIds.filter((id) => passed(id) === 0).length,
		// of the tasks that started two executions: how many Remove Duplicates reduced to one
		caught: taskIds.filter((id) => Number(perTask.get(id)) >= 2 && passed(id) === 1).length,
		failedInDedupe,
	};
	check(taskIds.every((id) => passed(id) <= Number(perTask.get(id))), 'no task passed Remove Duplicates more often than it started executions');
	check(figures.doubles + figures.once + figures.none === taskIds.length, 'Remove Duplicates: tasks passed twice + once + never = tasks');
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
		const executions = sum([...perTask.values()]);
		if (retry) check(lost === 0 && executions === count, `with PiAPI retrying: each of the ${count} tasks answered 503 once started one execution (the retry)`, `${lost} lost, ${executions} executions`);
		else check(lost === count, `without PiAPI retrying: the ${count} tasks answered 503 started nothing (the user collects them with Get Task)`, `${lost} lost`);
		figures[retry ? 'retried' : 'notRetried'] = { tasks: count, notReady: count, executions, lost };
	}
	info(JSON.stringify(figures));
	return figures;
}

/** @param {number[]} values */
function sum(values) {
	return values.reduce((total, n) => total + n, 0);
}

/** @param {string[]} values */
function countBy(values) {
	/** @type {Record<string, number>} */
	const counts = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

module.exports = { checkCallbacksAcrossProcesses, checkCallbacksToOneProcess, checkNotReadyAnswers };
