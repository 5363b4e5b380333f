// @ts-check
// Video face swap creations (model Qubico/video-toolkit, task type face-swap), checked as PiAPI states it: swap_image
// like the image tasks' images, target_video an http(s) URL (PiAPI takes video by URL only), face indexes. The target
// video is then downloaded and read (video-check.js). Whether PiAPI refuses a bad video at creation or makes a task
// that fails is not known: option videoRejection chooses, so the caller decides which answer to give.

const { checkImage, checkFaceIndexes, checkConfig, isObject, VIDEO_MODEL } = require('./validate');
const { base64ImageProblem } = require('./images');
const { isLoopbackHost, loopbackRequest, ResponseTooLargeError } = require('./http-client');
const { readVideo, MAX_VIDEO_BYTES } = require('./video-check');
const { paddedBytes } = require('./mp4-padding');

/**
 * @typedef {object} VideoSourceContext
 * @property {() => number} ownPort the simulator's port
 * @property {(pathname: string) => { bytes: Buffer, size: number }|undefined} readLocal a file this simulator serves
 * @property {() => Buffer} placeholder what stands for a video on the internet, which the simulator cannot reach
 * @property {AbortSignal} signal aborted when the simulator stops
 */

/** @param {string} reason */
const invalid = (reason) => ({ ok: /** @type {const} */ (false), reason });

/**
 * The request body's fields, before the video is read.
 * @param {unknown} body
 * @param {{ acceptDataUris: boolean, videoUrlMustEndMp4: boolean }} options
 */
function checkVideoCreate(body, options) {
	const { task_type: taskType, input, config = {} } = /** @type {Record<string, unknown>} */ (body);
	if (taskType !== 'face-swap') return invalid(`task_type must be "face-swap" for ${VIDEO_MODEL}`);
	if (!isObject(input)) return invalid('input must be an object');
	const fields = /** @type {Record<string, unknown>} */ (input);
	const swap = checkImage('swap_image', fields.swap_image, options);
	if (!swap.ok) return swap;
	const video = fields.target_video;
	if (typeof video !== 'string' || video === '')
		return invalid('target_video: required, an http(s) URL of an MP4 file');
	if (!/^https?:\/\//i.test(video) || !URL.canParse(video))
		return invalid('target_video: must be an http(s) URL (PiAPI takes videos by URL only, not base64)');
	if (options.videoUrlMustEndMp4 && !/\.mp4$/i.test(video)) return invalid('target_video: URL must end with .mp4');
	const indexes = checkFaceIndexes(fields);
	if (!indexes.ok) return indexes;
	const checkedConfig = checkConfig(config);
	if (!checkedConfig.ok) return checkedConfig;
	const { config: checkedFields } = checkedConfig;
	return { ok: /** @type {const} */ (true), taskType, input: fields, config: checkedFields, swap: swap.image, video };
}

/**
 * The target video's bytes: this simulator's own files directly, other loopback URLs over HTTP (at most 10 MB read),
 * anything else the placeholder.
 * @param {string} value
 * @param {VideoSourceContext} context
 * @returns {Promise<{ ok: true, bytes: Buffer } | { ok: false, reason: string }>}
 */
async function loadVideo(value, context) {
	const url = new URL(value);
	const tooLarge = invalid('target_video: larger than 10 MB');
	if (!isLoopbackHost(url.hostname)) return { ok: true, bytes: context.placeholder() };
	if (url.protocol === 'http:' && Number(url.port || 80) === context.ownPort()) {
		const local = context.readLocal(decodeURIComponent(url.pathname));
		if (!local) return invalid(`target_video: ${url.pathname} does not exist on the simulator`);
		return local.size > MAX_VIDEO_BYTES ? tooLarge : { ok: true, bytes: paddedBytes(local.bytes, local.size) };
	}
	try {
		const response = await loopbackRequest({ method: 'GET', url, maxBytes: MAX_VIDEO_BYTES, signal: context.signal });
		if (response.status !== 200) return invalid(`target_video: GET ${value} answered HTTP ${response.status}`);
		return { ok: true, bytes: response.body };
	} catch (error) {
		if (error instanceof ResponseTooLargeError) return tooLarge;
		return invalid(`target_video: GET ${value} failed: ${error instanceof Error ? error.message : String(error)}`);
	}
}

/**
 * Everything a video task needs, or why the request is refused outright (always a 400: malformed input).
 * `video.problem` says why PiAPI would refuse the video itself (a 400 or a failed task, per videoRejection).
 * @param {unknown} body
 * @param {{ acceptDataUris: boolean, videoUrlMustEndMp4: boolean }} options
 * @param {VideoSourceContext} context
 */
async function prepareVideoTask(body, options, context) {
	const checked = checkVideoCreate(body, options);
	if (!checked.ok) return checked;
	const problem = await base64ImageProblem(checked.swap, 'swap_image');
	if (problem) return invalid(problem);
	const loaded = await loadVideo(checked.video, context);
	const reading = loaded.ok ? readVideo(loaded.bytes) : loaded;
	return {
		ok: /** @type {const} */ (true),
		fields: { model: VIDEO_MODEL, taskType: checked.taskType, input: checked.input, config: checked.config },
		images: { target: { kind: /** @type {const} */ ('url'), url: checked.video }, swap: checked.swap },
		video: { info: ('info' in reading && reading.info) || null, problem: reading.ok ? null : reading.reason },
	};
}

module.exports = { prepareVideoTask };
