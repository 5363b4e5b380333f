// @ts-check
// The node in n8n's editor, in a real browser (Debian's Chromium via playwright-core), while `n8n start` runs:
// 1. open the example's workflow (logged in with the owner's session): the canvas shows our node type, named as
//    in the example, with our icon (the SVG n8n serves is the one in the package);
// 2. double-click it: the panel shows the node's fields (screenshot node-panel.png);
// 3. "Execute workflow" in the editor: the node ends in success and the simulator has the new task, completed;
// 4. the node's output, Binary view: the result image n8n shows is the simulator's result, byte for byte
//    (screenshot workflow-result.png);
// 5. the browser console has no errors (browser-console.js says what it ignores and why).
const { mkdirSync } = require('node:fs');
const path = require('node:path');
const { closeToasts, inEditor, inOrder, openNodePanel, renderedSize, screenshotWholePanel, settledScreenshot } = require('./editor-page');
const { PIAPI_NODE_TYPE } = require('./examples');
const { E2eFailure, check, info } = require('./report');

const DISPLAY_NAME = 'PiAPI Multi Face Swap';
/** The fields of Swap Faces with the example's settings, in the order the panel shows them. */
const SWAP_FACES_FIELDS = [
	'Operation',
	'API',
	'Target Image Source',
	'Target Image URL',
	'Swap Image Source',
	'Swap Image URL',
	'Swap Faces Index',
	'Target Faces Index',
	'Wait for Completion',
	'Wait Method',
	'Output',
	'Put Output in Field',
	'Options',
];

/**
 * @param {{ server: import('./n8n-server').N8nServer, example: import('./examples').Example,
 *   simulator: import('../../simulator').Simulator, packageName: string, logDir: string, screenshotDir: string }} options
 */
async function checkNodeInEditor({ server, example, simulator, packageName, logDir, screenshotDir }) {
	const workflowNode = example.workflow.nodes.find((node) => node.type === PIAPI_NODE_TYPE && !node.disabled);
	if (!workflowNode) throw new E2eFailure(`examples/${example.name}.json has no ${PIAPI_NODE_TYPE} node`);
	mkdirSync(screenshotDir, { recursive: true });
	// inEditor checks the console (5.) once the steps are done.
	await inEditor({ server, logDir }, async (page) => {
		// 1. The canvas; 2. the node's panel.
		const { canvasNode, parameters, labels } = await openNodePanel({
			page,
			server,
			workflowId: example.workflowId,
			nodeType: PIAPI_NODE_TYPE,
			nodeName: workflowNode.name,
			packageName,
		});
		check(inOrder(labels, SWAP_FACES_FIELDS), `the panel shows the fields ${SWAP_FACES_FIELDS.join(', ')}`, labels.join(', '));
		const version = (await page.locator('[data-test-id="node-version"]').textContent()) ?? '';
		check(version.startsWith(`${DISPLAY_NAME} node version`), `the panel is a "${DISPLAY_NAME}" node (${version.trim()})`, version);
		await screenshotWholePanel(page, parameters, path.join(screenshotDir, 'node-panel.png'));
		await page.keyboard.press('Escape');
		await parameters.waitFor({ state: 'hidden' });

		// 3. Execute workflow, from the editor.
		const tasksBefore = simulator.tasks().length;
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		const success = canvasNode.locator('[data-test-id="canvas-node-status-success"]');
		const failure = canvasNode.locator('[data-test-id="canvas-node-status-error"]');
		await success.or(failure).waitFor({ timeout: 90_000 });
		check(await success.isVisible(), `"Execute workflow" in the editor: "${workflowNode.name}" ends in success`, 'it ends in error');
		// n8n then says so in a toast, a moment later: wait for it and close it, before it can cover a screenshot.
		await page.locator('.el-notification').filter({ hasText: 'Workflow executed successfully' }).waitFor({ timeout: 15_000 });
		await closeToasts(page);
		const newTasks = simulator.tasks().slice(tasksBefore);
		const task = newTasks[0];
		check(
			newTasks.length === 1 && task.status === 'completed' && Boolean(task.resultBytes),
			`the run created one task at the simulator, completed (${task?.id})`,
			JSON.stringify(newTasks.map(({ id, status }) => ({ id, status }))),
		);

		// 4. Its output, as binary: the result image.
		await canvasNode.locator('[data-test-id="canvas-default-node"]').dblclick();
		const output = page.locator('[data-test-id="output-panel"]');
		const binaryMode = output.locator('[data-test-id="radio-button-binary"]');
		await binaryMode.waitFor();
		await binaryMode.click();
		const field = String(workflowNode.parameters.binaryPropertyOutput ?? 'data');
		const card = output.locator('[data-test-id="ndv-binary-data_0"]');
		const cardText = await card.innerText();
		check(
			cardText.split('\n')[0].trim() === field && cardText.includes(String(task.resultMimeType)),
			`the output's Binary view lists "${field}" (${task.resultMimeType})`,
			cardText.replace(/\s+/g, ' '),
		);
		await card.locator('[data-test-id="ndv-view-binary-data"]').click();
		const preview = output.locator('img[src*="/rest/binary-data"]');
		await preview.waitFor();
		const previewSize = await renderedSize(preview);
		const shown = await page.request.get(new URL(String(await preview.getAttribute('src')), server.baseUrl).href);
		const shownBytes = await shown.body();
		check(
			shown.ok() && shownBytes.equals(/** @type {Buffer} */ (task.resultBytes)) && previewSize !== undefined,
			`the preview shows the result image (${previewSize}), the simulator's bytes for task ${task.id}`,
			`HTTP ${shown.status()}, ${shownBytes.length} bytes (simulator: ${task.resultBytes?.length}), rendered: ${previewSize}`,
		);
		await settledScreenshot(page, path.join(screenshotDir, 'workflow-result.png'));
		const relative = path.relative(process.cwd(), screenshotDir);
		info(`screenshots: ${relative.startsWith('..') ? screenshotDir : relative || '.'}/node-panel.png, workflow-result.png`);
	});
}

module.exports = { checkNodeInEditor };
