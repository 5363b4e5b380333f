// @ts-check
// Where the API key shows up in n8n's result of an execution, if anywhere: its run data, output items, errors with
// their descriptions, causes and stacks (as test/nodes/PiApiMultiFaceSwap/security/api-key.test.ts searches).

/**
 * Everything reachable from a value: enumerable fields, and an Error's message, stack, description and cause too.
 * @param {unknown} value
 * @param {Set<unknown>} [seen]
 * @returns {string[]}
 */
function everything(value, seen = new Set()) {
	if (typeof value === 'string') return [value];
	if (Buffer.isBuffer(value)) return [value.toString('utf8'), value.toString('base64')];
	if (typeof value !== 'object' || value === null || seen.has(value)) return [String(value)];
	seen.add(value);
	const texts = [];
	if (value instanceof Error) {
		const error = /** @type {Error & { description?: unknown, cause?: unknown }} */ (value);
		texts.push(...everything(error.message, seen), ...everything(error.stack, seen));
		texts.push(...everything(error.description, seen), ...everything(error.cause, seen));
	}
	for (const [key, field] of Object.entries(value)) texts.push(key, ...everything(field, seen));
	return texts;
}

/**
 * @param {{ run: unknown, items: unknown, error: unknown }} result what harness.runNode returned
 * @param {string[]} fragments the key and pieces of it
 * @returns {string[]} where each fragment found was
 */
function leaksIn(result, fragments) {
	const texts = [JSON.stringify(result.run), JSON.stringify(result.items), ...everything(result.run), ...everything(result.error)];
	return fragments.flatMap((fragment) => {
		const leak = texts.find((text) => text.includes(fragment));
		return leak === undefined ? [] : [`"${fragment}" found in: ${leak.slice(0, 200)}`];
	});
}

module.exports = { leaksIn };
