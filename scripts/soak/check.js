// @ts-check
// The soak's checks on one run: every item's output (order, pairing, bytes, known failures with task IDs), tasks and
// creation requests per item (from the simulator's own counts), and the API key nowhere in n8n's result.
const harness = require('../../test/harness');
const { itemOf } = require('../../simulator/creations');
const { SETTINGS, kindOf } = require('./settings');
const { leaksIn } = require('./leaks');

/** @typedef {import('n8n-workflow').INodeExecutionData} Item */

// Failures a fault or the item's own task may cause, and whether a task exists then (so the ID must be named).
/** @type {Array<{ name: string, pattern: RegExp, task: boolean }>} */
const FAILURES = [
	{ name: 'no face found (failed task)', pattern: /^PiAPI could not complete the face swap: invalid request, no face found/, task: true },
	{ name: 'timed out', pattern: /^Task \S+ did not finish within \d+ s/, task: true },
	// The node cannot name a task whose creation answer it never got: it names the time to find it by instead.
	{ name: 'creation answer lost', pattern: /^PiAPI may have created \(and billed\) a task, but its answer was lost: /, task: false },
	{ name: 'server error page', pattern: /^PiAPI had a server error \(HTTP 50[02]\)$/, task: false },
	{ name: 'connection reset', pattern: /^Could not reach PiAPI: the connection was reset$/, task: false },
	{ name: 'malformed JSON', pattern: /^PiAPI sent a response that is not valid JSON \(HTTP 200\)$/, task: false },
	{ name: 'download failed', pattern: /^Could not download the result image of task \S+: /, task: true },
];
// The last three end an item only after its task exists (polls that kept failing), and then the task ID must be named.
const FINDING_THE_TASK = /Look in your PiAPI task list for a task created at about \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/;

/**
 * @param {object} run
 * @param {number} run.items
 * @param {Array<{ json: { index: number, target: string, swap: string } }>} run.input
 * @param {Awaited<ReturnType<typeof harness.runNode>>} run.result
 * @param {import('../../simulator').Simulator} run.sim
 * @param {{ byTask: Map<string, { index: number, deliveries: number }>, deliveries: () => number }} run.hooks
 */
