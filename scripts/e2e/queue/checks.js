// @ts-check
// The queue-mode checks, in the order they run, with the workflows they need imported (and published) beforehand, and
// the figures they leave for the report.
const { testCredential } = require('../credential-test');
const { step } = require('../report');
const { checkExamplesOnWorkers } = require('./examples-on-workers');
const { executionReader } = require('./executions');

/**
 * @param {{ examples: import('../examples').Example[], credential: { id: string, name: string, type: string },
 *   simulator: import('../../../simulator').Simulator, proxy: Awaited<ReturnType<typeof import('./proxy').startProxy>>,
 *   postgres: Awaited<ReturnType<typeof import('./services').startPostgres>>, n8nDir: string, accountLimit: number }} context
 */
function checks(context) {
	const { examples, credential, simulator, postgres, n8nDir } = context;
	/** @type {Record<string, unknown>} */
	const figures = {};
	return {
		/** Workflows imported besides the examples. */
		workflows: /** @type {import('../examples').Example[]} */ ([]),
		/** Workflow ids published before the start (their webhooks are registered at start-up). */
		published: examples.filter(({ role }) => role === 'receive').map(({ workflowId }) => workflowId),
		/** @param {{ cluster: any, tempDir: string }} options */
		async run({ cluster }) {
			const reader = executionReader({ server: cluster.server, n8nDir });
			await step('credential test through the REST API (main)', () => testCredential({ server: cluster.server, simulator, credential }));
			figures.examples = await step('1. every example runs on a worker; results from the database binary store', () =>
				checkExamplesOnWorkers({ examples, cluster, reader, simulator, postgres }),
			);
		},
		report() {
			return figures;
		},
	};
}

module.exports = { checks };
