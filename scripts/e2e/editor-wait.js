// @ts-check
// The waiting example (examples/07) in n8n's editor, in a real browser, while `n8n start` runs:
// 1. the canvas shows its Swap Faces node with the package's icon;
// 2. its panel shows Wait for Completion on and, right below it, Wait Method set to "Until PiAPI Calls Back"
//    (screenshot wait-method.png, the README's "Choosing how to wait");
// 3. the browser console has no errors.
const path = require('node:path');
const { inEditor, openNodePanel, screenshotWholePanel } = require('./editor-page');
const { PIAPI_NODE_TYPE } = require('./examples');
const { E2eFailure, check } = require('./report');

const SHOWN = 'Until PiAPI Calls Back';

/**
 * @param {{ server: import('./n8n-server').N8nServer, example: import('./examples').Example, packageName: string,
 *   logDir: string, screenshotDir: string }} options
 */
async function checkWaitMethodInEditor({ server, example, packageName, logDir, screenshotDir }) {
	const swap = example.workflow.nodes.find((node) => node.type === PIAPI_NODE_TYPE && !node.disabled);
	if (!swap) throw new E2eFailure(`examples/${example.name}.json has no ${PIAPI_NODE_TYPE} node`);
	await inEditor({ server, logDir }, async (page) => {
		const { parameters, labels } = await openNodePanel({
			page,
			server,
			workflowId: example.workflowId,
			nodeType: PIAPI_NODE_TYPE,
			nodeName: swap.name,
			packageName,
		});
		const at = labels.indexOf('Wait for Completion');
		check(at !== -1 && labels[at + 1] === 'Wait Method', 'the panel shows Wait Method right below Wait for Completion', labels.join(', '));
		const field = parameters.locator('[data-test-id="parameter-input-waitMethod"]');
		const shown = await field.locator('input').first().inputValue();
		check(shown === SHOWN, `Wait Method shows "${SHOWN}"`, shown);
		await screenshotWholePanel(page, parameters, path.join(screenshotDir, 'wait-method.png'));
	});
}

module.exports = { checkWaitMethodInEditor };
