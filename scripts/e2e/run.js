// @ts-check
// End-to-end test in the real n8n CLI: `npm run test:e2e` (builds first). See scripts/e2e/README.md.
//
// 1. n8n@2.41.1 from a cache folder outside the repository (installed on the first run, n8n-install.js);
// 2. `npm pack` of the built repository, installed into a fresh N8N_USER_FOLDER's community nodes folder as n8n's
//    Community Nodes install does (community-package.js);
// 3. the PiAPI simulator and a stand-in model (model-stand-in.js) on free ports; a `piApi` credential and an
//    `openAiApi` one for them via `n8n import:credentials` (run-setup.js);
// 4. every workflow in examples/ imported (`n8n import:workflow`); those not in a callback pair run (`n8n execute --id --rawOutput`), their
//    output and the binary files n8n stored checked (examples.js, execution-checks.js); the agent example and its
//    variants run against the stand-in model (agent.js);
// 5. `n8n start` (n8n-server.js): the credential's Test, as the editor calls it (credential-test.js);
// 6. the callback examples (callback-pair.js): the receiving workflow published before the start, so it is active; the
//    submitting one run over REST; the simulator's callbacks, each delivered twice, start one execution per task;
//    then the waiting example (Wait Method "Until PiAPI Calls Back"): stored as waiting, resumed by the callback
//    (waiting-execution.js);
// 7. the same server in a real browser (Debian's Chromium, playwright-core): examples/01 in the editor, the node's
//    panel, "Execute workflow", the result image in the node's output (editor.js); screenshots node-panel.png and
//    workflow-result.png into the temp folder, or into PIAPI_E2E_SCREENSHOTS (e.g. docs/images) when set; then the
//    receiving example's PiAPI Trigger, its panel and Production URL (editor-trigger.js, trigger-panel.png); the waiting
//    example's panel with Wait Method "Until PiAPI Calls Back" (editor-wait.js, wait-method.png); the video example's
//    Swap Faces in Video panel (editor-video.js, video-node-panel.png); the agent example's canvas, the AI Agent with
//    the node as its tool (editor-agent.js, agent-canvas.png).
// Steps and timings go to stdout; any failure ends the run with exit code 1 and says what was expected.
// Temp folders, child processes and the browser are removed on every exit. PIAPI_E2E_KEEP=1 keeps the temp folder (logs,
// user folder) for a look afterwards.
const path = require('node:path');
const { checkAgentExample } = require('./agent');
const { PACKAGE_NAME } = require('./community-package');
const { testCredentialInEditor } = require('./credential-test');
const { checkCallbackPair, receiverOf } = require('./callback-pair');
const { checkWaitingExecution } = require('./waiting-execution');
const { checkNodeInEditor } = require('./editor');
const { checkTriggerInEditor } = require('./editor-trigger');
const { checkWaitMethodInEditor } = require('./editor-wait');
const { checkVideoNodeInEditor, videoNodeOf } = require('./editor-video');
const { checkAgentInEditor } = require('./editor-agent');
const { PIAPI_NODE_TYPE, writeImportFile } = require('./examples');
const { checkExecution, parseRawOutput } = require('./execution-checks');
const { N8N_VERSION } = require('./n8n-install');
const { startN8nServer } = require('./n8n-server');
const { E2eFailure, duration, info, step } = require('./report');
const { runE2e } = require('./run-main');
const { CREDENTIAL, prepareRun } = require('./run-setup');
const { burstWorkflow, checkCallbackBurst, startCounter, writeBurstSection } = require('./callback-burst');
const { onCleanup } = require('./cleanup');
const { checkTriggerBurst, triggerBurstWorkflow } = require('./trigger-burst');

const BURST_WORKFLOW_ID = 'piapiE2eBurst001';
const TRIGGER_BURST_WORKFLOW_ID = 'piapiE2eBurst002';

