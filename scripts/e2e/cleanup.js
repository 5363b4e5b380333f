// @ts-check
// Everything the run must undo (temp folders, child processes, the simulator), undone in reverse order on success,
// on failure and on Ctrl-C / SIGTERM.

/** @type {{ label: string, undo: () => unknown }[]} */
const pending = [];
let closed = false;

/** True once cleanup has begun: nothing new may start then (it would outlive the run). */
function isClosed() {
	return closed;
}

/**
 * @param {string} label
 * @param {() => unknown} undo
 * @returns {() => Promise<void>} runs this one now (and forgets it)
 */
function onCleanup(label, undo) {
	const entry = { label, undo };
	pending.push(entry);
	return async () => {
		const index = pending.indexOf(entry);
		if (index === -1) return;
		pending.splice(index, 1);
		await entry.undo();
	};
}

async function cleanupAll() {
	closed = true;
	while (pending.length > 0) {
		const { label, undo } = /** @type {{ label: string, undo: () => unknown }} */ (pending.pop());
		try {
			await undo();
		} catch (error) {
			console.error(`e2e cleanup: ${label} failed: ${String(error)}`);
		}
	}
}

module.exports = { cleanupAll, isClosed, onCleanup };
