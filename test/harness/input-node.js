// @ts-check
// `harness.input`: a start node that emits the items a test hands over. Binaries are stored with
// this.helpers.prepareBinaryData, the path real binaries take (in filesystem mode they are written to disk and the
// item only holds an id). Items travel through a per-process feed table, not through node parameters, so large
// Buffers are never serialised into the workflow.
const { NodeConnectionTypes, NodeOperationError } = require('n8n-workflow');

const INPUT_NODE_TYPE = 'harness.input';

/**
 * @typedef {object} InputBinary
 * @property {Buffer} bytes
 * @property {string} [fileName]
 * @property {string} [mimeType] left out, n8n sniffs it from the bytes (as it does for real downloads)
 */

/**
 * @typedef {object} InputItem
 * @property {import('n8n-workflow').IDataObject} [json]
 * @property {Record<string, InputBinary>} [binary]
 */

/** @type {Map<string, InputItem[]>} */
const feeds = new Map();
let feedCount = 0;

/**
 * Registers items for one run; the returned id goes into the input node's `feed` parameter.
 * @param {InputItem[]} items
 */
function registerFeed(items) {
	const id = `feed-${++feedCount}`;
	feeds.set(id, items);
	return id;
}

/** @param {string} id */
function releaseFeed(id) {
	feeds.delete(id);
}

/** @type {import('n8n-workflow').INodeType} */
const inputNodeType = {
	description: {
		displayName: 'Harness Input',
		name: INPUT_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits the items a test gives it',
		defaults: { name: 'Input' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Feed', name: 'feed', type: 'string', default: '' }],
	},
	async execute() {
		const feedId = /** @type {string} */ (this.getNodeParameter('feed', 0));
		const items = feeds.get(feedId);
		if (!items) throw new NodeOperationError(this.getNode(), `No harness feed "${feedId}"`);

		/** @type {import('n8n-workflow').INodeExecutionData[]} */
		const output = [];
		for (const item of items) {
			/** @type {import('n8n-workflow').INodeExecutionData} */
			const out = { json: structuredClone(item.json ?? {}), pairedItem: { item: 0 } };
			const binaries = Object.entries(item.binary ?? {});
			/** @type {import('n8n-workflow').IBinaryKeyData} */
			const binary = {};
			for (const [property, { bytes, fileName, mimeType }] of binaries) {
				binary[property] = await this.helpers.prepareBinaryData(bytes, fileName, mimeType);
			}
			if (binaries.length > 0) out.binary = binary;
			output.push(out);
		}
		return [output];
	},
};

module.exports = { INPUT_NODE_TYPE, inputNodeType, registerFeed, releaseFeed };
