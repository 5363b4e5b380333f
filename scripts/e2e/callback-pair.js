// @ts-check
// The callback examples in `n8n start`: the receiving workflow (PiAPI Trigger) is active, the submitting one is run
// as the editor runs it (POST /rest/workflows/:id/run), and the simulator calls the trigger's Production URL back on
// loopback. What must hold:
// - a callback without the right secret is refused with 401 and starts nothing;
// - the submitting run succeeds at once with one task id per item, and nobody polls (the simulator counts polls);
// - every task starts exactly one execution of the receiver although the simulator delivers each callback twice
//   (PiAPI may repeat deliveries); its item has the task, completed, and the result image byte for byte.
const path = require('node:path');
const { checkStoredBinary } = require('./execution-checks');
const { PIAPI_NODE_TYPE, PIAPI_TRIGGER_TYPE } = require('./examples');
const { E2eFailure, check, info } = require('./report');

/** @typedef {import('./examples').Example} Example */
/** @typedef {import('./execution-checks').Item} Item */
/** @typedef {import('../../simulator').Simulator} Simulator */
/** @typedef {{ id: string, status: string, mode: string, workflowId: string }} ExecutionSummary */

/**
 * @param {() => Promise<boolean>} condition
 * @param {number} timeoutMs
 * @param {string} what for the failure message
 */
