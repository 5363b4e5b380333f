// @ts-check
// Swap Faces in Video in n8n's editor, in a real browser, while `n8n start` runs: the video example's node opens on
// its own fields (target video, swap image, face indexes, waiting, output; screenshot video-node-panel.png), and the
// browser console has no errors. (The run itself is checked by `n8n execute`, execution-checks.js.)
const path = require('node:path');
const { inEditor, inOrder, openNodePanel, screenshotWholePanel } = require('./editor-page');
const { PIAPI_NODE_TYPE } = require('./examples');
const { E2eFailure, check } = require('./report');

/** The fields of Swap Faces in Video with a binary target video (examples/08), in the order the panel shows them. */
const VIDEO_FIELDS = [
	'Operation',
	'Target Video Source',
	'Target Video Binary Field',
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

/** @param {import('./examples').Example} example */
const videoNodeOf = (example) =>
	example.workflow.nodes.find(
		(node) => node.type === PIAPI_NODE_TYPE && !node.disabled && node.parameters.operation === 'swapVideoFaces',
	);

/**
 * @param {{ server: import('./n8n-server').N8nServer, example: import('./examples').Example, packageName: string,
 *   logDir: string, screenshotDir: string }} options
 */
async function checkVideoNodeInEditor({ server, example, packageName, logDir, screenshotDir }) {
	const node = videoNodeOf(example);
	if (!node) throw new E2eFailure(`examples/${example.name}.json has no Swap Faces in Video node`);
	await inEditor({ server, logDir }, async (page) => {
		const { parameters, labels } = await openNodePanel({
			page,
			server,
			workflowId: example.workflowId,
			nodeType: PIAPI_NODE_TYPE,
			nodeName: node.name,
			packageName,
		});
		check(inOrder(labels, VIDEO_FIELDS), `the panel shows the fields ${VIDEO_FIELDS.join(', ')}`, labels.join(', '));
		check(!labels.includes('API'), 'the panel has no API field (video runs on the unified API only)', labels.join(', '));
		await screenshotWholePanel(page, parameters, path.join(screenshotDir, 'video-node-panel.png'));
	});
}

module.exports = { checkVideoNodeInEditor, videoNodeOf };
