// @ts-check
// The task store and each task's life: staged (over the concurrency limit, waiting for a slot; not started) until a
// slot frees, then pending for pendingMs holding the slot (every task pays PiAPI's start-up time, staged or not), then
// processing for plan.processingMs, then completed or failed. With stagingLimit, a creation that would stage more
// tasks than that is refused (the route answers 429). Cancelling is possible while pending or staged. The result
// is rendered during processing, so completion never waits on the CPU.

const { randomUUID } = require('node:crypto');
const { planTask } = require('./outcomes');

/** @typedef {import('./types').Task} Task */
/** @typedef {import('./types').SimulatorConfig} SimulatorConfig */
/** @typedef {import('./validate').ImageInput} ImageInput */
/** @typedef {import('./outcomes').VideoCheck} VideoCheck */
/** @typedef {{ bytes: Buffer, mimeType: string, ext: string, size?: number }} RenderedResult size: with padding */
/** @typedef {{ target: ImageInput, swap: ImageInput }} ImagePair video tasks: target is the target_video URL */
/** @typedef {{ ok: true, image: RenderedResult } | { ok: false, message: string, detail: string|null }} WorkResult */

const FINAL_STATUSES = new Set(['completed', 'failed', 'cancelled']);

/** @param {Task} task */
const isFinal = (task) => FINAL_STATUSES.has(task.status);

/**
 * @param {object} deps
 * @param {() => SimulatorConfig} deps.getConfig
 * @param {import('./timers').Timers} deps.timers
 * @param {() => number} deps.random seeded PRNG for jitter
 * @param {() => Buffer[]} deps.noFaceSamples bytes of the noface samples (base64 marker)
 * @param {(task: Task, images: ImagePair) => Promise<RenderedResult>} deps.render
 * @param {(task: Task) => void} deps.onFinal called once when a task completes or fails
 * @param {(task: Task) => void} [deps.onProcessing] called once when a task starts processing
 */