async function waitFor(condition, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new E2eFailure(`${what}: not within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * @param {import('./n8n-server').N8nServer} server
 * @param {string} workflowId
 * @returns {Promise<ExecutionSummary[]>}
 */
async function listExecutions(server, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await server.rest.call('GET', `/rest/executions?filter=${filter}&limit=100`);
	return page.results;
}

/**
 * A finished execution's run data: the REST API sends it as n8n stores it, serialized with `flatted`.
 * @param {{ server: import('./n8n-server').N8nServer, flatted: { parse: (text: string) => any } }} n8n
 * @param {string} executionId
 * @returns {Promise<{ status: string, runData: Record<string, { data?: { main?: (Item[] | null)[] } }[]> }>}
 */
async function finishedExecution({ server, flatted }, executionId) {
	/** @type {any} */
	let execution;
	await waitFor(
		async () => {
			execution = await server.rest.call('GET', `/rest/executions/${executionId}`);
			return Boolean(execution?.stoppedAt) && execution.status !== 'running';
		},
		60_000,
		`execution ${executionId} finishes`,
	);
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	return { status: execution.status, runData: data?.resultData?.runData ?? {} };
}

/** @param {Record<string, { data?: { main?: (Item[] | null)[] } }[]>} runData @param {string} nodeName */
function itemsOf(runData, nodeName) {
	return (runData[nodeName] ?? []).flatMap((run) => (run.data?.main ?? []).flatMap((output) => output ?? []));
}

/** @param {Example} example */
function callbackUrlOf(example) {
	const swap = example.workflow.nodes.find((node) => node.type === PIAPI_NODE_TYPE);
	return String(/** @type {{ webhookUrl?: string } | undefined} */ (swap?.parameters.options)?.webhookUrl ?? '');
}

/**
 * The receiving example whose trigger the submitting one calls back.
 * @param {Example} submit
 * @param {Example[]} receivers
 */
function receiverOf(submit, receivers) {
	const url = callbackUrlOf(submit);
	const receive = receivers.find((example) =>
		example.workflow.nodes.some((node) => node.type === PIAPI_TRIGGER_TYPE && node.webhookId && url.includes(`/webhook/${node.webhookId}/`)),
	);
	if (!receive) throw new E2eFailure(`examples/${submit.name}.json calls back ${url}, the trigger of no example`);
	return receive;
}

/**
 * @param {object} options
 * @param {import('./n8n-server').N8nServer} options.server
 * @param {string} options.n8nDir the n8n install (its `flatted`, to read stored executions)
 * @param {Example} options.submit
 * @param {Example} options.receive
 * @param {Simulator} options.simulator
 * @param {string} options.userFolder
 */
async function checkCallbackPair({ server, n8nDir, submit, receive, simulator, userFolder }) {
	const flatted = require(path.join(n8nDir, 'node_modules', 'flatted'));
	const trigger = receive.workflow.nodes.find((node) => node.type === PIAPI_TRIGGER_TYPE);
	const swap = submit.workflow.nodes.find((node) => node.type === PIAPI_NODE_TYPE);
	const manual = submit.workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger?.webhookId || !swap || !manual) {
		throw new E2eFailure(`${receive.name} needs a PiAPI Trigger with a webhookId, ${submit.name} a Manual Trigger and a Swap Faces node`);
	}
	const productionUrl = `${server.baseUrl}/webhook/${trigger.webhookId}/webhook`;
	check(callbackUrlOf(submit) === productionUrl, `${submit.name} calls back the Production URL of ${receive.name}`, callbackUrlOf(submit));
	const options = /** @type {{ webhookSecret?: string }} */ (swap.parameters.options);

	for (const secret of [undefined, `${options.webhookSecret}-wrong`]) {
		const response = await fetch(productionUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(secret ? { 'x-webhook-secret': secret } : {}) },
			body: JSON.stringify({ timestamp: 0, data: { task_id: 'not-a-real-task', status: 'completed', output: {} } }),
		});
		check(response.status === 401, `a callback with ${secret ? 'a wrong' : 'no'} secret is refused with 401`, String(response.status));
	}
	check((await listExecutions(server, receive.workflowId)).length === 0, `refused callbacks started no execution of ${receive.name}`);

	const before = simulator.counters();
	simulator.configure({ duplicateWebhooks: true });
	try {
		const { executionId } = await server.rest.call('POST', `/rest/workflows/${submit.workflowId}/run`, {
			triggerToStartFrom: { name: manual.name },
		});
		const submitted = await finishedExecution({ server, flatted }, executionId);
		const taskIds = itemsOf(submitted.runData, swap.name).map((item) => String(item.json.taskId));
		check(submitted.status === 'success' && taskIds.length > 0, `${submit.name} ran in n8n start and returned ${taskIds.length} task ids`, submitted.status);

		await waitFor(
			async () => taskIds.every((id) => (simulator.task(id)?.webhooksSent ?? 0) >= 2),
			60_000,
			'the simulator delivers every callback twice',
		);
		// A duplicate that got through would start its execution right after its delivery: give it a moment to show.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const executions = await listExecutions(server, receive.workflowId);
		check(
			executions.length === taskIds.length,
			`${receive.name}: ${taskIds.length} tasks × 2 deliveries started exactly ${taskIds.length} executions`,
			`${executions.length} executions`,
		);
		const received = new Set();
		for (const summary of executions) {
			const run = await finishedExecution({ server, flatted }, summary.id);
			const items = itemsOf(run.runData, trigger.name);
			check(run.status === 'success' && summary.mode === 'webhook' && items.length === 1, `execution ${summary.id} started by a callback, one item`, `${run.status}, mode ${summary.mode}, ${items.length} items`);
			const [item] = items;
			const taskId = String(item.json.taskId);
			const task = simulator.task(taskId);
			check(Boolean(task) && taskIds.includes(taskId) && item.json.status === 'completed', `execution ${summary.id}: task ${taskId} of the submitted batch, completed`);
			check(task?.polls === 0, `task ${taskId} was never polled`, `${task?.polls} polls`);
			checkStoredBinary({ label: `${receive.name} › ${trigger.name} binary "data"`, binary: item.binary?.data ?? {}, task: /** @type {NonNullable<typeof task>} */ (task), userFolder });
			received.add(taskId);
		}
		check(received.size === taskIds.length, `every submitted task arrived once (${received.size} of ${taskIds.length})`);
		const after = simulator.counters();
		const sent = after.webhooksSent - before.webhooksSent;
		const failed = after.webhooksFailed - before.webhooksFailed;
		check(sent === 2 * taskIds.length && failed === 0, `the simulator delivered all ${sent} callbacks (none failed)`, `${sent} sent, ${failed} failed`);
		info(`tasks: ${taskIds.join(', ')}`);
	} finally {
		simulator.configure({ duplicateWebhooks: false });
	}
}

module.exports = { checkCallbackPair, finishedExecution, itemsOf, listExecutions, receiverOf, waitFor };
