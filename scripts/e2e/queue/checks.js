// @ts-check
// The queue-mode checks, in the order they run, with the workflows they need imported (and published) beforehand, and
// the figures they leave for the report.
const { testCredential } = require('../credential-test');
const { PIAPI_TRIGGER_TYPE } = require('../examples');
const { E2eFailure, step } = require('../report');
const { checkCallbacksAcrossProcesses } = require('./callbacks');
const { checkExamplesOnWorkers } = require('./examples-on-workers');
const { executionReader } = require('./executions');
const { batchWorkflow } = require('./workflows');

const CALLBACK_BATCH = 200;

/**
 * @param {{ examples: import('../examples').Example[], credential: { id: string, name: string, type: string },
 *   simulator: import('../../../simulator').Simulator, proxy: Awaited<ReturnType<typeof import('./proxy').startProxy>>,
 *   postgres: Awaited<ReturnType<typeof import('./services').startPostgres>>, n8nDir: string, accountLimit: number }} context
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
	const workflows = [callbackSubmit];
	/** @type {Record<string, unknown>} */
	const figures = {};
	return {
		/** Workflows imported besides the examples (in the shape of examples). */
		workflows: workflows.map((workflow) => ({ name: workflow.name, workflowId: workflow.id, role: /** @type {const} */ ('execute'), workflow })),
		/** Workflow ids published before the start (their webhooks are registered at start-up). */
		published: [receive.workflowId, ...workflows.map(({ id }) => id)],
		/** @param {{ cluster: any, tempDir: string }} options */
		async run({ cluster }) {
			const reader = executionReader({ server: cluster.server, n8nDir, postgres });
			await step('credential test through the REST API (main)', () => testCredential({ server: cluster.server, simulator, credential }));
			figures.examples = await step('1. every example runs on a worker; results from the database binary store', () =>
				checkExamplesOnWorkers({ examples, cluster, reader, simulator, postgres }),
			);
			figures.callbacks = await step(`3. callbacks across the webhook processes: ${CALLBACK_BATCH} tasks, each event delivered twice`, () =>
				checkCallbacksAcrossProcesses({ reader, simulator, proxy, postgres, receive, submitWorkflowId: callbackSubmit.id, submitPath: 'piapi-queue-callbacks', count: CALLBACK_BATCH }),
			);
		},
		report() {
			return figures;
		},
	};
}

module.exports = { checks };
