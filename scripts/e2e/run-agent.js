// @ts-check
// Only the AI Agent step of the e2e (agent.js), for a quick run while working on it:
//   npm run build && PATH="$PWD/node_modules/.bin:$PATH" node scripts/e2e/run-agent.js
// Same set-up as run.js (n8n from the cache folder, the packed package, the simulator, the credentials), then every
// example with role 'agent' against the stand-in model. PIAPI_E2E_AGENT_EDITOR=1 also starts `n8n start` and takes
// the canvas screenshot (editor-agent.js; into PIAPI_E2E_SCREENSHOTS when set).
const path = require('node:path');
const { checkAgentExample } = require('./agent');
const { checkAgentInEditor } = require('./editor-agent');
const { writeImportFile } = require('./examples');
const { N8N_VERSION } = require('./n8n-install');
const { startN8nServer } = require('./n8n-server');
const { E2eFailure, step } = require('./report');
const { runE2e } = require('./run-main');
const { prepareRun } = require('./run-setup');

async function main() {
	if (Number(process.versions.node.split('.')[0]) < 22) {
		throw new E2eFailure(`n8n ${N8N_VERSION} needs Node.js >= 22: put node_modules/.bin first on PATH (Node 24)`);
	}
	const prepared = await prepareRun('piapi-e2e-agent-');
	const { tempDir, logDir, cli, simulator, standIn, n8nPort } = prepared;
	const examples = prepared.examples.filter(({ role }) => role === 'agent');
	if (examples.length === 0) throw new E2eFailure('no example with an AI Agent and the package node as its tool');
	await step(`n8n import:workflow (${examples.map(({ name }) => name).join(', ')})`, async () => {
		const file = path.join(tempDir, 'workflows.json');
		writeImportFile(examples, file);
		await cli.run(['import:workflow', `--input=${file}`], 'import-workflows');
	});
	for (const example of examples) {
		await step(`AI Agent with the tool: examples/${example.name}.json against the stand-in model`, () =>
			checkAgentExample({ cli, example, simulator, standIn, tempDir }),
		);
	}
	if (process.env.PIAPI_E2E_AGENT_EDITOR !== '1') return;
	const server = await step('n8n start (owner set up, logged in over REST)', () => startN8nServer({ cli, port: n8nPort }));
	const screenshotDir = process.env.PIAPI_E2E_SCREENSHOTS ? path.resolve(process.env.PIAPI_E2E_SCREENSHOTS) : path.join(tempDir, 'screenshots');
	for (const example of examples) {
		await step(`the editor in Chromium: examples/${example.name}.json, the agent with its tool`, () =>
			checkAgentInEditor({ server, example, logDir, screenshotDir }),
		);
	}
	await step('stop n8n start', () => server.stop());
}

runE2e(main);
