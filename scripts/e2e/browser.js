// @ts-check
// Debian's Chromium (/usr/bin/chromium, from scripts/e2e/install-chromium.sh) driven by playwright-core. Playwright's
// own browser download does not work offline; playwright-core talks CDP to any recent Chromium (1.65 with Debian's
// 156 is seen working). The flags keep Chromium off the network: without them it calls Google's hosts at start,
// and even with the --disable-* ones it still looks up accounts.google.com, update.googleapis.com and
// content-autofill.googleapis.com (seen with strace); the host resolver rule answers every name "not found" without
// a lookup. The page is on 127.0.0.1, an address, so nothing it needs is resolved.
const { existsSync } = require('node:fs');
const { chromium } = require('playwright-core');
const { onCleanup } = require('./cleanup');
const { E2eFailure, info } = require('./report');

const CHROMIUM = process.env.PIAPI_E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox', // CI runs as root, where Chromium's sandbox cannot start
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/**
 * Starts Chromium; it is closed by `close()` and, should the run fail first, by the run's cleanup.
 * @returns {Promise<{ browser: import('playwright-core').Browser, close: () => Promise<void> }>}
 */
async function launchBrowser() {
	if (!existsSync(CHROMIUM)) {
		throw new E2eFailure(
			`no Chromium at ${CHROMIUM}: run scripts/e2e/install-chromium.sh (Debian's chromium package, as root), ` +
				'or set PIAPI_E2E_CHROMIUM to a Chromium binary',
		);
	}
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
	info(`Chromium ${browser.version()} (${CHROMIUM}), playwright-core ${require('playwright-core/package.json').version}`);
	const close = onCleanup('close Chromium', () => browser.close());
	return { browser, close };
}

module.exports = { launchBrowser };
