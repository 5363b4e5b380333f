// @ts-check
// The queue-mode checks, in the order they run, with the workflows they need imported (and published) beforehand, and
// the figures they leave for the report. PIAPI_QUEUE_ONLY=<figure keys, comma-separated> (e.g. callbacksOneProcess)
// runs only those checks once the cluster is up, to work on one of them; such a run writes no report.
const { testCredential } = require('../credential-test');
const { PIAPI_TRIGGER_TYPE } = require('../examples');
const { E2eFailure, step } = require('../report');
const { checkCallbacksAcrossProcesses, checkCallbacksToOneProcess, checkNotReadyAnswers } = require('./callbacks');
const { callbackWaitBurst } = require('./callback-wait');
const { checkExamplesOnWorkers } = require('./examples-on-workers');
const { checkPollingLoad } = require('./polling-load');
const { checkWorkerKilled } = require('./worker-kill');
const { checkWorkerMemory } = require('./worker-memory');
const { checkWaitingHoldsNoSlot } = require('./waiting-on-worker');
const { executionReader } = require('./executions');
const { POOL_SIZE } = require('./cluster');
const { writeQueueSections } = require('./report-sections');
const { batchWorkflow } = require('./workflows');

const CALLBACK_BATCH = 200;
const NOT_READY_BATCH = 10;
const LOAD_EXECUTIONS = 40;
const KILL_ITEMS = 30;
/** Remove Duplicates after the trigger without download, and the node after it whose items are counted. */
const DEDUPE = { node: 'Remove Duplicates', after: 'Once per Task' };
const ONLY = (process.env.PIAPI_QUEUE_ONLY ?? '').split(',').filter(Boolean);

/**
 * @param {{ examples: import('../examples').Example[], credential: { id: string, name: string, type: string },
 *   simulator: import('../../../simulator').Simulator, proxy: Awaited<ReturnType<typeof import('./proxy').startProxy>>,
 *   postgres: Awaited<ReturnType<typeof import('./services').startPostgres>>, n8nDir: string, accountLimit: number,
 *   counter: Awaited<ReturnType<typeof import('../callback-burst').startCounter>> }} context counter: what the callback
 *   wait's burst workflow reports to
 */
function checks(context) {
	const { examples, credential, simulator, proxy, postgres, n8nDir } = context;
	const receive = examples.find(({ role }) => role === 'receive');
	const trigger = receive?.workflow.nodes.find((node) => node.type === PIAPI_TRIGGER_TYPE);
	if (!receive || !trigger?.webhookId) throw new E2eFailure('no example with a PiAPI Trigger (and a webhookId) to receive callbacks');
	const secret = String(trigger.parameters.callbackSecret);

	const callbackSubmit = batchWorkflow({
		id: 'piapiQueueWfCallbk',
		name: 'Queue e2e: a batch submitted with a Callback URL',
		path: 'piapi-queue-callbacks',
		credential,
		swap: { waitForCompletion: false, options: { webhookUrl: `${proxy.url}/webhook/${trigger.webhookId}/webhook`, webhookSecret: secret } },
	});
	// The same receiver with Download Result Image off: its webhook() returns right after answering PiAPI.
	const receiveNoDownload = withoutDownload(receive);
	const triggerNoDownload = /** @type {import('../examples').WorkflowNode} */ (receiveNoDownload.workflow.nodes.find((node) => node.type === PIAPI_TRIGGER_TYPE));
	const callbackSubmitNoDownload = batchWorkflow({
		id: 'piapiQueueWfCallbk2',
		name: 'Queue e2e: a batch with a Callback URL (receiver without download)',
		path: 'piapi-queue-callbacks-2',
		credential,
		swap: { waitForCompletion: false, options: { webhookUrl: `${proxy.url}/webhook/${triggerNoDownload.webhookId}/webhook`, webhookSecret: secret } },
	});
	const polling = batchWorkflow({ id: 'piapiQueueWfPolling', name: 'Queue e2e: a batch, waiting for the results', path: 'piapi-queue-polling', credential, swap: {} });
	const waitBurst = callbackWaitBurst({ credential, simulator, counter: context.counter });
	const workflows = [callbackSubmit, callbackSubmitNoDownload, polling, waitBurst.workflow];
	/** @type {Record<string, unknown>} */
	const figures = {};
	return {
		/** Workflows imported besides the examples (in the shape of examples). */
		workflows: [...workflows.map((workflow) => ({ name: workflow.name, workflowId: workflow.id, role: /** @type {const} */ ('execute'), workflow })), receiveNoDownload],
		/** Workflow ids published before the start (their webhooks are registered at start-up). */
		published: [receive.workflowId, receiveNoDownload.workflowId, ...workflows.map(({ id }) => id)],
		/** @param {{ cluster: any, tempDir: string }} options */
		async run({ cluster }) {
			const reader = executionReader({ server: cluster.server, n8nDir, postgres });
			await step('credential test through the REST API (main)', () => testCredential({ server: cluster.server, simulator, credential }));
			const callbackContext = { reader, simulator, proxy, postgres, receive, submitWorkflowId: callbackSubmit.id, submitPath: 'piapi-queue-callbacks' };
			const noDownloadContext = { ...callbackContext, receive: receiveNoDownload, submitWorkflowId: callbackSubmitNoDownload.id, submitPath: 'piapi-queue-callbacks-2' };
			/** @type {[key: string, title: string, check: () => Promise<unknown>][]} in the order they run */
			const steps = [
				['examples', '1. every example runs on a worker; results from the database binary store', () => checkExamplesOnWorkers({ examples, cluster, reader, simulator, postgres })],
				[
					'load',
					`2. ${LOAD_EXECUTIONS} executions at once, polling, account limit ${context.accountLimit}`,
					() => checkPollingLoad({ cluster, reader, simulator, proxy, postgres, workflowId: polling.id, path: 'piapi-queue-polling', executions: LOAD_EXECUTIONS, accountLimit: context.accountLimit }),
				],
				['callbacks', `3. callbacks across the webhook processes: ${CALLBACK_BATCH} tasks, each event delivered twice`, () => checkCallbacksAcrossProcesses(callbackContext, CALLBACK_BATCH)],
				[
					'callbacksNoDownload',
					`3. the same with Download Result Image off in the trigger, and n8n's Remove Duplicates node after it`,
					() => checkCallbacksAcrossProcesses(noDownloadContext, CALLBACK_BATCH, { dedupe: DEDUPE }),
				],
				[
					'callbacksOneProcess',
					`3. README's recipe, the trigger's path to one webhook process: ${CALLBACK_BATCH} tasks, each event delivered twice`,
					() => checkCallbacksToOneProcess(callbackContext, CALLBACK_BATCH),
				],
				[
					'callbackWait',
					`3. Wait Method "Until PiAPI Calls Back" under a burst, every final callback twice, round robin over both webhook processes`,
					() => waitBurst.check({ server: cluster.server, proxyUrl: proxy.url }),
				],
				['notReady', `3. n8n answers 503 "Database is not ready!": ${NOT_READY_BATCH} tasks, PiAPI retrying or not`, () => checkNotReadyAnswers(callbackContext, NOT_READY_BATCH)],
				[
					'memory',
					'5. memory per worker: 50 results of 8 MB in the database binary mode',
					() => checkWorkerMemory({ cluster, reader, simulator, proxy, postgres, workflowId: polling.id, path: 'piapi-queue-polling' }),
				],
				// Then one worker is gone.
				[
					'kill',
					`4. a worker killed (SIGKILL) in the middle of a ${KILL_ITEMS}-item polling execution`,
					() => checkWorkerKilled({ cluster, reader, simulator, proxy, workflowId: polling.id, path: 'piapi-queue-polling', items: KILL_ITEMS }),
				],
				// Last: it stops the other workers and leaves one of concurrency 1.
				[
					'waiting',
					'6. a waiting execution (examples/07) holds no slot: one worker, --concurrency=1, runs examples/01 meanwhile',
					() => checkWaitingHoldsNoSlot({ cluster, reader, examples, simulator, proxy, postgres }),
				],
			];
			const unknown = ONLY.filter((key) => !steps.some(([name]) => name === key));
			if (unknown.length) throw new E2eFailure(`PIAPI_QUEUE_ONLY: no check ${unknown.join(', ')} (${steps.map(([name]) => name).join(', ')})`);
			for (const [key, title, run] of steps) {
				if (ONLY.length === 0 || ONLY.includes(key)) figures[key] = await step(title, run);
			}
		},
		/** The figures with what the report needs besides, as JSON. */
		saved: () => JSON.stringify({ figures, poolSize: POOL_SIZE, date: new Date().toISOString() }, null, 2),
		report() {
			if (ONLY.length) throw new E2eFailure('PIAPI_QUEUE_ONLY ran only some checks: no report from such a run');
			writeQueueSections(figures, { poolSize: POOL_SIZE });
		},
	};
}

