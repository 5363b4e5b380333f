// @ts-check
// Page helpers for the editor steps: a browser page already logged in to n8n, a package node on the canvas with its
// icon, and screenshots of a settled page (no toasts, no hover highlight, fonts and images loaded, animations finished).
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { launchBrowser } = require('./browser');
const { checkNoConsoleErrors, watchConsole } = require('./browser-console');
const { REPO_DIR } = require('./community-package');
const { E2eFailure, check } = require('./report');

const VIEWPORT = { width: 1440, height: 900 };

/**
 * A page logged in with the owner's session cookie from the REST login (n8n-server.js).
 * @param {import('playwright-core').Browser} browser
 * @param {import('./n8n-server').N8nServer} server
 */
async function openLoggedInPage(browser, server) {
	const cookie = server.rest.sessionCookie();
	if (!cookie) throw new E2eFailure('no n8n-auth session cookie from the REST login');
	const separator = cookie.indexOf('=');
	const context = await browser.newContext({
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		colorScheme: 'light',
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	context.setDefaultTimeout(30_000);
	await context.addCookies([{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: server.baseUrl }]);
	const page = await context.newPage();
	return { context, page };
}

/**
 * Runs `use` on a logged-in page in a fresh Chromium, then checks that the browser console shows no error (every
 * message goes to logs/browser-console.log); the browser is closed whatever happens.
 * @param {{ server: import('./n8n-server').N8nServer, logDir: string }} options
 * @param {(page: import('playwright-core').Page) => Promise<void>} use
 */
async function inEditor({ server, logDir }, use) {
	const { browser, close } = await launchBrowser();
	try {
		const { page } = await openLoggedInPage(browser, server);
		const consoleLog = watchConsole(page, { serverOrigin: server.baseUrl, logFile: path.join(logDir, 'browser-console.log') });
		await use(page);
		checkNoConsoleErrors(consoleLog);
	} finally {
		await close();
	}
}

/**
 * Opens a workflow and checks the canvas: the node of that type, named as in the workflow, with the package's icon
 * (rendered, and the SVG n8n serves equals the packaged one). Returns the node's locator.
 * @param {{ page: import('playwright-core').Page, server: import('./n8n-server').N8nServer, workflowId: string,
 *   nodeType: string, nodeName: string, packageName: string }} options
 */
async function openWorkflowAtNode({ page, server, workflowId, nodeType, nodeName, packageName }) {
	await page.goto(`${server.baseUrl}/workflow/${workflowId}`);
	const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-type="${nodeType}"]`);
	await canvasNode.waitFor();
	check(
		(await canvasNode.getAttribute('data-node-name')) === nodeName,
		`the canvas shows the ${nodeType} node "${nodeName}"`,
		String(await canvasNode.getAttribute('data-node-name')),
	);
	// Trigger nodes render as canvas-trigger-node, the others as canvas-default-node.
	const icon = canvasNode.locator('[data-test-id="canvas-default-node"] img, [data-test-id="canvas-trigger-node"] img').first();
	await icon.waitFor();
	const iconSrc = String(await icon.getAttribute('src'));
	const iconPrefix = `/icons/${packageName}/`;
	check(iconSrc.startsWith(iconPrefix) && iconSrc.endsWith('.svg'), `its icon comes from the package (${iconSrc})`, iconSrc);
	const iconSize = await renderedSize(icon);
	const servedIcon = await page.request.get(new URL(iconSrc, server.baseUrl).href);
	const packagedIcon = readFileSync(path.join(REPO_DIR, iconSrc.slice(iconPrefix.length)));
	check(
		servedIcon.ok() && (await servedIcon.body()).equals(packagedIcon) && iconSize !== undefined,
		`the icon renders (${iconSize}) and n8n serves the package's SVG byte for byte`,
		`HTTP ${servedIcon.status()}, ${(await servedIcon.body()).length} bytes (package: ${packagedIcon.length}), rendered: ${iconSize}`,
	);
	return canvasNode;
}

/**
 * The workflow at its node (openWorkflowAtNode's checks), then the node's panel opened by a double click. Returns the
 * canvas node, the panel and the labels of its visible fields, in the order shown.
 * @param {Parameters<typeof openWorkflowAtNode>[0]} options
 */
