// @ts-check
// Default settings, and checked merging of option patches (from code or from POST /__simulator/config).

/** @typedef {import('./types').SimulatorOptions} SimulatorOptions */
/** @typedef {import('./types').SimulatorConfig} SimulatorConfig */

/** @type {SimulatorConfig} */
const DEFAULTS = Object.freeze({
	port: 0,
	apiKeys: ['sim-test-key'],
	pendingMs: 300,
	processingMs: 1500,
	jitter: 0,
	seed: 1,
	concurrency: Infinity,
	stagingLimit: Infinity,
	plan: null,
	outputShape: 'image_url',
	statusCase: 'lower',
	duplicateWebhooks: false,
	webhookRetryDelayMs: 3000,
	webhookRetryOnError: false,
	webhookRetries: 0,
	progressWebhooks: false,
	resultBytes: 0,
	chunkedResults: false,
	resultContentType: 'actual',
	resultBody: 'image',
	acceptDataUris: false,
	accountPlan: 'creator',
	accountUsd: 10,
	accountCredits: 1000000,
	requestLogLimit: 5000,
	videoRejection: 'task',
	videoMsPerFrame: 2,
	videoOutputField: 'video_url',
	videoResultBytes: 0,
	videoUrlMustEndMp4: false,
});

/** @type {string[]} */
const VIDEO_OUTPUT_FIELDS = ['video_url', 'video_urls', 'video', 'image_url', 'image_urls'];
/** @type {string[]} */
const RESULT_CONTENT_TYPES = ['actual', 'application/octet-stream', 'binary/octet-stream', 'none', 'wrong'];

/** @type {Record<string, (value: unknown) => boolean>} */
const CHECKS = {
	port: (v) => Number.isInteger(v) && Number(v) >= 0 && Number(v) < 65536,
	apiKeys: (v) => Array.isArray(v) && v.every((k) => typeof k === 'string' && k.length > 0),
	pendingMs: isNonNegativeNumber,
	processingMs: isNonNegativeNumber,
	jitter: (v) => typeof v === 'number' && v >= 0 && v < 1,
	seed: (v) => Number.isInteger(v),
	concurrency: (v) => v === Infinity || (Number.isInteger(v) && Number(v) >= 1),
	stagingLimit: (v) => v === Infinity || (Number.isInteger(v) && Number(v) >= 0),
	plan: (v) => v === null || typeof v === 'function',
	outputShape: (v) => v === 'image_url' || v === 'image_urls' || v === 'image_base64',
	statusCase: (v) => v === 'lower' || v === 'capitalized',
	duplicateWebhooks: (v) => typeof v === 'boolean' || v === 'together' || v === 'later' || v === 'mixed',
	webhookRetryDelayMs: isNonNegativeNumber,
	webhookRetryOnError: (v) => typeof v === 'boolean',
	webhookRetries: (v) => Number.isInteger(v) && Number(v) >= 0,
	progressWebhooks: (v) => typeof v === 'boolean',
	resultBytes: isNonNegativeNumber,
	chunkedResults: (v) => typeof v === 'boolean',
	resultContentType: (v) => typeof v === 'string' && RESULT_CONTENT_TYPES.includes(v),
	resultBody: (v) => v === 'image' || v === 'html' || v === 'json',
	acceptDataUris: (v) => typeof v === 'boolean',
	accountPlan: (v) => v === 'creator' || v === 'free',
	// null: /account/info reports no balance in dollars (how the node copes when PiAPI leaves it out).
	accountUsd: (v) => v === null || isNonNegativeNumber(v),
	accountCredits: isNonNegativeNumber,
	requestLogLimit: (v) => Number.isInteger(v) && Number(v) >= 0,
	videoRejection: (v) => v === 'task' || v === 'create',
	videoMsPerFrame: isNonNegativeNumber,
	videoOutputField: (v) => typeof v === 'string' && VIDEO_OUTPUT_FIELDS.includes(v),
	videoResultBytes: isNonNegativeNumber,
	videoUrlMustEndMp4: (v) => typeof v === 'boolean',
};

// JSON has no Infinity: null means "no limit" for these in a JSON patch (and in publicConfig).
const UNLIMITED_WHEN_NULL = new Set(['concurrency', 'stagingLimit']);

/** @param {unknown} v */
function isNonNegativeNumber(v) {
	return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/**
 * Returns a new config with the patch applied; throws a readable error on unknown keys or bad values.
 * @param {SimulatorConfig} config
 * @param {SimulatorOptions|Record<string, unknown>} patch
 * @returns {SimulatorConfig}
 */
function applyPatch(config, patch) {
	/** @type {Record<string, unknown>} */
	const next = { ...config };
	for (const [key, raw] of Object.entries(patch ?? {})) {
		if (raw === undefined) continue;
		const value = UNLIMITED_WHEN_NULL.has(key) && raw === null ? Infinity : raw;
		const check = CHECKS[key];
		if (!check) throw new Error(`unknown simulator option "${key}"`);
		if (!check(value)) throw new Error(`invalid value for simulator option "${key}": ${JSON.stringify(raw)}`);
		next[key] = key === 'apiKeys' ? [.../** @type {string[]} */ (value)] : value;
	}
	return /** @type {SimulatorConfig} */ (next);
}

/**
 * The config as JSON-safe data (for GET /__simulator/state).
 * @param {SimulatorConfig} config
 */
function publicConfig(config) {
	const { plan, concurrency, stagingLimit, ...rest } = config;
	const limit = (/** @type {number} */ value) => (value === Infinity ? null : value);
	return { ...rest, concurrency: limit(concurrency), stagingLimit: limit(stagingLimit), plan: plan ? 'function' : null };
}

module.exports = { DEFAULTS, applyPatch, publicConfig };
