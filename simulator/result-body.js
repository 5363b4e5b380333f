// @ts-check
// What a result URL sends: the result image or, with option resultBody, the kind of page a CDN can answer with status
// 200 instead (an HTML error page, JSON); with the Content-Type that option resultContentType says, since the types
// PiAPI's result hosts send are not published.

const HTML_PAGE =
	'<!DOCTYPE html>\n<html>\n<head><title>404 Not Found</title></head>\n<body>\n<h1>Not Found</h1>\n' +
	'<p>The requested file has expired or does not exist.</p>\n</body>\n</html>\n';
const JSON_BODY = JSON.stringify({ code: 404, message: 'file not found', data: null });

/**
 * The image type a confused host sends for each body type (others, videos too: image/png): never the bytes' own.
 * @type {Record<string, string>}
 */
const WRONG_TYPE = { 'image/png': 'image/jpeg', 'image/jpeg': 'image/png', 'image/webp': 'image/png' };

/**
 * @param {import('./types').Task} task a completed task with a result
 * @param {import('./types').SimulatorConfig} config
 * @returns {{ bytes: Buffer, size: number, contentType: string | undefined }} size: with a video's `free` box
 *   padding (mp4-padding.js), if any; contentType undefined: no Content-Type header
 */
function servedResult(task, config) {
	const [bytes, actual, size] =
		config.resultBody === 'html'
			? [Buffer.from(HTML_PAGE), 'text/html; charset=utf-8']
			: config.resultBody === 'json'
				? [Buffer.from(JSON_BODY), 'application/json; charset=utf-8']
				: [/** @type {Buffer} */ (task.resultBytes), /** @type {string} */ (task.resultMimeType), task.resultSize];
	const body = { bytes, size: size ?? bytes.length };
	switch (config.resultContentType) {
		case 'actual':
			return { ...body, contentType: actual };
		case 'none':
			return { ...body, contentType: undefined };
		case 'wrong':
			return { ...body, contentType: WRONG_TYPE[actual] ?? 'image/png' };
		default:
			return { ...body, contentType: config.resultContentType };
	}
}

module.exports = { servedResult };
