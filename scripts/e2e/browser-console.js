// @ts-check
// What the editor page writes to the browser console, and its uncaught errors: every message goes to a log file;
// errors fail the run unless they are known noise that has nothing to do with our node.
//
// Ignored, and why:
// - errors about a resource on a host other than the n8n server under test (a failed load of telemetry, a CDN
//   font, n8n's own cloud APIs…): this machine has no network, and none of it is our node's — the node's icon and
//   every call the node's panel makes go to the n8n server itself;
// - a 404 for `/schemas/n8n-nodes-base.<node>/<version>.json`: the editor asks the server for the output schema of
//   n8n's own nodes on the canvas (e.g. HTTP Request 4.2 in examples/08), also of those that ship none; never ours;
// - nothing else. With the settings of n8n-cli.js and a logged-in session, n8n 2.41.1 itself logs no error at all
//   while it opens a workflow, opens the node's panel and runs a workflow; any error is reported.
const { appendFileSync } = require('node:fs');
const { check, info } = require('./report');

/**
 * @typedef {object} ConsoleEntry
 * @property {string} type console message type (error, warning, log…) or 'pageerror'
 * @property {string} text
 * @property {string} url where it comes from (script, or the resource that failed to load), '' if unknown
 */

/**
 * Starts collecting a page's console messages and uncaught errors.
 * @param {import('playwright-core').Page} page
 * @param {{ serverOrigin: string, logFile: string }} options
 */
function watchConsole(page, { serverOrigin, logFile }) {
	/** @type {ConsoleEntry[]} */
	const entries = [];
	/** @param {ConsoleEntry} entry */
	function record(entry) {
		entries.push(entry);
		appendFileSync(logFile, `${new Date().toISOString()} ${entry.type}: ${entry.text}${entry.url ? ` (${entry.url})` : ''}\n`);
	}
	page.on('console', (message) => record({ type: message.type(), text: message.text(), url: message.location().url ?? '' }));
	page.on('pageerror', (error) => record({ type: 'pageerror', text: error.stack ?? error.message, url: '' }));

	/** @param {ConsoleEntry} entry @returns {string | undefined} why it is ignored */
	function ignoredBecause(entry) {
		if (entry.url && !entry.url.startsWith(`${serverOrigin}/`) && /^https?:/.test(entry.url)) {
			return `from ${new URL(entry.url).host}, not the n8n server`;
		}
		if (entry.url.startsWith(`${serverOrigin}/schemas/n8n-nodes-base.`) && /status of 404/.test(entry.text)) {
			return "n8n's schema file of one of its own nodes, which it does not ship";
		}
		return undefined;
	}

	return {
		/** Errors that count: console errors and uncaught exceptions, known noise left out. */
		errors: () =>
			entries.filter((entry) => (entry.type === 'error' || entry.type === 'pageerror') && ignoredBecause(entry) === undefined),
		/** Errors left out, with the reason. */
		ignored: () =>
			entries
				.filter((entry) => entry.type === 'error' || entry.type === 'pageerror')
				.flatMap((entry) => {
					const why = ignoredBecause(entry);
					return why ? [{ ...entry, why }] : [];
				}),
		counts: () => {
			/** @type {Record<string, number>} */
			const counts = {};
			for (const entry of entries) counts[entry.type] = (counts[entry.type] ?? 0) + 1;
			return counts;
		},
	};
}

/**
 * Checks that the page logged no error that counts (and says which were ignored, and why).
 * @param {ReturnType<typeof watchConsole>} consoleLog
 */
function checkNoConsoleErrors(consoleLog) {
	for (const entry of consoleLog.ignored()) info(`ignored console ${entry.type} (${entry.why}): ${entry.text.slice(0, 200)}`);
	const errors = consoleLog.errors();
	check(
		errors.length === 0,
		`no errors in the browser console (${Object.entries(consoleLog.counts())
			.map(([type, count]) => `${count} ${type}`)
			.join(', ') || 'no messages'})`,
		errors.map((entry) => `${entry.type}: ${entry.text}${entry.url ? ` (${entry.url})` : ''}`).join('\n  '),
	);
}

module.exports = { checkNoConsoleErrors, watchConsole };
