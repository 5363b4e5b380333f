// @ts-check
// Webhook delivery for unified tasks that reach completed or failed (and processing, with progressWebhooks), as PiAPI does it:
// POST {timestamp, data} with header x-webhook-secret when a secret was given. Loopback endpoints only.
// PiAPI's repeats and retries are not published, so how repeats arrive is a setting (duplicateWebhooks,
// webhookRetryOnError, webhookRetries): receivers must be right under each of them.

const { isLoopbackHost, loopbackRequest, parseHttpUrl } = require('./http-client');
const { unifiedData } = require('./task-view');

/** @typedef {import('./types').Task} Task */

const ANSWERS_KEPT = 100_000;
/** @typedef {{ endpoint: URL, headers: Record<string, string>, body: Buffer }} Delivery */

/**
 * @param {object} deps
 * @param {() => import('./types').SimulatorConfig} deps.getConfig
 * @param {() => string} deps.baseUrl
 * @param {ReturnType<import('./counters').createCounters>} deps.counters
 * @param {import('./timers').Timers} deps.timers
 * @param {AbortSignal} deps.signal aborted when the simulator stops
 */
function createWebhookSender({ getConfig, baseUrl, counters, timers, signal }) {
	// 'mixed' alternates per task in delivery order, starting from the seed's parity; a new seed starts over.
	let mixed = { seed: NaN, tasks: 0 };

	/** @param {number} seed @returns {'together'|'later'} */
	function mixedMode(seed) {
		if (mixed.seed !== seed) mixed = { seed, tasks: 0 };
		return ((mixed.tasks++ + seed) & 1) === 0 ? 'together' : 'later';
	}

	/** @type {import('./types').WebhookAnswer[]} every delivery n8n answered, in the order the answers came */
	const answers = [];

	/** One POST. @param {Task} task @param {Delivery} delivery @returns {Promise<boolean>} answered 2xx */
	async function send(task, { endpoint, headers, body }) {
		const sentAt = Date.now();
		try {
			const { status } = await loopbackRequest({ method: 'POST', url: endpoint, headers, body, signal });
			if (answers.length < ANSWERS_KEPT) answers.push({ taskId: task.id, status, sentAt, answerMs: Date.now() - sentAt });
			task.webhooksSent += 1;
			counters.countGlobal('webhooksSent');
			const ok = status >= 200 && status < 300;
			counters.countGlobal(ok ? 'webhooksAnswered2xx' : 'webhooksAnsweredOther');
			return ok;
		} catch {
			if (!signal.aborted) counters.countGlobal('webhooksFailed');
			return false;
		}
	}

	/** How many times a delivery not answered 2xx is sent again. */
	function retriesAllowed() {
		const { webhookRetries, webhookRetryOnError } = getConfig();
		return Math.max(webhookRetries, webhookRetryOnError ? 1 : 0);
	}

	/**
	 * One copy; when not answered 2xx, sent again every webhookRetryDelayMs up to retriesAllowed() times, until one is
	 * answered 2xx (the retries are not awaited).
	 */
	async function sendCopy(/** @type {Task} */ task, /** @type {Delivery} */ delivery, retried = 0) {
		if ((await send(task, delivery)) || retried >= retriesAllowed()) return;
		void timers.delay(getConfig().webhookRetryDelayMs).then(() => {
			counters.countGlobal('webhooksRetried');
			return sendCopy(task, delivery, retried + 1);
		});
	}

	return {
		/** Every answered delivery so far (at most ANSWERS_KEPT): its task, HTTP status and how long the answer took. */
		answers: () => answers.map((answer) => ({ ...answer })),
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
			const delivery = { endpoint, headers, body };
			const copy = () => sendCopy(task, delivery);
			const mode = config.duplicateWebhooks === 'mixed' ? mixedMode(config.seed) : config.duplicateWebhooks;
			if (mode === 'together') {
				await Promise.all([copy(), copy()]);
				return;
			}
			await copy();
			if (mode === true) await copy();
			if (mode === 'later') await timers.delay(config.webhookRetryDelayMs).then(copy);
		},
	};
}

module.exports = { createWebhookSender };
