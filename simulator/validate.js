// @ts-check
// Request validation the way PiAPI describes it: images are http(s) URLs ending in .png/.jpg/.jpeg/.webp,
// or plain base64 of such an image, at most 10 MB; face indexes are strings like "0" or "0,1".

const { sniffImageFormat, formatFromName } = require('./formats');

const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const MODEL = 'Qubico/image-toolkit';
const VIDEO_MODEL = 'Qubico/video-toolkit';
const TASK_TYPES = ['multi-face-swap', 'face-swap'];
const SERVICE_MODES = ['', 'public', 'private'];
const INDEX_PATTERN = /^\d+(,\d+)*$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;
const DATA_URI_PATTERN = /^data:image\/(png|jpe?g|webp);base64,/i;

/** @typedef {{ ok: false, reason: string }} Invalid */
/** @typedef {{ kind: 'url', url: string } | { kind: 'base64', bytes: Buffer }} ImageInput */

/** @param {unknown} value */
const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * @param {string} field
 * @param {unknown} value
 * @param {{ acceptDataUris: boolean }} options
 * @returns {{ ok: true, image: ImageInput } | Invalid}
 */
function checkImage(field, value, options) {
	const invalid = (/** @type {string} */ why) => ({ ok: /** @type {const} */ (false), reason: `${field}: ${why}` });
	if (typeof value !== 'string' || value.length === 0) return invalid('required, a URL or base64 string');
	if (/^https?:\/\//i.test(value)) {
		if (!URL.canParse(value)) return invalid('not a valid URL');
		// PiAPI: "URL must end with .png/.jpeg/.jpg/.webp" - the whole string, so a query string breaks it.
		if (!formatFromName(value)) return invalid('URL must end with .png, .jpg, .jpeg or .webp');
		return { ok: true, image: { kind: 'url', url: value } };
	}
	let base64 = value;
	const dataUri = DATA_URI_PATTERN.exec(value);
	if (dataUri) {
		if (!options.acceptDataUris) return invalid('data URIs are not accepted, send plain base64');
		base64 = value.slice(dataUri[0].length);
	}
	if (base64.length % 4 !== 0 || !BASE64_PATTERN.test(base64))
		return invalid('neither an http(s) URL nor valid base64');
	const bytes = Buffer.from(base64, 'base64');
	const format = sniffImageFormat(bytes);
	if (!format) return invalid('base64 data is not a PNG, JPEG or WebP image');
	if (dataUri && formatFromName(`.${dataUri[1]}`) !== format) return invalid('data URI type does not match the image');
	if (bytes.length > MAX_IMAGE_BYTES) return invalid('image larger than 10 MB');
	return { ok: true, image: { kind: 'base64', bytes } };
}

/**
 * The two images of an input object.
 * @param {Record<string, unknown>} input
 * @param {{ acceptDataUris: boolean }} options
 * @returns {{ ok: true, target: ImageInput, swap: ImageInput } | Invalid}
 */
function checkImagePair(input, options) {
	const target = checkImage('target_image', input.target_image, options);
	if (!target.ok) return target;
	const swap = checkImage('swap_image', input.swap_image, options);
	if (!swap.ok) return swap;
	return { ok: true, target: target.image, swap: swap.image };
}

/**
 * POST /api/v1/task body.
 * @param {unknown} body
 * @param {{ acceptDataUris: boolean }} options
 */
function checkUnifiedCreate(body, options) {
	const invalid = (/** @type {string} */ reason) => ({ ok: /** @type {const} */ (false), reason });
	if (!isObject(body)) return invalid('body must be a JSON object');
	const { model, task_type: taskType, input, config = {} } = /** @type {Record<string, unknown>} */ (body);
	if (model !== MODEL) return invalid(`model must be "${MODEL}" or "${VIDEO_MODEL}"`);
	if (typeof taskType !== 'string' || !TASK_TYPES.includes(taskType))
		return invalid(`task_type must be one of ${TASK_TYPES.join(', ')}`);
	if (!isObject(input)) return invalid('input must be an object');
	const fields = /** @type {Record<string, unknown>} */ (input);
	const images = checkImagePair(fields, options);
	if (!images.ok) return images;
	const indexes = checkFaceIndexes(fields);
	if (!indexes.ok) return indexes;
	const checkedConfig = checkConfig(config);
	if (!checkedConfig.ok) return checkedConfig;
	return { ok: /** @type {const} */ (true), taskType, input: fields, config: checkedConfig.config, images };
}

/** swap_faces_index and target_faces_index, when given. @param {Record<string, unknown>} fields */
function checkFaceIndexes(fields) {
	for (const field of ['swap_faces_index', 'target_faces_index']) {
		const value = fields[field];
		if (value !== undefined && (typeof value !== 'string' || !INDEX_PATTERN.test(value))) {
			const reason = `input.${field} must be a string of comma-separated face indexes like "0" or "0,1"`;
			return { ok: /** @type {const} */ (false), reason };
		}
	}
	return { ok: /** @type {const} */ (true) };
}

/**
 * The optional `config` object; returns it completed with PiAPI's defaults.
 * @param {unknown} config
 */
function checkConfig(config) {
	const invalid = (/** @type {string} */ reason) => ({ ok: /** @type {const} */ (false), reason });
	if (!isObject(config)) return invalid('config must be an object');
	const { webhook_config: webhook = {}, service_mode: serviceMode = '' } = /** @type {Record<string, unknown>} */ (
		config
	);
	if (typeof serviceMode !== 'string' || !SERVICE_MODES.includes(serviceMode))
		return invalid('config.service_mode must be "public" or "private"');
	if (!isObject(webhook)) return invalid('config.webhook_config must be an object');
	const { endpoint = '', secret = '' } = /** @type {Record<string, unknown>} */ (webhook);
	if (typeof endpoint !== 'string' || typeof secret !== 'string')
		return invalid('config.webhook_config endpoint and secret must be strings');
	if (endpoint !== '' && !URL.canParse(endpoint)) return invalid('config.webhook_config.endpoint must be a URL');
	return {
		ok: /** @type {const} */ (true),
		config: { service_mode: serviceMode, webhook_config: { endpoint, secret } },
	};
}

/**
 * POST /api/face_swap/v1/async body.
 * @param {unknown} body
 * @param {{ acceptDataUris: boolean }} options
 */
function checkLegacyCreate(body, options) {
	const invalid = (/** @type {string} */ reason) => ({ ok: /** @type {const} */ (false), reason });
	if (!isObject(body)) return invalid('body must be a JSON object');
	const fields = /** @type {Record<string, unknown>} */ (body);
	const images = checkImagePair(fields, options);
	if (!images.ok) return images;
	const resultType = fields.result_type ?? 'base64';
	if (resultType !== 'url' && resultType !== 'base64') return invalid('result_type must be "url" or "base64"');
	const input = { target_image: fields.target_image, swap_image: fields.swap_image, result_type: resultType };
	return { ok: /** @type {const} */ (true), input, resultType: /** @type {'url'|'base64'} */ (resultType), images };
}

module.exports = {
	checkUnifiedCreate,
	checkLegacyCreate,
	checkImage,
	checkFaceIndexes,
	checkConfig,
	isObject,
	MAX_IMAGE_BYTES,
	MODEL,
	VIDEO_MODEL,
};
