// @ts-check
// The PiAPI Trigger in n8n's editor, in a real browser, while `n8n start` runs with the receiving example active:
// 1. the canvas shows the trigger, with the package's icon;
// 2. its panel shows the pairing notice and the fields, and under "Webhook URLs" → "Production URL" the very URL the
//    callback pair used (screenshot trigger-panel.png);
// 3. the browser console has no errors.
const path = require('node:path');
const { inEditor, openNodePanel, settledScreenshot } = require('./editor-page');
const { PIAPI_TRIGGER_TYPE } = require('./examples');
const { E2eFailure, check } = require('./report');

const TRIGGER_FIELDS = ['Callback Secret', 'Statuses', 'Download Result Image', 'Put Output File in Field'];

/**
 * @param {{ server: import('./n8n-server').N8nServer, example: import('./examples').Example, packageName: string,
 *   logDir: string, screenshotDir: string }} options
 */
async function checkTriggerInEditor({ server, example, packageName, logDir, screenshotDir }) {
	const trigger = example.workflow.nodes.find((node) => node.type === PIAPI_TRIGGER_TYPE && !node.disabled);
	if (!trigger?.webhookId) throw new E2eFailure(`examples/${example.name}.json has no ${PIAPI_TRIGGER_TYPE} node with a webhookId`);
	await inEditor({ server, logDir }, async (page) => {
		const { parameters, labels } = await openNodePanel({
			page,
			server,
			workflowId: example.workflowId,
			nodeType: PIAPI_TRIGGER_TYPE,
			nodeName: trigger.name,
			packageName,
		});
		check(TRIGGER_FIELDS.every((field) => labels.includes(field)), `the trigger's panel shows ${TRIGGER_FIELDS.join(', ')}`, labels.join(', '));
		check(
			(await parameters.innerText()).includes('Production URL (above)'),
			'the panel explains how to pair the trigger with Swap Faces',
		);

		await page.locator('.clickable.headline', { hasText: 'Webhook URLs' }).click();
		await page.locator('[data-test-id="radio-button-production"]').click();
		const expected = `${server.baseUrl}/webhook/${trigger.webhookId}/webhook`;
		const shown = (await page.locator('.webhook-url').first().innerText()).trim();
		check(shown === expected, `"Webhook URLs" → "Production URL" shows ${expected}, the URL the callbacks used`, shown);
		await settledScreenshot(page, path.join(screenshotDir, 'trigger-panel.png'));
	});
}

module.exports = { checkTriggerInEditor };
