// @ts-check
// runNode: one workflow `Input` (harness.input) → `PiAPI Multi Face Swap`, run by the real engine. Parameters are
// stored on the node as a user would set them (expressions such as `={{ $json.url }}` are evaluated per item by
// the engine), the node carries a `piApi` credential when the test gives credential data.
const { Workflow } = require('n8n-workflow');
const { useBinaryMode } = require('./binary');
const { HarnessCredentialsHelper } = require('./credentials');
const { execute, nodeResult } = require('./execute');
const { INPUT_NODE_TYPE, registerFeed, releaseFeed } = require('./input-node');
const { createNodeTypes, latestVersion } = require('./node-types');
const { loadPackage, PACKAGE_NAME } = require('./package');

const SWAP_NODE_NAME = 'PiAPI Multi Face Swap';
const SWAP_NODE_TYPE = `${PACKAGE_NAME}.piApiMultiFaceSwap`;
const CREDENTIAL_TYPE = 'piApi';

/**
 * @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData
 * @typedef {import('./binary').BinaryMode} BinaryMode
 */

/**
 * @typedef {object} RunNodeOptions
 * @property {import('n8n-workflow').INodeParameters} parameters the node's parameters, expressions allowed
 * @property {import('./input-node').InputItem[]} [input] items entering the node; default one empty item
 * @property {import('n8n-workflow').ICredentialDataDecryptedObject} [credentials] `piApi` data ({ apiKey, baseUrl });
 *   left out, the node has no credential set
 * @property {boolean | 'errorOutput'} [continueOnFail] true: "Continue" (regular output); 'errorOutput': "Continue (using
 *   error output)"
 * @property {BinaryMode} [binaryMode] default 'default' (in memory); 'filesystem' as the n8n CLI stores binaries
 * @property {number} [nodeTypeVersion] default: the node's current version
 * @property {AbortSignal} [signal] aborting it cancels the execution like n8n's "stop" button
 */

/**
 * @typedef {object} RunNodeResult
 * @property {INodeExecutionData[]} items the swap node's first output ([] when it failed or did not run)
 * @property {INodeExecutionData[][]} outputs all its outputs (the error output is [1] with 'errorOutput')
 * @property {import('n8n-workflow').ExecutionError | undefined} error its execution error, else the workflow's
 *   (e.g. a cancellation)
 * @property {import('n8n-workflow').ExecutionStatus} status as n8n records it: 'success', 'error', 'canceled'…
 * @property {import('n8n-workflow').IRunData} runData
 * @property {import('./credentials').RecordedRequest[]} requests authenticated requests, in the order made
 * @property {import('n8n-workflow').IRun} run the engine's whole result
 */

/**
 * @param {RunNodeOptions} options
 * @returns {Promise<RunNodeResult>}
 */
async function runNode(options) {
	await useBinaryMode(options.binaryMode ?? 'default');
	const { credentialTypes } = await loadPackage();
	const nodeTypes = await createNodeTypes([SWAP_NODE_TYPE]);
	const feed = registerFeed(options.input ?? [{ json: {} }]);
	try {
		/** @type {import('n8n-workflow').INode} */
		const inputNode = {
			id: 'harness-input',
			name: 'Input',
			type: INPUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { feed },
		};
		/** @type {import('n8n-workflow').INode} */
		const node = {
			id: 'node-under-test',
			name: SWAP_NODE_NAME,
			type: SWAP_NODE_TYPE,
			typeVersion: options.nodeTypeVersion ?? latestVersion(nodeTypes.getByName(SWAP_NODE_TYPE)),
			position: [220, 0],
			parameters: structuredClone(options.parameters),
		};
		if (options.credentials)
			node.credentials = { [CREDENTIAL_TYPE]: { id: 'harness-credential', name: 'PiAPI account' } };
		if (options.continueOnFail) {
			node.onError = options.continueOnFail === 'errorOutput' ? 'continueErrorOutput' : 'continueRegularOutput';
		}

		const workflow = new Workflow({
			id: 'harness-workflow',
			name: 'Harness: run node',
			nodes: [inputNode, node],
			connections: { [inputNode.name]: { main: [[{ node: SWAP_NODE_NAME, type: 'main', index: 0 }]] } },
			active: false,
			nodeTypes,
			settings: { executionOrder: 'v1' },
		});
		/** @type {Record<string, import('n8n-workflow').ICredentialDataDecryptedObject>} */
		const credentials = options.credentials ? { [CREDENTIAL_TYPE]: options.credentials } : {};
		const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, credentials);
		const { run, status } = await execute({
			workflow,
			startNode: inputNode,
			credentialsHelper,
			signal: options.signal,
		});

		const { items, outputs, error } = nodeResult(run, SWAP_NODE_NAME);
		return {
			items,
			outputs,
			error: error ?? run.data.resultData.error,
			status,
			runData: run.data.resultData.runData,
			requests: credentialsHelper.requests,
			run,
		};
	} finally {
		releaseFeed(feed);
	}
}

module.exports = { runNode, SWAP_NODE_NAME, SWAP_NODE_TYPE, CREDENTIAL_TYPE };
