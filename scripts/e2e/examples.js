// @ts-check
// The workflows in examples/, made runnable here: every example is imported and run with `n8n execute`.
//
// Conventions for examples (what this runner relies on, so new examples need no runner changes):
// - a workflow JSON in examples/ (one per file), started by a Manual Trigger;
// - it uses the community node type `n8n-nodes-piapi-faceswap.piApiMultiFaceSwap` (not `CUSTOM.…`) at least once,
//   with a credential of type `piApi`; other nodes of n8n itself (HTTP Request, Wait, Code…) are fine;
// - URLs point at the simulator's default address `http://127.0.0.1:8787`; here every string holding it is
//   rewritten to the simulator of the run, and every `piApi` credential reference to the imported credential;
// - the checks (execution-checks.js) then expect a successful run, and PiAPI nodes that ran and output tasks.
const { readFileSync, readdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { REPO_DIR } = require('./community-package');
const { E2eFailure } = require('./report');

const EXAMPLES_DIR = path.join(REPO_DIR, 'examples');
const SIMULATOR_DEFAULT_URL = 'http://127.0.0.1:8787';
const PIAPI_NODE_TYPE = 'n8n-nodes-piapi-faceswap.piApiMultiFaceSwap';

/**
 * @typedef {object} WorkflowNode
 * @property {string} name
 * @property {string} type
 * @property {Record<string, unknown>} parameters
 * @property {boolean} [disabled]
 * @property {Record<string, { id: string | null, name: string }>} [credentials]
 */

/**
 * @typedef {object} Example
 * @property {string} name file name without .json
 * @property {string} workflowId the id it is imported under
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

/**
 * @param {{ simulatorUrl: string, credential: { id: string, name: string } }} options
 * @returns {Example[]}
 */
function loadExamples({ simulatorUrl, credential }) {
	const files = readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
	if (files.length === 0) throw new E2eFailure(`no workflow in ${EXAMPLES_DIR}`);
	return files.map((file, index) => {
		const name = file.replace(/\.json$/, '');
		const source = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
		const workflow = /** @type {Example['workflow']} */ (
			mapStrings(source, (text) => text.split(SIMULATOR_DEFAULT_URL).join(simulatorUrl))
		);
		const workflowId = `piapiE2eWf${String(index + 1).padStart(6, '0')}`;
		Object.assign(workflow, { id: workflowId, name: `${workflow.name ?? name} [e2e ${name}]`, active: false });
		if (!Array.isArray(workflow.nodes)) throw new E2eFailure(`examples/${file} has no nodes array`);
		const custom = workflow.nodes.filter((node) => node.type.startsWith('CUSTOM.'));
		if (custom.length > 0) {
			throw new E2eFailure(`examples/${file} uses ${custom[0].type}: use the community type ${PIAPI_NODE_TYPE}`);
		}
		if (!workflow.nodes.some((node) => node.type === PIAPI_NODE_TYPE && !node.disabled)) {
			throw new E2eFailure(`examples/${file} has no enabled ${PIAPI_NODE_TYPE} node`);
		}
		for (const node of workflow.nodes) {
			if (node.credentials?.piApi) node.credentials.piApi = { ...credential };
		}
		return { name, workflowId, workflow };
	});
}

/**
 * Writes all examples into one file for a single `n8n import:workflow`.
 * @param {Example[]} examples
 * @param {string} file
 */
function writeImportFile(examples, file) {
	writeFileSync(file, JSON.stringify(examples.map(({ workflow }) => workflow), null, 2));
}

module.exports = { PIAPI_NODE_TYPE, SIMULATOR_DEFAULT_URL, loadExamples, writeImportFile };