async function main() {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 22) {
		throw new E2eFailure(
			`n8n ${N8N_VERSION} needs Node.js >= 22 and this is ${process.version}: run \`npm run test:e2e\` ` +
				'(it runs on a Node.js 22+ from scripts/node22.js)',
		);
	}
	const { tempDir, logDir, userFolder, n8n, cli, simulator, standIn, n8nPort, examples } = await prepareRun('piapi-e2e-');
	const counter = await startCounter();
	onCleanup('stop the counter', () => counter.stop());
	const burst = burstWorkflow({ id: BURST_WORKFLOW_ID, credential: CREDENTIAL, simulatorUrl: simulator.url, counterUrl: counter.url });
	const receivers = examples.filter(({ role }) => role === 'receive');
	const triggerBurst = triggerBurstWorkflow({ id: TRIGGER_BURST_WORKFLOW_ID, credential: CREDENTIAL, receive: receivers[0], n8nUrl: `http://127.0.0.1:${n8nPort}` });
	await step(`n8n import:workflow (${examples.length} example${examples.length === 1 ? '' : 's'}, the burst workflows)`, async () => {
		const file = path.join(tempDir, 'workflows.json');
		writeImportFile([...examples, { workflow: burst }, { workflow: triggerBurst }], file);
		await cli.run(['import:workflow', `--input=${file}`], 'import-workflows');
	});

	for (const example of examples.filter(({ role }) => role === 'execute')) {
		await step(`n8n execute examples/${example.name}.json`, async () => {
			const began = Date.now();
			// A failed run exits 1 after printing the run as JSON: the checks then say what failed.
			const execution = await cli.run(['execute', `--id=${example.workflowId}`, '--rawOutput'], `execute-${example.name}`, {
				allowFailure: true,
			});
			info(`n8n execute exited with code ${execution.code} after ${duration(Date.now() - began)}`);
			checkExecution({ example, result: parseRawOutput(execution), simulator, userFolder });
		});
	}

	for (const example of examples.filter(({ role }) => role === 'agent')) {
		await step(`AI Agent with the tool: examples/${example.name}.json against the stand-in model`, () =>
			checkAgentExample({ cli, example, simulator, standIn, tempDir }),
		);
	}

	for (const example of receivers) {
		await step(`n8n publish:workflow examples/${example.name}.json (active from the start)`, () =>
			cli.run(['publish:workflow', `--id=${example.workflowId}`], `publish-${example.name}`),
		);
	}

	for (const id of [BURST_WORKFLOW_ID, TRIGGER_BURST_WORKFLOW_ID]) {
		await step(`n8n publish:workflow ${id}, a burst (a production webhook)`, () => cli.run(['publish:workflow', `--id=${id}`], `publish-${id}`));
	}
	const server = await step('n8n start (owner set up, logged in over REST)', () => startN8nServer({ cli, port: n8nPort }));
	await step('credential test through the editor API', () =>
		testCredentialInEditor({ server, simulator, credential: CREDENTIAL, packageName: PACKAGE_NAME, nodeType: PIAPI_NODE_TYPE }),
	);
	for (const submit of examples.filter(({ role }) => role === 'submit')) {
		const receive = receiverOf(submit, receivers);
		await step(`callbacks in n8n start: examples/${submit.name}.json submits, ${receive.name}.json receives`, () =>
			checkCallbackPair({ server, n8nDir: n8n.dir, submit, receive, simulator, userFolder }),
		);
	}
	for (const example of examples.filter(({ role }) => role === 'wait')) {
		await step(`waiting execution in n8n start: examples/${example.name}.json sleeps until PiAPI calls back`, () =>
			checkWaitingExecution({ server, n8nDir: n8n.dir, example, simulator, userFolder }),
		);
	}
	const burstFigures = await step('callback burst in n8n start: many executions wait until PiAPI calls back, every callback twice', () =>
		checkCallbackBurst({ server, simulator, workflowId: BURST_WORKFLOW_ID, counter }),
	);
	const triggerFigures = await step(`PiAPI Trigger under a burst in n8n start: ${receivers[0].name}.json receives a batch's callbacks, every one twice`, () =>
		checkTriggerBurst({ server, n8nDir: n8n.dir, simulator, receive: receivers[0] }),
	);
	if (process.env.PIAPI_E2E_REPORT) writeBurstSection(burstFigures, triggerFigures);
	const screenshotDir = process.env.PIAPI_E2E_SCREENSHOTS ? path.resolve(process.env.PIAPI_E2E_SCREENSHOTS) : path.join(tempDir, 'screenshots');
	const editorExample = examples.find((example) => example.name.startsWith('01-')) ?? examples[0];
	await step(`the editor in Chromium: examples/${editorExample.name}.json, its node, a run, the result`, () =>
		checkNodeInEditor({ server, example: editorExample, simulator, packageName: PACKAGE_NAME, logDir, screenshotDir }),
	);
	for (const example of examples.filter(videoNodeOf)) {
		await step(`the editor in Chromium: examples/${example.name}.json, the Swap Faces in Video fields`, () =>
			checkVideoNodeInEditor({ server, example, packageName: PACKAGE_NAME, logDir, screenshotDir }),
		);
	}
	for (const receive of receivers) {
		await step(`the editor in Chromium: examples/${receive.name}.json, the PiAPI Trigger and its Production URL`, () =>
			checkTriggerInEditor({ server, example: receive, packageName: PACKAGE_NAME, logDir, screenshotDir }),
		);
	}
	for (const example of examples.filter(({ role }) => role === 'wait')) {
		await step(`the editor in Chromium: examples/${example.name}.json, Wait Method "Until PiAPI Calls Back"`, () =>
			checkWaitMethodInEditor({ server, example, packageName: PACKAGE_NAME, logDir, screenshotDir }),
		);
	}
	for (const example of examples.filter(({ role }) => role === 'agent')) {
		await step(`the editor in Chromium: examples/${example.name}.json, the agent with its tool`, () =>
			checkAgentInEditor({ server, example, logDir, screenshotDir }),
		);
	}
	await step('stop n8n start', () => server.stop());
}

runE2e(main);
