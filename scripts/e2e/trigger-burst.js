// @ts-check
// The PiAPI Trigger under a burst in `n8n start`: one batch submitted with Wait for Completion off and the Callback URL
// of the receiving example's trigger, its tasks ending within moments of each other, every event delivered twice (both
// at once, or the copy a retry delay later, alternating per task). What must hold: one execution per task, none lost.
// Measured: n8n's answer to each delivery (the trigger answers before it downloads the result).
const path = require('node:path');
const { finishedExecution, itemsOf, listExecutions, waitFor } = require('./callback-pair');
const { PIAPI_TRIGGER_TYPE } = require('./examples');
const { E2eFailure, check, info } = require('./report');
const { summary } = require('./summary');
const { batchWorkflow, startBatch } = require('./queue/workflows');

const PATH = 'piapi-e2e-trigger-burst';
const TASKS = 40;
const PROCESSING_MS = 2000;
const RETRY_DELAY_MS = 2000;

/**
 * The submitting workflow: Webhook → one item per image pair → Swap Faces calling the trigger back.
 * @param {{ id: string, credential: { id: string, name: string }, receive: import('./examples').Example, n8nUrl: string }} options
 */
function triggerBurstWorkflow({ id, credential, receive, n8nUrl }) {
	const trigger = receive.workflow.nodes.find((node) => node.type === PIAPI_TRIGGER_TYPE);
	if (!trigger?.webhookId) throw new E2eFailure(`${receive.name} has no PiAPI Trigger with a webhookId`);
	const options = { webhookUrl: `${n8nUrl}/webhook/${trigger.webhookId}/webhook`, webhookSecret: String(trigger.parameters.callbackSecret) };
	return batchWorkflow({ id, name: 'Trigger burst [e2e]', path: PATH, credential, swap: { waitForCompletion: false, options } });
}

/**
 * @param {object} options
 * @param {import('./n8n-server').N8nServer} options.server
 * @param {string} options.n8nDir the n8n install (its `flatted`, to read stored executions)
 * @param {import('../../simulator').Simulator} options.simulator
 * @param {import('./examples').Example} options.receive
 */
async function checkTriggerBurst({ server, n8nDir, simulator, receive }) {
	const flatted = require(path.join(n8nDir, 'node_modules', 'flatted'));
	const trigger = /** @type {import('./examples').WorkflowNode} */ (receive.workflow.nodes.find((node) => node.type === PIAPI_TRIGGER_TYPE));
	const { processingMs, duplicateWebhooks, webhookRetryDelayMs } = simulator.settings();
	const before = new Set(simulator.tasks().map((task) => task.id));
	const executionsBefore = new Set((await listExecutions(server, receive.workflowId)).map(({ id }) => String(id)));
	simulator.configure({ processingMs: PROCESSING_MS, duplicateWebhooks: 'mixed', webhookRetryDelayMs: RETRY_DELAY_MS });
	try {
		const submitted = await startBatch({ proxyUrl: server.baseUrl, path: PATH, simulatorUrl: simulator.url, count: TASKS });
		check(submitted.status === 200, `a batch of ${TASKS} submitted with the Callback URL of ${receive.name}`, `${submitted.status} ${submitted.body}`);
		const tasks = () => simulator.tasks().filter((task) => !before.has(task.id));
		await waitFor(async () => tasks().length >= TASKS && tasks().every((task) => task.webhooksSent >= 2), 120_000, `${TASKS} tasks created, ended and their events delivered twice`);
		const ids = new Set(tasks().map((task) => task.id));
		/** @type {{ id: string }[]} */
		let executions = [];
		let stableSince = Date.now();
		await waitFor(
			async () => {
				const now = (await listExecutions(server, receive.workflowId)).filter(({ id }) => !executionsBefore.has(String(id)));
				if (now.length !== executions.length) stableSince = Date.now();
				executions = now;
				// all there, or none new for a while: the check below names what is missing
				return Date.now() - stableSince > (executions.length >= TASKS ? 2000 : 10_000);
			},
			60_000,
			`the executions of ${receive.name} started`,
		);
		/** @type {Map<string, number>} */
		const perTask = new Map([...ids].map((id) => [id, 0]));
		for (const { id } of executions) {
			const run = await finishedExecution({ server, flatted }, id);
			for (const item of itemsOf(run.runData, trigger.name)) {
				const taskId = String(item.json.taskId);
				if (perTask.has(taskId)) perTask.set(taskId, Number(perTask.get(taskId)) + 1);
			}
		}
		const twice = [...perTask].filter(([, n]) => n > 1);
		const lost = [...perTask].filter(([, n]) => n === 0);
		check(twice.length === 0, `no task started two executions although every event came twice (${twice.length} did)`, twice.map(([id, n]) => `${id}: ${n}`).join(', '));
		check(lost.length === 0, `every task started its execution (${lost.length} lost)`, lost.map(([id]) => id).join(', '));
		const answerMs = summary(simulator.webhookAnswers().filter((answer) => ids.has(answer.taskId)).map((answer) => answer.answerMs));
		const figures = { tasks: TASKS, processingMs: PROCESSING_MS, retryDelayMs: RETRY_DELAY_MS, executions: executions.length, twice: twice.length, lost: lost.length, answerMs };
		info(`trigger burst: ${JSON.stringify(figures)}`);
		return figures;
	} finally {
		simulator.configure({ processingMs, duplicateWebhooks, webhookRetryDelayMs });
	}
}

module.exports = { checkTriggerBurst, triggerBurstWorkflow };