async function checkRun({ items, input, result, sim, hooks }) {
	const problems = /** @type {string[]} */ ([]);
	const problem = (/** @type {string} */ text) => problems.length < 50 && problems.push(text);
	if (result.error) problem(`the node failed: ${result.error.message}`);
	if (result.items.length !== items) problem(`${result.items.length} output items for ${items} input items`);

	const tasks = new Map(sim.tasks().map((task) => [task.id, task]));
	// Which item each task belongs to (from the webhooks) and how many tasks each item created.
	const tasksPerItem = new Array(items).fill(0);
	for (const [taskId, hook] of hooks.byTask) {
		tasksPerItem[hook.index]++;
		if (hook.deliveries !== 2) problem(`task ${taskId}: ${hook.deliveries} webhook deliveries, expected 2`);
	}
	const unmapped = [...tasks.keys()].filter((id) => !hooks.byTask.has(id));
	if (unmapped.length) problem(`${unmapped.length} tasks without a webhook (cannot tell their item)`);
	const creations = creationCounts({ items, input, sim, problem });

	/** @type {Record<string, number>} */
	const outcomes = {};
	let resultBytes = 0;
	const count = (/** @type {string} */ name) => (outcomes[name] = (outcomes[name] ?? 0) + 1);
	for (let index = 0; index < Math.min(items, result.items.length); index++) {
		const item = /** @type {Item} */ (result.items[index]);
		const at = `item ${index} (${kindOf(index)})`;
		const paired = /** @type {{ item?: number }} */ (item.pairedItem);
		if (paired?.item !== index) problem(`${at}: pairedItem ${JSON.stringify(item.pairedItem)}`);
		const taskId = typeof item.json.taskId === 'string' ? item.json.taskId : undefined;
		const task = taskId ? tasks.get(taskId) : undefined;
		if (taskId && hooks.byTask.get(taskId)?.index !== index) problem(`${at}: carries task ${taskId} of another item`);
		const { target, swap } = input[index].json;
		if (taskId && (task?.input.target_image !== target || task?.input.swap_image !== swap)) problem(`${at}: task ${taskId} has other images`);

		if (item.json.error === undefined) {
			count('succeeded');
			if (kindOf(index) === 'noface') problem(`${at}: succeeded`);
			// The Wait Timeout bounds the polls and their retries: a task that outlasts it is never returned.
			if (kindOf(index) === 'long') problem(`${at}: succeeded although its task outlasts the Wait Timeout`);
			if (item.json.status !== 'completed' || !task?.resultBytes) {
				problem(`${at}: no error, but status ${String(item.json.status)}`);
				continue;
			}
			const bytes = await harness.readBinary(item, 'data');
			resultBytes += bytes.length;
			if (!bytes.equals(task.resultBytes)) problem(`${at}: ${bytes.length} bytes differ from the simulator's ${task.resultBytes.length}`);
			continue;
		}
		const message = String(item.json.error);
		const failure = FAILURES.find(({ pattern }) => pattern.test(message));
		if (!failure) {
			problem(`${at}: unexpected failure "${message}"`);
			count(`other: ${message.slice(0, 60)}`);
			continue;
		}
		if (failure.name === 'creation answer lost') {
			count(`creation answer lost: ${tasksPerItem[index] ? 'PiAPI had made the task' : 'no task made'}`);
			if (!FINDING_THE_TASK.test(String(item.json.description))) problem(`${at}: "${message}" without the way to find the task`);
			continue;
		}
		if (tasksPerItem[index] === 1 && !taskId) problem(`${at}: created a task but its output names none`);
		const afterCreation = failure.task || tasksPerItem[index] > 0;
		count(failure.task ? `${failure.name} (${kindOf(index)} item)` : `${afterCreation ? 'polling gave up' : 'creation failed'}: ${failure.name}`);
		if (afterCreation && !taskId) problem(`${at}: "${message}" without the task ID`);
		if (!afterCreation) problem(`${at}: "${message}" after a creation, without saying a task may exist`);
		// A face-less task fails at once; only polls that kept being refused until the Wait Timeout can hide that.
		if (kindOf(index) === 'noface' && failure.task && !['no face found (failed task)', 'timed out'].includes(failure.name)) {
			problem(`${at}: ${message}`);
		}
		if (kindOf(index) === 'long' && failure.task && failure.name !== 'timed out') problem(`${at}: ${message}`);
	}
	const itemsWithTwoTasks = tasksPerItem.filter((n) => n > 1).length;
	if (itemsWithTwoTasks) problem(`${itemsWithTwoTasks} items created more than one task`);
	const leaks = leaksIn(result, [SETTINGS.apiKey, 'SOAKCANARY', '2b7e1c9d4f60']);
	for (const leak of leaks) problem(`API key in n8n's result: ${leak}`);
	return {
		problems,
		outcomes,
		itemsWithTwoTasks,
		creations,
		keyLeaks: leaks.length,
		tasksCreated: tasks.size,
		webhookDeliveries: hooks.deliveries(),
		averageResultBytes: Math.round(resultBytes / Math.max(1, outcomes.succeeded ?? 0)),
	};
}

/**
 * Creation requests per input item, as the simulator counted them (by the item's image URLs): every item sent at
 * least one, and none sent one again after an answer that was not a refusal (repeatedCreations).
 * @param {{ items: number, input: Array<{ json: { target: string, swap: string } }>, sim: import('../../simulator').Simulator, problem: (text: string) => void }} run
 */
function creationCounts({ items, input, sim, problem }) {
	const byItem = new Map(sim.creations().map((entry) => [entry.item, entry.requests]));
	/** @type {Record<string, number>} items by their number of creation requests */
	const requestsPerItem = {};
	let afterRefusal = 0;
	let lostAnswers = 0;
	for (let index = 0; index < items; index++) {
		const { target, swap } = input[index].json;
		const requests = byItem.get(itemOf({ target_image: target, swap_image: swap })) ?? [];
		requestsPerItem[requests.length] = (requestsPerItem[requests.length] ?? 0) + 1;
		if (requests.length === 0) problem(`item ${index}: no creation request reached the simulator`);
		afterRefusal += requests.filter((request) => request.answer === 'refused').length;
		lostAnswers += requests.filter((request) => request.answer === 'lost').length;
	}
	const repeated = sim.repeatedCreations();
	for (const entry of repeated.slice(0, 5)) {
		problem(`creation sent again after "${entry.requests.map((r) => `${r.answer}${r.fault ? ` (${r.fault})` : ''}`).join('", then "')}": ${entry.item}`);
	}
	if (repeated.length) problem(`${repeated.length} items had their creation sent again after an answer that was not a refusal`);
	const total = [...byItem.values()].reduce((sum, requests) => sum + requests.length, 0);
	return { total, requestsPerItem, refusedThenRetried: afterRefusal, lostAnswers, repeated: repeated.length };
}

module.exports = { checkRun };
