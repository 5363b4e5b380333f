// @ts-check
// Check 3: callback mode across the webhook processes. A batch submitted through a production webhook (a worker runs
// Swap Faces with Wait for Completion off and the Callback URL at the proxy); the simulator calls the receiving
// workflow's PiAPI Trigger back, each event twice (duplicateMode), and the proxy spreads the calls over both webhook
// processes. Counted: executions of the receiving workflow per task (goal: exactly one per finished task, none lost),
// answers per status and body, the events the trigger's static data holds afterwards.
const { checkStoredBinary } = require('../execution-checks');
const { PIAPI_TRIGGER_TYPE } = require('../examples');
const { itemsOf, waitFor } = require('../callback-pair');
const { check, info } = require('../report');
const { databaseBinaries } = require('./executions');
const { startBatch } = require('./workflows');

/** The simulator's richest repeat setting it knows: 'mixed' (some copies together, some later), else plain repeats. */
function duplicateMode(/** @type {import('../../../simulator').Simulator} */ simulator) {
	try {
		simulator.configure(/** @type {any} */ ({ duplicateWebhooks: 'mixed' }));
		return 'mixed';
	} catch {
		simulator.configure({ duplicateWebhooks: true });
		return 'true (the second copy after the first is answered)';
	}
}

/**
 * @param {{ reader: ReturnType<typeof import('./executions').executionReader>, simulator: import('../../../simulator').Simulator,
 *   proxy: Awaited<ReturnType<typeof import('./proxy').startProxy>>, postgres: { query: (text: string, values?: unknown[]) => Promise<any[]> },
 *   receive: import('../examples').Example, submitWorkflowId: string, submitPath: string, count: number }} options
 */
async function checkCallbacksAcrossProcesses({ reader, simulator, proxy, postgres, receive, submitWorkflowId, submitPath, count }) {
	const trigger = /** @type {import('../examples').WorkflowNode} */ (receive.workflow.nodes.find((node) => node.type === PIAPI_TRIGGER_TYPE));
	const triggerPath = `/webhook/${trigger.webhookId}/webhook`;
	const answeredBefore = proxy.answered().length;
	const before = simulator.counters();
	simulator.configure({ processingMs: 600, jitter: 0.5 });
	const mode = duplicateMode(simulator);
	try {
		const began = Date.now();
		const submitted = await startBatch({ proxyUrl: proxy.url, path: submitPath, simulatorUrl: simulator.url, count, tag: 'callbacks' });
		check(submitted.status === 200, `the ${count}-item batch is accepted through the proxy`, `${submitted.status} ${submitted.body}`);
		/** @type {{ id: string }[]} */
		let submits = [];
		await waitFor(async () => (submits = await reader.list(submitWorkflowId)).length > 0, 60_000, 'the submitting execution is created');
		const submit = await reader.finished(submits[0].id, 180_000);
		const taskIds = itemsOf(submit.data.resultData?.runData ?? {}, 'Swap Faces').map((item) => String(item.json.taskId));
		check(submit.status === 'success' && new Set(taskIds).size === count, `the submitting execution ran and returned ${count} distinct task ids`, `${submit.status}, ${taskIds.length} task ids`);

		await waitFor(
			async () => simulator.counters().webhooksSent + simulator.counters().webhooksFailed - before.webhooksSent - before.webhooksFailed >= 2 * count,
			240_000,
			`the simulator delivers every one of the ${count} callbacks twice`,
		);
		const wallMs = Date.now() - began;
		// Every delivery answered (the proxy has seen its answer), then the executions they started all finished and no
		// new one for a while.
		await waitFor(async () => proxy.answered().slice(answeredBefore).filter(({ path }) => path === triggerPath).length >= 2 * count, 240_000, 'every delivery is answered');
		/** @type {{ id: string, status: string }[]} */
		let executions = [];
		let seen = -1;
		let stableSince = Date.now();
		await waitFor(
			async () => {
				executions = await reader.list(receive.workflowId);
				if (executions.length !== seen) stableSince = Date.now();
				seen = executions.length;
				return Date.now() - stableSince > 5000 && executions.every(({ status }) => !['new', 'running'].includes(status));
			},
			240_000,
			`the executions of ${receive.name} settle`,
		);
		/** @type {Map<string, number>} */
		const perTask = new Map(taskIds.map((id) => [id, 0]));
		const stored = await Promise.all(executions.map(({ id }) => reader.finished(id)));
		const items = stored.map((execution) => ({ execution, item: itemsOf(execution.data.resultData?.runData ?? {}, trigger.name)[0] }));
		const bytes = await databaseBinaries(postgres, items.map(({ item }) => String(item?.binary?.data?.id ?? '')));
		for (const { execution, item } of items) {
			const taskId = String(item?.json.taskId);
			check(execution.status === 'success' && perTask.has(taskId), `execution ${execution.id} of ${receive.name}: a task of the batch, success`, `${execution.status}, task ${taskId}`);
			perTask.set(taskId, Number(perTask.get(taskId)) + 1);
			const task = /** @type {NonNullable<ReturnType<typeof simulator.task>>} */ (simulator.task(taskId));
			checkStoredBinary({ label: `execution ${execution.id}: the result of task ${taskId}`, binary: item?.binary?.data ?? {}, task, store: { mode: 'database', bytes } });
		}
		const counts = [...perTask.values()];
		const answers = proxy.answered().slice(answeredBefore).filter(({ path }) => path === triggerPath);
		const byStatus = countBy(answers.map(({ status }) => String(status)));
		const byPort = countBy(answers.map(({ port }) => String(port)));
		const bodies = countBy(answers.filter(({ status }) => status === 200).map(({ body }) => body));
		const [row] = await postgres.query('select "staticData" from workflow_entity where id = $1', [receive.workflowId]);
		const remembered = row?.staticData?.[`node:${trigger.name}`]?.processedEvents ?? [];
		const after = simulator.counters();
		const figures = {
			mode,
			tasks: count,
			deliveries: after.webhooksSent + after.webhooksFailed - before.webhooksSent - before.webhooksFailed,
			executions: executions.length,
			exactlyOnce: counts.filter((n) => n === 1).length,
			lost: counts.filter((n) => n === 0).length,
			twice: counts.filter((n) => n >= 2).length,
			byStatus,
			byPort,
			bodies,
			rememberedEvents: remembered.length,
			wallMs,
			polls: after.polls - before.polls,
		};
		info(JSON.stringify(figures));
		return figures;
	} finally {
		simulator.configure({ duplicateWebhooks: false, processingMs: 1500, jitter: 0 });
	}
}

/** @param {string[]} values */
function countBy(values) {
	/** @type {Record<string, number>} */
	const counts = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

module.exports = { checkCallbacksAcrossProcesses, countBy };
