// @ts-check
// Webhook delivery for unified tasks that reach completed or failed (and processing, with progressWebhooks), as PiAPI does it:
// POST {timestamp, data} with header x-webhook-secret when a secret was given. Loopback endpoints only.

const { isLoopbackHost, loopbackRequest, parseHttpUrl } = require('./http-client');
const { unifiedData } = require('./task-view');

/** @typedef {import('./types').Task} Task */

/**
 * @param {object} deps
 * @param {() => import('./types').SimulatorConfig} deps.getConfig
 * @param {() => string} deps.baseUrl
 * @param {ReturnType<import('./counters').createCounters>} deps.counters
 * @param {AbortSignal} deps.signal aborted when the simulator stops
 */
function createWebhookSender({ getConfig, baseUrl, counters, signal }) {
	/** @param {Task} task @param {URL} endpoint @param {Record<string, string>} headers @param {Buffer} body */
	async function send(task, endpoint, headers, body) {
		try {
			await loopbackRequest({ method: 'POST', url: endpoint, headers, body, signal });
			task.webhooksSent += 1;
			counters.countGlobal('webhooksSent');
		} catch {
			if (!signal.aborted) counters.countGlobal('webhooksFailed');
		}
	}

	return {
		/** @param {Task} task */
		async deliver(task) {
			const hook = /** @type {{ webhook_config?: { endpoint?: string, secret?: string } }} */ (task.config)
				.webhook_config;
			if (task.api !== 'unified' || !hook?.endpoint) return;
			const endpoint = parseHttpUrl(hook.endpoint);
			// The simulator never calls the internet: other endpoints are skipped, and counted.
			if (!endpoint || endpoint.protocol !== 'http:' || !isLoopbackHost(endpoint.hostname)) {
				counters.countGlobal('webhooksRefused');
				return;
			}
			const config = getConfig();
			const data = unifiedData(task, { baseUrl: baseUrl(), statusCase: config.statusCase });
			const body = Buffer.from(JSON.stringify({ timestamp: Math.floor(Date.now() / 1000), data }));
			/** @type {Record<string, string>} */
			const headers = { 'Content-Type': 'application/json', 'Content-Length': String(body.length) };
			if (hook.secret) headers['x-webhook-secret'] = hook.secret;
			// PiAPI may retry, so receivers must tolerate the same event twice; duplicateWebhooks tests that.
			const copies = config.duplicateWebhooks ? 2 : 1;
			for (let copy = 0; copy < copies; copy++) await send(task, endpoint, headers, body);
		},
	};
}

module.exports = { createWebhookSender };
