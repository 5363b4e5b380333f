// @ts-check
// Small helpers for reading requests and writing responses.

/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

// Room for a 10 MB image as base64 (PiAPI's input limit) plus JSON around it.
const MAX_BODY_BYTES = 32 * 1024 * 1024;

class BodyTooLargeError extends Error {}

/**
 * @param {IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new BodyTooLargeError('request body too large'));
				req.resume();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * Parses a JSON body; undefined when empty or not JSON.
 * @param {Buffer} raw
 * @returns {unknown}
 */
function parseJson(raw) {
	if (raw.length === 0) return undefined;
	try {
		return JSON.parse(raw.toString('utf8'));
	} catch {
		return undefined;
	}
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
	sendBytes(res, status, Buffer.from(JSON.stringify(body)), 'application/json; charset=utf-8', headers);
}

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {Buffer} bytes
 * @param {string} contentType
 * @param {Record<string, string>} [headers]
 */
function sendBytes(res, status, bytes, contentType, headers = {}) {
	if (res.headersSent || res.destroyed) return;
	res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(bytes.length), ...headers });
	res.end(bytes);
}

/**
 * Sends a 200 body in chunks (64 KB at most: then a client which stops reading stops the sending soon after, and
 * what is sent is counted), waiting while the client does not read, and stops when the client closes the connection.
 * Without a length (`chunked`), Node sends it with chunked transfer encoding, as streaming servers do.
 * @param {ServerResponse} res
 * @param {Iterable<Buffer>} chunks
 * @param {number} length the bytes the chunks add up to
 * @param {string|undefined} contentType undefined: no Content-Type header
 * @param {{ chunked: boolean }} options
 * @returns {Promise<number>} the bytes written before the end or the close
 */
async function streamBytes(res, chunks, length, contentType, { chunked }) {
	if (res.headersSent || res.destroyed) return 0;
	let closed = false;
	res.once('close', () => (closed = true));
	res.writeHead(200, {
		...(contentType === undefined ? {} : { 'Content-Type': contentType }),
		...(chunked ? {} : { 'Content-Length': String(length) }),
	});
	let sent = 0;
	for (const chunk of chunks) {
		if (closed) break;
		sent += chunk.length;
		if (!res.write(chunk)) await drainedOrClosed(res);
	}
	if (!closed) res.end();
	return sent;
}

/** @param {ServerResponse} res @returns {Promise<void>} */
function drainedOrClosed(res) {
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.on('drain', done);
		res.on('close', done);
	});
}

/** @param {ServerResponse} res */
function sendNotFound(res) {
	sendJson(res, 404, { code: 404, message: 'not found', data: null });
}

/** PiAPI publishes no 429 body: this one is the simulator's choice, also for the '429' faults. @param {ServerResponse} res @param {Record<string, string>} [headers] */
function sendTooManyRequests(res, headers) {
	sendJson(res, 429, { code: 429, message: 'too many requests' }, headers);
}

/**
 * The X-API-Key header (Node lowercases header names, so any spelling matches).
 * @param {IncomingMessage} req
 */
function apiKeyOf(req) {
	const value = req.headers['x-api-key'];
	return Array.isArray(value) ? value[0] : value;
}

module.exports = {
	readBody,
	parseJson,
	sendJson,
	sendBytes,
	streamBytes,
	sendNotFound,
	sendTooManyRequests,
	apiKeyOf,
	BodyTooLargeError,
};
