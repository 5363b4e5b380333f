// @ts-check
// Polling wait for tests (test .ts files may not use timers under the repository's lint).

/**
 * Resolves once `condition()` is truthy; rejects after `timeoutMs`.
 * @param {() => unknown} condition
 * @param {{ timeoutMs?: number, intervalMs?: number, what?: string }} [options]
 * @returns {Promise<void>}
 */
async function waitUntil(condition, { timeoutMs = 30_000, intervalMs = 10, what = 'the condition' } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}

module.exports = { waitUntil };
