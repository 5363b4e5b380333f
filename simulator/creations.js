// @ts-check
// Task creation requests per input item, to prove that no item's creation was sent again once a task may exist.
// An item is identified by its two images (target, swap), as sent: a soak or test gives each item its own images.

const { createHash } = require('node:crypto');

/**
 * What the client could tell from the answer to one creation request:
 * 'task' (it got the task), 'refused' (a 4xx: PiAPI made nothing and said so), 'lost' (the connection dropped, a
 * 5xx, a body without a task, or an answer the client no longer waited for: a task may exist).
 * @typedef {'task'|'refused'|'lost'} CreationAnswer
 * @typedef {{ answer: CreationAnswer, taskId: string|null, fault: string|null }} CreationRequest
 * @typedef {{ item: string, requests: CreationRequest[] }} ItemCreations
 */

// Images that identify an item: long ones (base64) by a hash, URLs as they are.
const MAX_PLAIN_CHARS = 300;

/**
 * The item a creation body is for: unified `input.{target,swap}_image` (videos: `target_video`) or legacy
 * `{target,swap}_image`.
 * @param {unknown} body
 * @returns {string}
 */
function itemOf(body) {
	const record = /** @type {Record<string, any>} */ (typeof body === 'object' && body !== null ? body : {});
	const images = typeof record.input === 'object' && record.input !== null ? record.input : record;
	const key = `${String(images.target_image ?? images.target_video ?? '')} + ${String(images.swap_image ?? '')}`;
	return key.length <= MAX_PLAIN_CHARS ? key : `sha256:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/**
 * Items whose creation was sent again after an answer that was not a refusal: the second request may have made a
 * second (billed) task. Retrying after a refusal (429) is fine: PiAPI made nothing then.
 * @param {ItemCreations[]} items
 * @returns {ItemCreations[]}
 */
function repeatedCreations(items) {
	return items.filter(({ requests }) => requests.slice(0, -1).some((request) => request.answer !== 'refused'));
}

function createCreationLog() {
	/** @type {Map<string, CreationRequest[]>} */
	let byItem = new Map();
	return {
		/** @param {unknown} body @param {CreationRequest} request */
		add(body, request) {
			const item = itemOf(body);
			byItem.set(item, [...(byItem.get(item) ?? []), request]);
		},
		/** @returns {ItemCreations[]} in order of each item's first request */
		list() {
			return [...byItem].map(([item, requests]) => ({ item, requests: requests.map((r) => ({ ...r })) }));
		},
		clear() {
			byItem = new Map();
		},
	};
}

// Faults that answer 200 with a body that holds no task (cut off, or PiAPI's envelope without one).
const NO_TASK_IN_BODY = new Set(['malformed-json', 'empty-data', 'null-data', 'malformed-json-after-create']);

/**
 * How the client saw the answer to a creation.
 * @param {{ delivered: boolean, status: number, fault: string|undefined }} outcome delivered: the whole answer was
 *   written before the connection closed
 * @returns {CreationAnswer}
 */
function answerOf({ delivered, status, fault }) {
	if (!delivered || status >= 500 || (fault !== undefined && NO_TASK_IN_BODY.has(fault))) return 'lost';
	return status >= 200 && status < 300 ? 'task' : 'refused';
}

module.exports = { createCreationLog, repeatedCreations, itemOf, answerOf };
