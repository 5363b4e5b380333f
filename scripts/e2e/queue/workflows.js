// @ts-check
// The workflow the queue-mode checks start through a production webhook (so the webhook processes take the request and
// a worker runs the execution): Webhook (POST, answers at once) → Split Out `body.images` (one item per image pair) →
// Swap Faces. No Code node: nothing depends on the task runners.
const { PIAPI_NODE_TYPE } = require('../examples');

/**
 * @param {{ id: string, name: string, path: string, credential: { id: string, name: string },
 *   swap: Record<string, unknown> }} options swap: Swap Faces parameters over the defaults below
 */
function batchWorkflow({ id, name, path, credential, swap }) {
	const prefix = id.slice(-8);
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: `${prefix}-0000-4000-8000-000000000001`,
				name: 'Batch',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${prefix}-0000-4000-8000-0000000000aa`,
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			},
			{
				id: `${prefix}-0000-4000-8000-000000000002`,
				name: 'One Item per Image',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [240, 0],
				parameters: { fieldToSplitOut: 'body.images', options: {} },
			},
			{
				id: `${prefix}-0000-4000-8000-000000000003`,
				name: 'Swap Faces',
				type: PIAPI_NODE_TYPE,
				typeVersion: 1,
				position: [480, 0],
				credentials: { piApi: { ...credential } },
				parameters: {
					operation: 'swapFaces',
					api: 'unified',
					targetImageSource: 'url',
					targetImageUrl: '={{ $json.target }}',
					swapImageSource: 'url',
					swapImageUrl: '={{ $json.swap }}',
					swapFacesIndex: '0',
					targetFacesIndex: '0',
					waitForCompletion: true,
					output: 'binary',
					binaryPropertyOutput: 'data',
					options: {},
					...swap,
				},
			},
		],
		connections: {
			Batch: { main: [[{ node: 'One Item per Image', type: 'main', index: 0 }]] },
			'One Item per Image': { main: [[{ node: 'Swap Faces', type: 'main', index: 0 }]] },
		},
	};
}

/**
 * Starts the batch workflow through the proxy: POST /webhook/<path> with `count` image pairs.
 * @param {{ proxyUrl: string, path: string, simulatorUrl: string, count: number, tag?: string }} options tag: kept in
 *   the body, to tell the executions apart
 */
async function startBatch({ proxyUrl, path, simulatorUrl, count, tag = '' }) {
	const targets = ['target.png', 'target.jpg', 'target.webp', 'group.jpg'];
	const images = Array.from({ length: count }, (_, n) => ({
		target: `${simulatorUrl}/samples/${targets[n % targets.length]}`,
		swap: `${simulatorUrl}/samples/swap.png`,
	}));
	const response = await fetch(`${proxyUrl}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ tag, images }),
	});
	return { status: response.status, body: await response.text() };
}

module.exports = { batchWorkflow, startBatch };
