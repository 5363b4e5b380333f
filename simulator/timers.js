// @ts-check
// Every timer the simulator starts goes through here, so stop() can clear them all and tests exit cleanly.

function createTimers() {
	/** @type {Set<NodeJS.Timeout>} */
	const pending = new Set();
	let stopped = false;

	/**
	 * Runs fn after ms (unless stopped first); returns a cancel function.
	 * @param {number} ms
	 * @param {() => void} fn
	 */
	function later(ms, fn) {
		if (stopped) return () => {};
		const handle = setTimeout(() => {
			pending.delete(handle);
			fn();
		}, ms);
		pending.add(handle);
		return () => {
			clearTimeout(handle);
			pending.delete(handle);
		};
	}

	return {
		later,
		/**
		 * Resolves after ms; never resolves once stopped (the work waiting on it is abandoned).
		 * @param {number} ms
		 * @returns {Promise<void>}
		 */
		delay(ms) {
			return new Promise((resolve) => later(ms, resolve));
		},
		get stopped() {
			return stopped;
		},
		stopAll() {
			stopped = true;
			for (const handle of pending) clearTimeout(handle);
			pending.clear();
		},
	};
}

/** @typedef {ReturnType<typeof createTimers>} Timers */

module.exports = { createTimers };
