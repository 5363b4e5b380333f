// @ts-check
// The workflows in examples/, made runnable here: every example is imported, and run in the way its role says.
//
// Conventions for examples (what this runner relies on, so new examples need no runner changes):
// - a workflow JSON in examples/ (one per file) that uses the package's node types (not `CUSTOM.…`), with a
//   credential of type `piApi` where they need one; other nodes of n8n itself (HTTP Request, Wait, Code…) are fine;
// - its role follows from its nodes:
//   'execute': started by a Manual Trigger, run with `n8n execute`; the checks (execution-checks.js) expect a
//              successful run, and PiAPI nodes that ran and output tasks;
//   'receive': starts with a PiAPI Trigger (with a fixed webhookId); published before `n8n start`, so that it is active;
//   'submit':  started by a Manual Trigger, a Swap Faces node with a Callback URL to a receiver's Production URL; run
//              in `n8n start` while the receiver is active (callback-pair.js);
//   'wait':    started by a Manual Trigger, a Swap Faces node with Wait Method "Until PiAPI Calls Back"; run in
//              `n8n start`, where its execution waits for PiAPI's callback to its resume URL (waiting-execution.js);
//   'agent':   an AI Agent with the package's node as its tool (type `…piApiMultiFaceSwapTool`) and an OpenAI Chat
//              Model with an `openAiApi` credential; run with `n8n execute` against the stand-in model (agent.js);
// - URLs point at the simulator's default address `http://127.0.0.1:8787`, n8n at its default `http://localhost:5678`;
//   here every string holding them is rewritten to the simulator and the n8n server of the run, and every `piApi`
//   credential reference to the imported credential.
const { readFileSync, readdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { REPO_DIR } = require('./community-package');
const { E2eFailure } = require('./report');

const EXAMPLES_DIR = path.join(REPO_DIR, 'examples');
const SIMULATOR_DEFAULT_URL = 'http://127.0.0.1:8787';
const N8N_DEFAULT_URL = 'http://localhost:5678';
const PIAPI_NODE_TYPE = 'n8n-nodes-piapi-faceswap.piApiMultiFaceSwap';
const PIAPI_TRIGGER_TYPE = 'n8n-nodes-piapi-faceswap.piApiTrigger';
/** The type n8n generates from `usableAsTool` for the AI Agent's tool input. */
const PIAPI_TOOL_TYPE = `${PIAPI_NODE_TYPE}Tool`;
const PACKAGE_TYPES = [PIAPI_NODE_TYPE, PIAPI_TRIGGER_TYPE, PIAPI_TOOL_TYPE];

/**
 * @typedef {object} WorkflowNode
 * @property {string} name
 * @property {string} type
 * @property {Record<string, unknown>} parameters
 * @property {boolean} [disabled]
 * @property {Record<string, { id: string | null, name: string }>} [credentials]
 * @property {string} [webhookId]
 */

/**
 * @typedef {object} Example
 * @property {string} name file name without .json
 * @property {string} workflowId the id it is imported under
 * @property {'execute' | 'receive' | 'submit' | 'wait' | 'agent'} role how the run uses it (see the conventions above)
 * @property {{ id: string, name: string, nodes: WorkflowNode[] } & Record<string, unknown>} workflow as imported
 */

/** @param {unknown} value @param {(text: string) => string} rewrite @returns {unknown} */
function mapStrings(value, rewrite) {
	if (typeof value === 'string') return rewrite(value);
	if (Array.isArray(value)) return value.map((item) => mapStrings(item, rewrite));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, rewrite)]));
	}
	return value;
}

/** @param {WorkflowNode[]} nodes @returns {Example['role']} */
function roleOf(nodes) {
	const enabled = nodes.filter((node) => !node.disabled);
	if (enabled.some((node) => node.type === PIAPI_TRIGGER_TYPE)) return 'receive';
	if (enabled.some((node) => node.type === PIAPI_TOOL_TYPE)) return 'agent';
	if (enabled.some((node) => node.type === PIAPI_NODE_TYPE && node.parameters.waitMethod === 'callback')) return 'wait';
	const callsBack = enabled.some((node) => {
		const options = /** @type {{ webhookUrl?: string } | undefined} */ (node.parameters.options);
		return node.type === PIAPI_NODE_TYPE && Boolean(options?.webhookUrl);
	});
	return callsBack ? 'submit' : 'execute';
}

/**
 * @param {{ simulatorUrl: string, n8nUrl: string, credential: { id: string, name: string },
 *   modelCredential?: { id: string, name: string } }} options
 *   modelCredential: what every `openAiApi` credential reference becomes (the stand-in model's credential)
 * @returns {Example[]}
 */
function loadExamples({ simulatorUrl, n8nUrl, credential, modelCredential }) {
	const files = readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
	if (files.length === 0) throw new E2eFailure(`no workflow in ${EXAMPLES_DIR}`);
	return files.map((file, index) => {
		const name = file.replace(/\.json$/, '');
		const source = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
		const workflow = /** @type {Example['workflow']} */ (
			mapStrings(source, (text) => text.split(SIMULATOR_DEFAULT_URL).join(simulatorUrl).split(N8N_DEFAULT_URL).join(n8nUrl))
		);
		const workflowId = `piapiE2eWf${String(index + 1).padStart(6, '0')}`;
		Object.assign(workflow, { id: workflowId, name: `${workflow.name ?? name} [e2e ${name}]`, active: false });
		if (!Array.isArray(workflow.nodes)) throw new E2eFailure(`examples/${file} has no nodes array`);
		const custom = workflow.nodes.filter((node) => node.type.startsWith('CUSTOM.'));
		if (custom.length > 0) {
			throw new E2eFailure(`examples/${file} uses ${custom[0].type}: use the community type ${PIAPI_NODE_TYPE}`);
		}
		if (!workflow.nodes.some((node) => PACKAGE_TYPES.includes(node.type) && !node.disabled)) {
			throw new E2eFailure(`examples/${file} has no enabled node of the types ${PACKAGE_TYPES.join(', ')}`);
		}
		for (const node of workflow.nodes) {
			if (node.credentials?.piApi) node.credentials.piApi = { ...credential };
			if (node.credentials?.openAiApi && modelCredential) node.credentials.openAiApi = { ...modelCredential };
		}
		return { name, workflowId, role: roleOf(workflow.nodes), workflow };
	});
}

/**
 * Writes all examples into one file for a single `n8n import:workflow`.
 * @param {Array<{ workflow: unknown }>} examples
 * @param {string} file
 */
function writeImportFile(examples, file) {
	writeFileSync(file, JSON.stringify(examples.map(({ workflow }) => workflow), null, 2));
}

module.exports = { PIAPI_NODE_TYPE, PIAPI_TOOL_TYPE, PIAPI_TRIGGER_TYPE, SIMULATOR_DEFAULT_URL, loadExamples, writeImportFile };
