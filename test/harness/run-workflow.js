// @ts-check
// runWorkflowJson: runs a whole workflow as n8n exports it (nodes, connections, settings, pinData) in the real
// engine, starting at its Manual Trigger (or at its first node without a parent), and returns every node's output.
// Known node types: the package's, `harness.input` (fed from `options.input`) and stand-ins for the Manual Trigger
// and the Sticky Note; any other type fails with a message naming it.
const { Workflow } = require('n8n-workflow');
const { useBinaryMode } = require('./binary');
const { HarnessCredentialsHelper } = require('./credentials');
const { execute, nodeResult } = require('./execute');
const { INPUT_NODE_TYPE, registerFeed, releaseFeed } = require('./input-node');
const { createNodeTypes } = require('./node-types');
const { loadPackage, PACKAGE_NAME } = require('./package');
const { MANUAL_TRIGGER_TYPE, STICKY_NOTE_TYPE } = require('./stand-ins');

/**
 * @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData
 * @typedef {import('n8n-workflow').ExecutionError} ExecutionError
 */

/**
 * @typedef {object} WorkflowJson
 * @property {string} [id]
 * @property {string} [name]
 * @property {import('n8n-workflow').INode[]} nodes
 * @property {import('n8n-workflow').IConnections} connections
 * @property {import('n8n-workflow').IWorkflowSettings} [settings]
 * @property {import('n8n-workflow').IPinData} [pinData]
 */

/**
 * @typedef {object} RunWorkflowOptions
 * @property {Record<string, import('n8n-workflow').ICredentialDataDecryptedObject>} [credentials] keyed by credential
 *   type, e.g. { piApi: { apiKey, baseUrl } }; the node's credential id/name in the JSON are ignored
 * @property {import('./binary').BinaryMode} [binaryMode]
 * @property {import('./input-node').InputItem[]} [input] what every `harness.input` node emits
 * @property {AbortSignal} [signal]
 */

/**
 * @typedef {object} RunWorkflowResult
 * @property {Record<string, INodeExecutionData[]>} items first output of every node that ran, by node name
 * @property {Record<string, INodeExecutionData[][]>} outputs all outputs of every node that ran
 * @property {Record<string, ExecutionError>} errors execution errors by node name
 * @property {ExecutionError | undefined} error the workflow's error (first failing node, or the cancellation)
 * @property {import('n8n-workflow').ExecutionStatus} status as n8n records it ('canceled' after a cancel)
 * @property {import('n8n-workflow').IRunData} runData
 * @property {import('./credentials').RecordedRequest[]} requests
 * @property {import('n8n-workflow').IRun} run
 */

/**
 * @param {WorkflowJson} workflowJson
 * @param {RunWorkflowOptions} [options]
 * @returns {Promise<RunWorkflowResult>}
 */
async function runWorkflowJson(workflowJson, options = {}) {
	await useBinaryMode(options.binaryMode ?? 'default');
	const json = structuredClone(workflowJson); // the engine writes defaults into node.parameters
	const usedTypes = json.nodes.map((node) => node.type);
	const nodeTypes = await createNodeTypes(usedTypes);
	const usesPackage = usedTypes.some((type) => type.startsWith(`${PACKAGE_NAME}.`));
	const credentialTypes = usesPackage ? (await loadPackage()).credentialTypes : {};

	const feed = registerFeed(options.input ?? [{ json: {} }]);
	try {
		for (const node of json.nodes) if (node.type === INPUT_NODE_TYPE) node.parameters = { ...node.parameters, feed };
		const workflow = new Workflow({
			id: json.id ?? 'harness-workflow',
			name: json.name ?? 'Harness workflow',
			nodes: json.nodes,
			connections: json.connections,
			active: false,
			nodeTypes,
			settings: { executionOrder: 'v1', ...json.settings },
			pinData: json.pinData,
		});
		const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, options.credentials ?? {});
		const startNode = findStartNode(workflow, json.nodes);
		const { run, status } = await execute({
			workflow,
			startNode,
			credentialsHelper,
			pinData: json.pinData,
			signal: options.signal,
		});

		/** @type {RunWorkflowResult['items']} */
		const items = {};
		/** @type {RunWorkflowResult['outputs']} */
		const outputs = {};
		/** @type {RunWorkflowResult['errors']} */
		const errors = {};
		for (const name of Object.keys(run.data.resultData.runData)) {
			const result = nodeResult(run, name);
			items[name] = result.items;
			outputs[name] = result.outputs;
			if (result.error) errors[name] = result.error;
		}
		return {
			items,
			outputs,
			errors,
			error: run.data.resultData.error,
			status,
			runData: run.data.resultData.runData,
			requests: credentialsHelper.requests,
			run,
		};
	} finally {
		releaseFeed(feed);
	}
}

/**
 * The Manual Trigger if there is one, else the first node without a parent that is not a sticky note.
 * @param {Workflow} workflow
 * @param {import('n8n-workflow').INode[]} nodes
 */
function findStartNode(workflow, nodes) {
	const candidates = nodes.filter((node) => node.type !== STICKY_NOTE_TYPE && !node.disabled);
	const start =
		candidates.find((node) => node.type === MANUAL_TRIGGER_TYPE) ??
		candidates.find((node) => workflow.getParentNodes(node.name).length === 0);
	if (!start) throw new Error('The workflow has no node to start from');
	return workflow.nodes[start.name];
}

module.exports = { runWorkflowJson };
