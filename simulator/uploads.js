// @ts-check
// PiAPI's file upload (POST /api/ephemeral_resource, on upload.theapi.app in production) and the uploaded files,
// served publicly under /uploads/ like PiAPI's CDN.

const { randomUUID } = require('node:crypto');
const { sendJson, sendBytes, sendNotFound } = require('./http-util');
const { MIME_BY_FORMAT, formatFromName, sniffImageFormat, EXT_BY_FORMAT } = require('./formats');
const { MAX_IMAGE_BYTES } = require('./validate');

/** @typedef {import('./types').Route} Route */
/** @typedef {import('./types').RequestContext} RequestContext */
/** @typedef {import('./types').SimContext} SimContext */
/** @typedef {{ bytes: Buffer, mimeType: string }} StoredFile */

const DATA_URI_PREFIX = /^data:([\w.+-]+\/[\w.+-]+);base64,/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

function createUploadStore() {
	/** @type {Map<string, StoredFile>} file name (id.ext) to content */
	const files = new Map();
	return {
		/** @param {string} name @returns {StoredFile|undefined} */
		get: (name) => files.get(name),
		/** @param {Buffer} bytes @param {string} ext @param {string} mimeType @returns {string} the stored file name */
		add(bytes, ext, mimeType) {
			const name = `${randomUUID()}.${ext}`;
			files.set(name, { bytes, mimeType });
			return name;
		},
	};
}

/** @typedef {ReturnType<typeof createUploadStore>} UploadStore */

/**
 * @param {unknown} body
 * @returns {{ ok: true, bytes: Buffer, ext: string, mimeType: string } | { ok: false, reason: string }}
 */
function checkUpload(body) {
	const { file_name: fileName, file_data: fileData } = /** @type {Record<string, unknown>} */ (body ?? {});
	if (typeof fileName !== 'string' || !/\.[A-Za-z0-9]{1,5}$/.test(fileName))
		return { ok: false, reason: 'file_name with an extension is required' };
	if (typeof fileData !== 'string' || fileData === '') return { ok: false, reason: 'file_data is required' };
	const dataUri = DATA_URI_PREFIX.exec(fileData);
	const base64 = dataUri ? fileData.slice(dataUri[0].length) : fileData;
	// The size first, from the text's length: no need to scan or decode a file that is refused anyway.
	const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
	if ((base64.length / 4) * 3 - padding > MAX_IMAGE_BYTES) return { ok: false, reason: 'file larger than 10 MB' };
	if (base64.length % 4 !== 0 || !BASE64_PATTERN.test(base64))
		return { ok: false, reason: 'file_data is not valid base64' };
	const bytes = Buffer.from(base64, 'base64');
	const format = formatFromName(fileName) ?? sniffImageFormat(bytes);
	const ext = format ? EXT_BY_FORMAT[format] : /** @type {string} */ (fileName.split('.').pop()).toLowerCase();
	const mimeType = format
		? MIME_BY_FORMAT[format]
		: ext === 'mp4'
			? 'video/mp4' // what a video face swap's target_video can be (PiAPI takes video by URL only)
			: (dataUri?.[1] ?? 'application/octet-stream');
	return { ok: true, bytes, ext, mimeType };
}

/**
 * @param {SimContext} sim
 * @returns {Route[]}
 */
function uploadRoutes(sim) {
	/** @param {RequestContext} context */
	function upload({ res, body, apiKey }) {
		sim.counters.count('uploads', apiKey);
		if (sim.getConfig().accountPlan === 'free')
			return sendJson(res, 403, { code: 403, message: 'Insufficient plan level' });
		const checked = checkUpload(body);
		if (!checked.ok)
			return sendJson(res, 400, { code: 400, message: 'invalid request', data: null, detail: checked.reason });
		const name = sim.uploads.add(checked.bytes, checked.ext, checked.mimeType);
		sendJson(res, 200, { code: 200, data: { url: `${sim.baseUrl()}/uploads/${name}` }, message: 'success' });
	}

	/** @param {RequestContext} context */
	function serve({ res, params }) {
		const file = sim.uploads.get(params[0]);
		if (!file) return sendNotFound(res);
		sendBytes(res, 200, file.bytes, file.mimeType);
	}

	return [
		{ methods: ['POST'], pattern: /^\/api\/ephemeral_resource\/?$/, fault: 'upload', auth: true, handle: upload },
		{ methods: ['GET'], pattern: /^\/uploads\/([^/]+)$/, handle: serve },
	];
}

module.exports = { createUploadStore, uploadRoutes };