/**
 * A copy of the receiving example under its own id and webhook, its trigger with Download Result Image off, and after
 * the trigger n8n's Remove Duplicates node (history of previous executions, keyed by task ID) → a node whose items are
 * counted.
 * @param {import('../examples').Example} example
 */
function withoutDownload(example) {
	const workflow = structuredClone(example.workflow);
	const id = 'piapiQueueWfRecvNoDl';
	Object.assign(workflow, { id, name: `${workflow.name} (no download)` });
	for (const node of workflow.nodes) {
		const copy = /** @type {{ id?: string }} */ (node);
		copy.id = `f00df00d${String(copy.id ?? '').slice(8)}`;
		if (node.type !== PIAPI_TRIGGER_TYPE) continue;
		node.webhookId = '5b1c2d3e-4f50-4a61-8b72-00000000f00d';
		node.parameters = { ...node.parameters, download: false };
	}
	const trigger = /** @type {import('../examples').WorkflowNode} */ (workflow.nodes.find((node) => node.type === PIAPI_TRIGGER_TYPE));
	const [x, y] = /** @type {{ position: [number, number] }} */ (/** @type {unknown} */ (trigger)).position;
	/** @type {import('../examples').WorkflowNode[]} the nodes as imported (with id, typeVersion, position) */
	const added = [
		{
			id: 'f00df00d-4f50-4a61-8b72-00000000d001',
			name: DEDUPE.node,
			type: 'n8n-nodes-base.removeDuplicates',
			typeVersion: 2,
			position: [x + 240, y + 200],
			parameters: { operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: '={{ $json.taskId }}', options: {} },
		},
		{ id: 'f00df00d-4f50-4a61-8b72-00000000d002', name: DEDUPE.after, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [x + 480, y + 200], parameters: {} },
	].map((node) => /** @type {any} */ (node));
	workflow.nodes.push(...added);
	const connections = /** @type {Record<string, { main: { node: string, type: string, index: number }[][] }>} */ (workflow.connections);
	connections[trigger.name].main[0].push({ node: DEDUPE.node, type: 'main', index: 0 });
	connections[DEDUPE.node] = { main: [[{ node: DEDUPE.after, type: 'main', index: 0 }]] };
	return { ...example, name: `${example.name}-no-download`, workflowId: id, workflow };
}

module.exports = { checks };
