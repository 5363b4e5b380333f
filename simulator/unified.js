// @ts-check
// PiAPI's unified task API: create, get and cancel face-swap tasks (images, and videos: video-input.js).

const { checkUnifiedCreate, MODEL, VIDEO_MODEL } = require('./validate');
const { prepareVideoTask } = require('./video-input');
const { base64ImageProblem } = require('./images');
const { unifiedData } = require('./task-view');
const { sendJson, sendTooManyRequests } = require('./http-util');

/** @typedef {import('./types').Route} Route */
/** @typedef {import('./types').RequestContext} RequestContext */
/** @typedef {import('./types').SimContext} SimContext */

const TASK_NOT_FOUND = { code: 404, message: 'task not found', data: null };
const NOT_CANCELLABLE = { code: 400, message: 'task is not pending, cannot be cancelled', data: null };

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} detail
 */
function sendInvalid(res, detail) {
	sendJson(res, 400, { code: 400, message: 'invalid request', data: null, detail });
}

/**
 * @param {SimContext} sim
 * @returns {Route[]}
 */
function unifiedRoutes(sim) {
	const view = () => ({ baseUrl: sim.baseUrl(), statusCase: sim.getConfig().statusCase });
	/** @param {import('./types').Task} task */
	const envelope = (task) => ({ code: 200, message: 'success', data: unifiedData(task, view()) });

	/** An image task's fields, or why the request is refused. @param {unknown} body */
	async function prepareImageTask(body) {
		const checked = checkUnifiedCreate(body, sim.getConfig());
		if (!checked.ok) return checked;
		const { target, swap } = checked.images;
		const problem =
			(await base64ImageProblem(target, 'target_image')) ?? (await base64ImageProblem(swap, 'swap_image'));
		if (problem) return { ok: /** @type {const} */ (false), reason: problem };
		const { taskType, input, config } = checked;
		const fields = { model: MODEL, taskType, input, config };
		return { ok: /** @type {const} */ (true), fields, images: { target, swap } };
	}

	/** @param {RequestContext} context */
	async function create({ res, body, apiKey }) {
		const isVideo = /** @type {{ model?: unknown }} */ (body ?? {}).model === VIDEO_MODEL;
		const prepared = isVideo
			? await prepareVideoTask(body, sim.getConfig(), sim.videoSource)
			: await prepareImageTask(body);
		if (!prepared.ok) return sendInvalid(res, prepared.reason);
		const video = /** @type {{ video?: import('./outcomes').VideoCheck }} */ (prepared).video;
		if (video?.problem && sim.getConfig().videoRejection === 'create') {
			sim.counters.countGlobal('videoChecksFailed');
			return sendInvalid(res, video.problem);
		}
		/** @type {Parameters<typeof sim.tasks.create>[0]} */
		const fields = { ...prepared.fields, api: 'unified', resultType: 'url', apiKey };
		const task = sim.tasks.create(fields, prepared.images, video);
		if (!task) {
			sim.counters.countGlobal('creationsRefused'); // stagingLimit reached: no task exists
			return sendTooManyRequests(res);
		}
		if (video?.problem) sim.counters.countGlobal('videoChecksFailed'); // the task will fail
		sim.counters.count('tasksCreated', apiKey);
		if (isVideo) sim.counters.count('videoTasksCreated', apiKey);
		sendJson(res, 200, envelope(task));
		return task;
	}

	/** Tasks belong to the key that created them, as they belong to a PiAPI account. @param {string} id @param {string|undefined} apiKey */
	const findOwn = (id, apiKey) => {
		const task = sim.tasks.find(id, 'unified');
		return task && task.apiKey === apiKey ? task : undefined;
	};

	/** @param {RequestContext} context */
	function get({ res, params, apiKey }) {
		sim.counters.count('polls', apiKey);
		const task = findOwn(params[0], apiKey) && sim.tasks.poll(params[0], 'unified');
		if (!task) return sendJson(res, 404, TASK_NOT_FOUND);
		sendJson(res, 200, envelope(task));
	}

	/** @param {RequestContext} context */
	function cancel({ res, params, apiKey }) {
		sim.counters.count('cancels', apiKey);
		const task = findOwn(params[0], apiKey);
		if (!task) return sendJson(res, 404, TASK_NOT_FOUND);
		if (!sim.tasks.cancel(task)) return sendJson(res, 400, NOT_CANCELLABLE);
		sendJson(res, 200, envelope(task));
	}

	return [
		{ methods: ['POST'], pattern: /^\/api\/v1\/task\/?$/, fault: 'create', auth: true, handle: create },
		{ methods: ['GET'], pattern: /^\/api\/v1\/task\/([^/]+)\/?$/, fault: 'get', auth: true, handle: get },
		{ methods: ['DELETE'], pattern: /^\/api\/v1\/task\/([^/]+)\/?$/, fault: 'cancel', auth: true, handle: cancel },
		// PiAPI's own CLI cancels this way instead of DELETE.
		{
			methods: ['POST'],
			pattern: /^\/api\/v1\/task\/([^/]+)\/cancel\/?$/,
			fault: 'cancel',
			auth: true,
			handle: cancel,
		},
	];
}

module.exports = { unifiedRoutes };
