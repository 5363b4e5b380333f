// @ts-check
// The agent example in n8n's editor, in a real browser, while `n8n start` runs: the canvas shows the AI Agent with the
// package's node attached to its tool input as "PiAPI Multi Face Swap Tool" (type `…piApiMultiFaceSwapTool`) with the
// package's icon, and the OpenAI Chat Model; screenshot agent-canvas.png; no error in the browser console. (The runs
// themselves are checked by `n8n execute` against the stand-in model, agent.js.)
const path = require('node:path');
const { agentNodesOf } = require('./agent');
const { inEditor, renderedSize, settledScreenshot } = require('./editor-page');
const { PIAPI_TOOL_TYPE } = require('./examples');
const { check } = require('./report');

/**
 * @param {{ server: import('./n8n-server').N8nServer, example: import('./examples').Example, logDir: string,
 *   screenshotDir: string }} options
 */
async function checkAgentInEditor({ server, example, logDir, screenshotDir }) {
	const { agent, tool } = agentNodesOf(example);
	await inEditor({ server, logDir }, async (page) => {
		await page.goto(`${server.baseUrl}/workflow/${example.workflowId}`);
		const toolNode = page.locator(`[data-test-id="canvas-node"][data-node-type="${PIAPI_TOOL_TYPE}"]`);
		await toolNode.waitFor();
		check((await toolNode.getAttribute('data-node-name')) === tool.name, `the canvas shows the tool "${tool.name}" (${PIAPI_TOOL_TYPE})`);
		const agentNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${agent.name}"]`);
		await agentNode.waitFor();
		check(true, `the canvas shows "${agent.name}"`);
		const icon = toolNode.locator('img').first();
		await icon.waitFor();
		const src = String(await icon.getAttribute('src'));
		const size = await renderedSize(icon);
		check(src.includes('/icons/n8n-nodes-piapi-faceswap/') && size !== undefined, `the tool shows the package's icon (${src}, ${size})`, `${src}, ${size}`);
		// The tool hangs below the agent, on its Tool input: an edge from the one to the other.
		const edges = page.locator('[data-test-id="edge"]');
		check((await edges.count()) >= 3, 'the canvas draws the connections (trigger, model, tool)', `${await edges.count()} edges`);
		await page.locator('[data-test-id="canvas-zoom-to-fit"]').click().catch(() => undefined);
		await settledScreenshot(page, path.join(screenshotDir, 'agent-canvas.png'));
	});
}

module.exports = { checkAgentInEditor };