function createTaskStore({ getConfig, timers, random, noFaceSamples, render, onFinal, onProcessing }) {
	/** @type {Map<string, Task>} */
	const tasks = new Map();
	/** @type {Map<string, ImagePair>} inputs kept until the task is final */
	const imagesById = new Map();
	/** @type {Map<string, () => void>} cancels the timer that starts a pending task */
	const pendingStarts = new Map();
	/** @type {string[]} staged task ids, first come first served */
	let staged = [];
	let slotsInUse = 0;

	const hasFreeSlot = () => slotsInUse < getConfig().concurrency;

	/** Whether a new task would be refused: no free slot, and as many staged as stagingLimit allows. */
	const wouldRefuse = () => !hasFreeSlot() && staged.length >= getConfig().stagingLimit;

	/**
	 * @param {Pick<Task, 'api'|'model'|'taskType'|'input'|'config'|'resultType'|'apiKey'>} fields
	 * @param {ImagePair} images
	 * @param {VideoCheck} [video] video tasks: the target video as read, and why PiAPI would refuse it
	 * @returns {Task|undefined} undefined when refused (stagingLimit reached): no task exists
	 */
	function create(fields, images, video) {
		if (wouldRefuse()) return undefined;
		const id = randomUUID();
		const { api, model, taskType, input, apiKey } = fields;
		const plan = planTask({
			task: { id, api, model, taskType, input, apiKey, video: video?.info ?? null },
			images: [images.target, images.swap],
			config: getConfig(),
			random,
			noFaceSamples: noFaceSamples(),
			video,
		});
		/** @type {Task} */
		const task = {
			...fields,
			id,
			plan,
			status: 'pending',
			createdAt: Date.now(),
			startedAt: null,
			endedAt: null,
			polls: 0,
			pollsAfterFinal: 0,
			firstFinalPollAt: null,
			errorMessage: null,
			errorDetail: null,
			resultBytes: null,
			resultSize: null,
			resultMimeType: null,
			resultExt: null,
			video: video?.info ?? null,
			webhooksSent: 0,
		};
		tasks.set(id, task);
		imagesById.set(id, images);
		if (hasFreeSlot()) {
			slotsInUse += 1;
			startPending(task);
		} else {
			task.status = 'staged';
			staged.push(id);
		}
		return task;
	}

	/** Takes a slot's pending time, then processing. @param {Task} task */
	function startPending(task) {
		task.status = 'pending';
		const start = () => {
			pendingStarts.delete(task.id);
			startProcessing(task);
		};
		pendingStarts.set(task.id, timers.later(getConfig().pendingMs, start));
	}

	/** @param {Task} task */
	function startProcessing(task) {
		task.status = 'processing';
		task.startedAt = Date.now();
		onProcessing?.(task);
		const images = /** @type {ImagePair} */ (imagesById.get(task.id));
		/** @type {Promise<WorkResult>} */
		const work =
			task.plan.outcome === 'completed'
				? render(task, images).then(
						(image) => ({ ok: /** @type {const} */ (true), image }),
						(error) => ({
							ok: /** @type {const} */ (false),
							message: 'invalid request',
							detail: `simulator: ${String(error?.message ?? error)}`,
						}),
					)
				: Promise.resolve({ ok: /** @type {const} */ (false), message: task.plan.message, detail: task.plan.detail });
		void Promise.all([work, timers.delay(task.plan.processingMs)]).then(([result]) => finish(task, result));
	}

	/** @param {Task} task @param {WorkResult} result */
	function finish(task, result) {
		if (timers.stopped || task.status !== 'processing') return;
		task.endedAt = Date.now();
		if (result.ok) {
			task.status = 'completed';
			task.resultBytes = result.image.bytes;
			task.resultSize = result.image.size ?? result.image.bytes.length;
			task.resultMimeType = result.image.mimeType;
			task.resultExt = result.image.ext;
		} else {
			task.status = 'failed';
			task.errorMessage = result.message;
			task.errorDetail = result.detail;
		}
		imagesById.delete(task.id);
		releaseSlot();
		onFinal(task);
	}

	function releaseSlot() {
		slotsInUse -= 1;
		startStagedTasks();
	}

	/** Starts staged tasks while slots are free (also after the concurrency limit was raised). */
	function startStagedTasks() {
		while (staged.length > 0 && hasFreeSlot()) {
			const task = /** @type {Task} */ (tasks.get(/** @type {string} */ (staged.shift())));
			slotsInUse += 1;
			startPending(task);
		}
	}

	/**
	 * @param {Task} task
	 * @returns {boolean} false when the task is no longer pending or staged
	 */
	function cancel(task) {
		if (task.status === 'pending') {
			pendingStarts.get(task.id)?.();
			pendingStarts.delete(task.id);
			slotsInUse -= 1;
		} else if (task.status === 'staged') {
			staged = staged.filter((id) => id !== task.id);
		} else {
			return false;
		}
		task.status = 'cancelled';
		task.endedAt = Date.now();
		imagesById.delete(task.id);
		startStagedTasks();
		return true;
	}

	/**
	 * Looks a task up for a poll and counts the poll.
	 * @param {string} id
	 * @param {'unified'|'legacy'} api
	 */
	function poll(id, api) {
		const task = find(id, api);
		if (!task) return undefined;
		task.polls += 1;
		if (isFinal(task)) {
			task.pollsAfterFinal += 1;
			task.firstFinalPollAt ??= Date.now();
		}
		return task;
	}

	/** @param {string} id @param {'unified'|'legacy'} [api] */
	function find(id, api) {
		const task = tasks.get(id);
		return task && (api === undefined || task.api === api) ? task : undefined;
	}

	return { create, cancel, poll, find, all: () => [...tasks.values()], startStagedTasks };
}

/** @typedef {ReturnType<typeof createTaskStore>} TaskStore */

module.exports = { createTaskStore, isFinal };
