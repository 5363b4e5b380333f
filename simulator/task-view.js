// @ts-check
// How a task looks on the wire: the unified API's `data` object and the legacy fetch `data` object.

const { VIDEO_MODEL } = require('./validate');

/** @typedef {import('./types').Task} Task */
/** @typedef {import('./types').StatusCase} StatusCase */
/** @typedef {{ baseUrl: string, statusCase: StatusCase }} ViewContext */

// PiAPI writes Go's zero time for timestamps that have not happened yet.
const ZERO_TIME = '0001-01-01T00:00:00Z';
const POINTS_PER_TASK = 150000; // arbitrary: PiAPI publishes no rate between its points and dollars
const POINTS_PER_FRAME = 10000; // as arbitrary: PiAPI prices video by frames processed, at a rate not confirmed
const FAILURE_CODE = 10000;

/** @param {number|null} ms */
const isoOrZero = (ms) => (ms === null ? ZERO_TIME : new Date(ms).toISOString());

/** @param {string} status @param {StatusCase} statusCase */
function statusText(status, statusCase) {
	return statusCase === 'capitalized' ? status.charAt(0).toUpperCase() + status.slice(1) : status;
}

/** @param {Task} task @param {string} baseUrl */
function resultUrl(task, baseUrl) {
	return task.resultExt ? `${baseUrl}/results/${task.id}.${task.resultExt}` : null;
}

/** @param {Task} task @param {ViewContext} context */
function unifiedOutput(task, context) {
	if (task.status !== 'completed' || !task.resultBytes) return null;
	const url = /** @type {string} */ (resultUrl(task, context.baseUrl));
	const shape = task.plan.outputShape;
	if (shape === 'image_urls' || shape === 'video_urls') return { [shape]: [url] };
	if (shape === 'image_base64') return { image_base64: task.resultBytes.toString('base64') };
	return { [shape]: url }; // image_url; for videos also video_url or video (the field PiAPI uses is not confirmed)
}

/**
 * Points held while running, then consumed once completed. Video tasks cost per frame and add what the cost follows:
 * `frames` (the target video's frame count, all processed) and `duration` (its seconds); PiAPI's names are not known.
 * @param {Task} task
 */
function usage(task) {
	const running = task.status === 'pending' || task.status === 'staged' || task.status === 'processing';
	const isVideo = task.model === VIDEO_MODEL;
	const frames = task.video?.frames ?? 0;
	const points = isVideo ? frames * POINTS_PER_FRAME : POINTS_PER_TASK;
	const held = { type: 'point', frozen: running ? points : 0, consume: task.status === 'completed' ? points : 0 };
	return isVideo ? { ...held, frames, duration: task.video?.durationSeconds ?? 0 } : held;
}

/**
 * The unified API's task `data` (create, get, cancel and webhook bodies).
 * @param {Task} task
 * @param {ViewContext} context
 */
function unifiedData(task, context) {
	const failed = task.status === 'failed';
	return {
		task_id: task.id,
		model: task.model,
		task_type: task.taskType,
		status: statusText(task.status, context.statusCase),
		config: task.config,
		input: task.input,
		output: unifiedOutput(task, context),
		meta: {
			created_at: isoOrZero(task.createdAt),
			started_at: isoOrZero(task.startedAt),
			ended_at: isoOrZero(task.endedAt),
			usage: usage(task),
			is_using_private_pool: false,
		},
		detail: null,
		logs: [],
		error: {
			code: failed ? FAILURE_CODE : 0,
			raw_message: failed ? task.errorMessage : '',
			message: failed ? task.errorMessage : '',
			detail: failed ? task.errorDetail : null,
		},
	};
}

/** Legacy statuses: pending, processing, success, failed (legacy has no "staged"). @param {Task} task */
function legacyStatus(task) {
	if (task.status === 'staged') return 'pending';
	if (task.status === 'completed') return 'success';
	return task.status;
}

/**
 * The legacy fetch `data`.
 * @param {Task} task
 * @param {ViewContext} context
 */
function legacyData(task, context) {
	let image = '';
	if (task.status === 'completed' && task.resultBytes) {
		image =
			task.resultType === 'url'
				? /** @type {string} */ (resultUrl(task, context.baseUrl))
				: task.resultBytes.toString('base64');
	}
	/** @type {string[]} */
	const errorMessages = [];
	if (task.status === 'failed' && task.errorMessage) errorMessages.push(task.errorMessage);
	if (task.status === 'failed' && task.errorDetail) errorMessages.push(task.errorDetail);
	return {
		task_id: task.id,
		status: statusText(legacyStatus(task), context.statusCase),
		image,
		error_messages: errorMessages,
	};
}

module.exports = { unifiedData, legacyData, resultUrl, ZERO_TIME };