async function openNodePanel(options) {
	const canvasNode = await openWorkflowAtNode(options);
	// The node's body takes the double click (trigger nodes render as canvas-trigger-node, the others as canvas-default-node).
	await canvasNode.locator('[data-test-id="canvas-default-node"], [data-test-id="canvas-trigger-node"]').first().dblclick();
	const parameters = options.page.locator('[data-test-id="node-parameters"]');
	await parameters.waitFor();
	const labels = (await parameters.locator('[data-test-id="input-label"]').filter({ visible: true }).allInnerTexts()).map(
		(text) => text.split('\n')[0].trim(),
	);
	return { canvasNode, parameters, labels };
}

/** @param {string[]} seen @param {string[]} expected @returns {boolean} expected appears in seen, in order */
function inOrder(seen, expected) {
	let at = 0;
	for (const label of seen) if (label === expected[at]) at += 1;
	return at === expected.length;
}

/**
 * An image's natural size once decoded, e.g. "64x64"; undefined when it cannot be decoded or is empty.
 * @param {import('playwright-core').Locator} image
 * @returns {Promise<string | undefined>}
 */
async function renderedSize(image) {
	const size = await image.evaluate((/** @type {any} */ element) =>
		element.decode().then(
			() => `${element.naturalWidth}x${element.naturalHeight}`,
			() => '',
		),
	);
	return /^[1-9]\d*x[1-9]\d*$/.test(size) ? size : undefined;
}

/**
 * Closes n8n's toasts ("Workflow executed successfully"…) and waits until none is left, fading ones included.
 * @param {import('playwright-core').Page} page
 */
async function closeToasts(page) {
	const toasts = page.locator('.el-notification');
	const deadline = Date.now() + 15_000;
	while ((await toasts.count()) > 0 && Date.now() < deadline) {
		// A toast may fade out on its own meanwhile: a click that finds nothing is fine.
		await toasts.locator('.el-notification__closeBtn').first().click({ timeout: 1_000 }).catch(() => undefined);
		await page.waitForTimeout(200);
	}
	if ((await toasts.count()) > 0) throw new E2eFailure(`a toast stays open: ${await toasts.first().innerText()}`);
}

/**
 * Screenshot of the whole viewport once the page has settled.
 * @param {import('playwright-core').Page} page
 * @param {string} file
 */
async function settledScreenshot(page, file) {
	await closeToasts(page);
	// The pointer rests on the dimmed backdrop's corner: no hover highlight, no tooltip.
	const size = page.viewportSize() ?? VIEWPORT;
	await page.mouse.move(size.width - 2, size.height - 2);
	await page.evaluate(async () => {
		// In the page (this repository type-checks without the DOM library, hence `any`).
		const { document, requestAnimationFrame } = /** @type {any} */ (globalThis);
		await document.fonts.ready;
		/** @type {any[]} */
		const pending = Array.from(document.images).filter((/** @type {any} */ image) => !image.complete);
		await Promise.all(
			pending.map((image) => new Promise((resolve) => ['load', 'error'].forEach((event) => image.addEventListener(event, resolve, { once: true })))),
		);
		await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
	});
	await page.waitForTimeout(400); // the panel's opening transition and tooltips fading out
	await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
}

/**
 * The panel's screenshot, with the viewport grown (up to 1400 px high) so that every field shows without scrolling.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} parameters
 * @param {string} file
 */
async function screenshotWholePanel(page, parameters, file) {
	const hidden = await parameters.evaluate((/** @type {any} */ element) => {
		for (let node = element; node; node = node.parentElement) {
			if (node.scrollHeight > node.clientHeight + 1) return node.scrollHeight - node.clientHeight;
		}
		return 0;
	});
	const height = Math.min(1400, VIEWPORT.height + Math.ceil(hidden) + 16);
	await page.setViewportSize({ width: VIEWPORT.width, height });
	try {
		await settledScreenshot(page, file);
	} finally {
		await page.setViewportSize(VIEWPORT);
	}
}

module.exports = {
	VIEWPORT,
	closeToasts,
	inEditor,
	inOrder,
	openNodePanel,
	openWorkflowAtNode,
	renderedSize,
	screenshotWholePanel,
	settledScreenshot,
};
