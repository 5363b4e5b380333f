// @ts-check
// Outgoing HTTP for webhooks and for fetching loopback image URLs. Loopback only: the simulator never uses the internet.

const http = require('node:http');

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

class ResponseTooLargeError extends Error {}

/** @param {string} hostname */
function isLoopbackHost(hostname) {
	return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** @param {string} value */
function parseHttpUrl(value) {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Plain-HTTP request to a loopback URL. Rejects on network errors, timeout or abort, and with ResponseTooLargeError
 * once the body is over maxBytes.
 * @param {object} request
 * @param {string} request.method
 * @param {URL} request.url must be http: and loopback (checked)
 * @param {Record<string, string>} [request.headers]
 * @param {Buffer} [request.body]
 * @param {number} [request.timeoutMs]
 * @param {number} [request.maxBytes]
 * @param {AbortSignal} [request.signal]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer }>}
 */
function loopbackRequest({ method, url, headers = {}, body, timeoutMs = 10000, maxBytes = 32 * 1024 * 1024, signal }) {
	if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) {
		return Promise.reject(new Error(`refusing non-loopback or non-http URL ${url.href}`));
	}
	return new Promise((resolve, reject) => {
		const outgoing = http.request(url, { method, headers, timeout: timeoutMs, signal }, (response) => {
			/** @type {Buffer[]} */
			const chunks = [];
			let size = 0;
			response.on('data', (/** @type {Buffer} */ chunk) => {
				size += chunk.length;
				if (size > maxBytes) outgoing.destroy(new ResponseTooLargeError(`response larger than ${maxBytes} bytes`));
				else chunks.push(chunk);
			});
			response.on('end', () =>
				resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
			);
			response.on('error', reject);
		});
		outgoing.on('timeout', () => outgoing.destroy(new Error(`timeout after ${timeoutMs} ms`)));
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}

module.exports = { isLoopbackHost, parseHttpUrl, loopbackRequest, ResponseTooLargeError };
