// @ts-check
// Decides what a new task will do: timing (with seeded jitter), outcome and output shape.
// Declarative markers let users without code pick a failure: an image URL containing "noface" (or base64 of a
// noface sample) fails with PiAPI's no-face message; one containing "internal-error" fails with "internal error".
// The optional `plan` hook can then override any of it per task.

/** @typedef {import('./types').SimulatorConfig} SimulatorConfig */
/** @typedef {import('./types').TaskPlan} TaskPlan */
/** @typedef {import('./types').PlanInput} PlanInput */
/** @typedef {import('./validate').ImageInput} ImageInput */

const NO_FACE_MESSAGE = 'invalid request, no face found in the image';
const INTERNAL_ERROR_MESSAGE = 'internal error';

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

/**
 * @param {object} args
 * @param {PlanInput} args.task
 * @param {ImageInput[]} args.images
 * @param {SimulatorConfig} args.config
 * @param {() => number} args.random
 * @param {Buffer[]} args.noFaceSamples
 * @returns {Required<TaskPlan>}
 */
function planTask({ task, images, config, random, noFaceSamples }) {
	const spread = config.jitter * (2 * random() - 1);
	const markerMessage = images.map((image) => markerFailure(image, noFaceSamples)).find(Boolean);
	/** @type {Required<TaskPlan>} */
	const plan = {
		processingMs: Math.max(0, Math.round(config.processingMs * (1 + spread))),
		outcome: markerMessage ? 'failed' : 'completed',
		outputShape: config.outputShape,
		message: markerMessage ?? NO_FACE_MESSAGE,
	};
	const override = config.plan?.(task) ?? {};
	for (const [key, value] of Object.entries(override)) {
		if (value !== undefined) Object.assign(plan, { [key]: value });
	}
	return plan;
}

module.exports = { planTask, NO_FACE_MESSAGE };
