// @ts-check
// What the e2e run prints: numbered steps with their wall time, indented details, counted checks, a closing
// line in the 'N passed, N failed' form that CI reads, and the timings again at the end.

/** A failed expectation: its message is what the user reads, so it says what was expected and what was seen. */
class E2eFailure extends Error {}

const startedAt = Date.now();
/** @type {{ title: string, ms: number }[]} */
const timings = [];
let passed = 0;

/** @param {number} ms */
function duration(ms) {
	if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
	const seconds = Math.round(ms / 1000);
	return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** @param {string} message */
function info(message) {
	console.log(`    ${message}`);
}

/**
 * Runs one step, printing its start, its end and how long it took.
 * @template T
 * @param {string} title
 * @param {() => Promise<T>} action
 * @returns {Promise<T>}
 */
async function step(title, action) {
	const number = timings.length + 1;
	console.log(`[e2e ${duration(Date.now() - startedAt)}] ${number}. ${title}`);
	const began = Date.now();
	try {
		return await action();
	} finally {
		const ms = Date.now() - began;
		timings.push({ title, ms });
		console.log(`    (${title}: ${duration(ms)})`);
	}
}

/**
 * One named check: passes or throws an E2eFailure that says what was expected.
 * @param {boolean} ok
 * @param {string} what what holds when it passes
 * @param {string} [seen] what was seen instead, for the failure message
 */
function check(ok, what, seen) {
	if (!ok) throw new E2eFailure(seen ? `${what}; instead: ${seen}` : what);
	passed += 1;
	console.log(`    ok ${passed} - ${what}`);
}

/** @param {boolean} failed */
function summary(failed) {
	console.log('');
	console.log('e2e timings:');
	for (const { title, ms } of timings) console.log(`  ${duration(ms).padStart(12)}  ${title}`);
	console.log(`  ${duration(Date.now() - startedAt).padStart(12)}  total`);
	console.log('');
	console.log(`e2e: ${passed} passed, ${failed ? 1 : 0} failed`);
}

module.exports = { E2eFailure, check, duration, info, step, summary };
