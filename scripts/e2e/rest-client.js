// @ts-check
// A minimal client for n8n's REST API as the editor calls it: JSON bodies, the `n8n-auth` cookie after login.
const { E2eFailure } = require('./report');

/**
 * @param {string} baseUrl e.g. http://127.0.0.1:5678
 */
function createRestClient(baseUrl) {
	let cookie = '';
	/**
	 * @param {'GET' | 'POST'} method
	 * @param {string} route e.g. /rest/login
	 * @param {unknown} [body]
	 * @returns {Promise<{ status: number, json: any }>}
	 */
	async function request(method, route, body) {
		/** @type {Record<string, string>} */
		const headers = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (cookie) headers.cookie = cookie;
		const response = await fetch(`${baseUrl}${route}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const auth = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (auth) cookie = auth.split(';')[0];
		const text = await response.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, json: json ?? text };
	}
	/**
	 * Like request, but fails unless the answer is 2xx; returns the `data` n8n wraps answers in.
	 * @param {'GET' | 'POST'} method
	 * @param {string} route
	 * @param {unknown} [body]
	 * @returns {Promise<any>}
	 */
	async function call(method, route, body) {
		const { status, json } = await request(method, route, body);
		if (status < 200 || status >= 300) {
			throw new E2eFailure(`${method} ${route} answered ${status}: ${JSON.stringify(json).slice(0, 500)}`);
		}
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}
	// sessionCookie: `n8n-auth=<token>` after login (a browser gets the same session with it), else ''.
	return { request, call, hasSession: () => cookie !== '', sessionCookie: () => cookie };
}

module.exports = { createRestClient };
