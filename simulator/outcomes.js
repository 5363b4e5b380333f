// @ts-check
// Decides what a new task will do: timing (with seeded jitter; video tasks: per frame), outcome and output shape.
// Declarative markers let users without code pick a failure: an image URL containing "noface" (or base64 of a
// noface sample) fails with PiAPI's no-face message; one containing "internal-error" fails with "internal error".
// The optional `plan` hook can then override any of it per task.

/** @typedef {import('./types').SimulatorConfig} SimulatorConfig */
/** @typedef {import('./types').TaskPlan} TaskPlan */
/** @typedef {import('./types').PlanInput} PlanInput */
/** @typedef {import('./validate').ImageInput} ImageInput */

const NO_FACE_MESSAGE = 'invalid request, no face found in the image';
const INTERNAL_ERROR_MESSAGE = 'internal error';
const INVALID_REQUEST_MESSAGE = 'invalid request';

/**
 * @param {ImageInput} image
 * @param {Buffer[]} noFaceSamples
 * @returns {string|undefined} the failure message the image asks for
 */
function markerFailure(image, noFaceSamples) {
	if (image.kind === 'url') {
		const url = image.url.toLowerCase();
		if (url.includes('noface')) return NO_FACE_MESSAGE;
		if (url.includes('internal-error')) return INTERNAL_ERROR_MESSAGE;
		return undefined;
	}
	return noFaceSamples.some((sample) => sample.equals(image.bytes)) ? NO_FACE_MESSAGE : undefined;
}

/** @typedef {{ info: import('./types').VideoInfo|null, problem: string|null }} VideoCheck */

/**
 * @param {object} args
 * @param {PlanInput} args.task
 * @param {ImageInput[]} args.images
 * @param {SimulatorConfig} args.config
 * @param {() => number} args.random
 * @param {Buffer[]} args.noFaceSamples
 * @param {VideoCheck} [args.video] video tasks: the target video as read, and why PiAPI would refuse it
 * @returns {Required<TaskPlan>}
 */
function planTask({ task, images, config, random, noFaceSamples, video }) {
	const spread = config.jitter * (2 * random() - 1);
	const markerMessage = images.map((image) => markerFailure(image, noFaceSamples)).find(Boolean);
	// Video tasks take longer the more frames they have; one PiAPI refuses fails as soon as it starts.
	const workMs = video ? (video.problem ? 0 : (video.info?.frames ?? 0) * config.videoMsPerFrame) : config.processingMs;
	const failure = video?.problem
		? { message: INVALID_REQUEST_MESSAGE, detail: video.problem }
		: { message: markerMessage, detail: null };
	/** @type {Required<TaskPlan>} */
	const plan = {
		processingMs: Math.max(0, Math.round(workMs * (1 + spread))),
		outcome: failure.message ? 'failed' : 'completed',
		outputShape: video ? config.videoOutputField : config.outputShape,
		message: failure.message ?? NO_FACE_MESSAGE,
		detail: failure.detail,
	};
	const override = config.plan?.(task) ?? {};
	for (const [key, value] of Object.entries(override)) {
		if (value !== undefined) Object.assign(plan, { [key]: value });
	}
	return plan;
}

module.exports = { planTask, NO_FACE_MESSAGE };
