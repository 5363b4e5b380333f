// @ts-check
// Wait Method "Until PiAPI Calls Back" in `n8n start` (examples/07): the workflow is run as the editor runs it; while
// the simulator works on the task the execution is stored as `waiting` (no process runs it); a callback to its resume
// URL without the node's secret is refused (401) and leaves it waiting; the simulator's callback resumes it, and it
// ends in success with the completed task, never polled, and the result image stored byte for byte.
const path = require('node:path');
const { checkStoredBinary } = require('./execution-checks');
const { PIAPI_NODE_TYPE } = require('./examples');
const { E2eFailure, check, info } = require('./report');

/** @typedef {import('./examples').Example} Example */
/** @typedef {import('./execution-checks').Item} Item */

// Long enough to see the execution waiting and to send a wrong callback; PiAPI's tasks take longer still.
const PROCESSING_MS = 6000;

/**
 * @param {import('./n8n-server').N8nServer} server
 * @param {{ parse: (text: string) => any }} flatted
 * @param {string} executionId
 */
async function readExecution(server, flatted, executionId) {
	const execution = await server.rest.call('GET', `/rest/executions/${executionId}`);
	const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
	return { status: String(execution.status), runData: data?.resultData?.runData ?? {} };
}

/**
 * @param {() => Promise<boolean>} condition
 * @param {number} timeoutMs
 * @param {string} what
 */
async function waitFor(condition, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new E2eFailure(`${what}: not within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * @param {object} options
 * @param {import('./n8n-server').N8nServer} options.server
 * @param {string} options.n8nDir
 * @param {Example} options.example
 * @param {import('../../simulator').Simulator} options.simulator
 * @param {string} options.userFolder
 */
async function checkWaitingExecution({ server, n8nDir, example, simulator, userFolder }) {
	const flatted = require(path.join(n8nDir, 'node_modules', 'flatted'));
	const swap = example.workflow.nodes.find((node) => node.type === PIAPI_NODE_TYPE);
	const manual = example.workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!swap || !manual) throw new E2eFailure(`${example.name} needs a Manual Trigger and a Swap Faces node`);
	const before = simulator.tasks().length;
	const { processingMs } = simulator.config();
	simulator.configure({ processingMs: PROCESSING_MS });
	try {
		const { executionId } = await server.rest.call('POST', `/rest/workflows/${example.workflowId}/run`, {
			triggerToStartFrom: { name: manual.name },
		});
		/** @type {import('../../simulator').TaskSnapshot | undefined} */
		let task;
		await waitFor(async () => {
			task = simulator.tasks()[before];
			return Boolean(task) && (await readExecution(server, flatted, executionId)).status === 'waiting';
		}, 60_000, `execution ${executionId} creates its task and is stored as waiting`);
		const created = /** @type {import('../../simulator').TaskSnapshot} */ (task);
		check(created.status !== 'completed', `execution ${executionId} is waiting while the simulator works (task ${created.status})`);
		const endpoint = String(created.webhookEndpoint);
		check(
			endpoint.startsWith(`${server.baseUrl}/webhook-waiting/${executionId}?signature=`),
			'PiAPI was given the execution’s resume URL (with its signature) as callback endpoint',
			endpoint,
		);

		const wrong = await fetch(endpoint, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-webhook-secret': 'not-the-secret' },
			body: JSON.stringify({ timestamp: 0, data: { task_id: created.id, status: 'completed', output: {} } }),
		});
		check(wrong.status === 401, 'a callback with a wrong secret is refused with 401', String(wrong.status));
		const still = await readExecution(server, flatted, executionId);
		check(still.status === 'waiting', 'after it the execution is still waiting', still.status);

		await waitFor(
			async () => (await readExecution(server, flatted, executionId)).status !== 'waiting',
			PROCESSING_MS + 60_000,
			'the simulator’s callback resumes the execution',
		);
		await waitFor(async () => {
			const { status } = await readExecution(server, flatted, executionId);
			return status !== 'running' && status !== 'new';
		}, 60_000, `execution ${executionId} finishes`);
		const { status, runData } = await readExecution(server, flatted, executionId);
		const items = /** @type {Item[]} */ ((runData[swap.name] ?? []).at(-1)?.data?.main?.[0] ?? []);
		check(status === 'success' && items.length === 1, `execution ${executionId} ends in success with one item`, `${status}, ${items.length} items`);
		const final = simulator.task(created.id);
		check(items[0].json.taskId === created.id && items[0].json.status === 'completed', `its item is task ${created.id}, completed`, JSON.stringify(items[0].json).slice(0, 300));
		check(final?.polls === 0, `task ${created.id} was never polled`, `${final?.polls} polls`);
		checkStoredBinary({ label: `${example.name} › ${swap.name} binary "data"`, binary: items[0].binary?.data ?? {}, task: /** @type {NonNullable<typeof final>} */ (final), userFolder });
		info(`execution ${executionId}: waiting → success; task ${created.id}, ${final?.webhooksSent} callback(s)`);
	} finally {
		simulator.configure({ processingMs });
	}
}

module.exports = { checkWaitingExecution };
