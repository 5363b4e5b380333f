// @ts-check
// This node, built, run in n8n's real engine (test/harness: n8n-core's WorkflowExecute, real HTTP) against a
// simulator. Requires ./env first.
require('./env');
const harness = require('../test/harness');

/** @typedef {import('../simulator').Simulator} Simulator */
/** @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData */

/**
 * The workflow users build: Swap Faces from URLs, waiting, the result as binary (downloaded into n8n).
 * @param {Simulator} sim
 * @param {Record<string, unknown>} options the node's Options collection
 * @param {Record<string, unknown>} overrides other parameters (e.g. waitForCompletion: false)
 */
function swapParameters(sim, options = {}, overrides = {}) {
	return {
		operation: 'swapFaces',
		api: 'unified',
		targetImageSource: 'url',
		targetImageUrl: sim.sampleUrl('target.jpg'),
		swapImageSource: 'url',
		swapImageUrl: sim.sampleUrl('swap.png'),
		waitForCompletion: true,
		output: 'binary',
		options: /** @type {import('n8n-workflow').INodeParameters} */ (options),
		...overrides,
	};
}

/**
 * @typedef {object} NodeRun
 * @property {number} startedAt ms, just before the engine was asked to run
 * @property {number} finishedAt ms, when the engine returned
 * @property {INodeExecutionData[]} items the node's output
 * @property {string | undefined} error
 * @property {number} failed items without a completed result (with Wait for Completion off: every item)
 * @property {(string | undefined)[]} taskIds per item
 */

/**
 * @param {Simulator} sim
 * @param {{ items: number, options?: Record<string, unknown>, parameters?: Record<string, unknown>, binaryMode?: 'default' | 'filesystem' }} run
 * @returns {Promise<NodeRun>}
 */
async function runSwapNode(sim, { items, options = {}, parameters = {}, binaryMode = 'default' }) {
	const input = Array.from({ length: items }, (_, index) => ({ json: { index } }));
	const startedAt = Date.now();
	const result = await harness.runNode({
		parameters: swapParameters(sim, options, parameters),
		input,
		credentials: { apiKey: String(sim.apiKey), baseUrl: sim.url },
		binaryMode,
	});
	const finishedAt = Date.now();
	const completed = result.items.filter((item) => item.json.status === 'completed' && item.binary?.data);
	return {
		startedAt,
		finishedAt,
		items: result.items,
		error: result.error?.message,
		failed: items - completed.length,
		taskIds: Array.from({ length: items }, (_, index) => {
			const taskId = result.items[index]?.json.taskId;
			return typeof taskId === 'string' ? taskId : undefined;
		}),
	};
}

/** Loads the package and starts the expression engine, so no measured run pays for it. @param {Simulator} sim */
async function warmUp(sim) {
	const run = await runSwapNode(sim, { items: 1, options: { pollIntervalMin: 0.2, pollIntervalMax: 0.2 } });
	if (run.failed) throw new Error(`The warm-up run failed: ${run.error ?? 'no result'} (run npm run build first?)`);
}

module.exports = { runSwapNode, swapParameters, warmUp, harness };
