// @ts-check
// The node's defaults as the built package (dist/) declares them, so that the report never types them in: the
// Options' defaults from the node's description, the polling schedule and the download limit from its modules.
const path = require('node:path');

const DIST = path.resolve(__dirname, '..', 'dist', 'nodes', 'PiApiMultiFaceSwap');

/**
 * @typedef {object} NodeDefaults
 * @property {number} maxConcurrentTasks Options → Max Concurrent Tasks
 * @property {number} pollIntervalMinS Options → Poll Interval Min (Seconds)
 * @property {number} pollIntervalMaxS Options → Poll Interval Max (Seconds)
 * @property {number} pollGrowth share of the processing time so far added to the wait between polls
 * @property {number} firstPollS the first poll's delay after creation
 * @property {number} maxDownloadsPerExecution result downloads at once per execution
 * @property {number} largeResultBytes results larger than this (or of unknown size) download one at a time
 */

/** @param {any[]} properties @param {string} name @returns {any} the first property of that name, at any depth */
function findProperty(properties, name) {
	for (const property of properties ?? []) {
		if (property.name === name) return property;
		const found = findProperty(property.options, name) ?? findProperty(property.values, name);
		if (found) return found;
	}
	return undefined;
}

/** @returns {NodeDefaults} */
function readNodeDefaults() {
	const { PiApiMultiFaceSwap } = require(path.join(DIST, 'PiApiMultiFaceSwap.node.js'));
	const { properties } = new PiApiMultiFaceSwap().description;
	/** @param {string} name */
	const defaultOf = (name) => {
		const value = findProperty(properties, name)?.default;
		if (typeof value !== 'number') throw new Error(`the built node has no numeric default for "${name}"`);
		return value;
	};
	const { DEFAULT_POLL_SCHEDULE } = require(path.join(DIST, 'helpers', 'polling.js'));
	const { LARGE_RESULT_BYTES, MAX_DOWNLOADS_PER_EXECUTION } = require(path.join(DIST, '..', 'shared', 'transport', 'download.js'));
	return {
		maxConcurrentTasks: defaultOf('maxConcurrentTasks'),
		pollIntervalMinS: defaultOf('pollIntervalMin'),
		pollIntervalMaxS: defaultOf('pollIntervalMax'),
		pollGrowth: DEFAULT_POLL_SCHEDULE.growth,
		firstPollS: DEFAULT_POLL_SCHEDULE.firstPollMs / 1000,
		maxDownloadsPerExecution: MAX_DOWNLOADS_PER_EXECUTION,
		largeResultBytes: LARGE_RESULT_BYTES,
	};
}

module.exports = { readNodeDefaults };
