// @ts-check
// Bounded log of the requests the simulator received (newest last).

/** @typedef {import('./types').RequestLogEntry} RequestLogEntry */

/** @param {() => number} getLimit */
function createRequestLog(getLimit) {
	/** @type {RequestLogEntry[]} */
	let entries = [];
	return {
		/** @param {RequestLogEntry} entry */
		add(entry) {
			entries.push(entry);
			const excess = entries.length - getLimit();
			if (excess > 0) entries.splice(0, excess);
		},
		/** @returns {RequestLogEntry[]} */
		list() {
			return entries.slice();
		},
		clear() {
			entries = [];
		},
	};
}

module.exports = { createRequestLog };
