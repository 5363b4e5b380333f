// @ts-check
// PiAPI's original face-swap endpoints: POST .../async creates a task, POST .../fetch polls it.

const { checkLegacyCreate } = require('./validate');
const { base64ImageProblem } = require('./images');
const { legacyData } = require('./task-view');
const { sendJson } = require('./http-util');

/** @typedef {import('./types').Route} Route */
/** @typedef {import('./types').RequestContext} RequestContext */
/** @typedef {import('./types').SimContext} SimContext */

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} message
 * @param {string} [detail]
 */
function sendError(res, message, detail) {
	sendJson(res, 400, { code: 400, data: null, message, ...(detail ? { detail } : {}) });
}

/**
 * @param {SimContext} sim
 * @returns {Route[]}
 */
function legacyRoutes(sim) {
	/** @param {RequestContext} context */
	async function create({ res, body, apiKey }) {
		const checked = checkLegacyCreate(body, sim.getConfig());
		if (!checked.ok) return sendError(res, 'invalid request', checked.reason);
		const { target, swap } = checked.images;
		const problem =
			(await base64ImageProblem(target, 'target_image')) ?? (await base64ImageProblem(swap, 'swap_image'));
		if (problem) return sendError(res, 'invalid request', problem);
		const task = sim.tasks.create(
			{
				api: 'legacy',
				model: '',
				taskType: 'face-swap',
				input: checked.input,
				config: {},
				resultType: checked.resultType,
				apiKey,
			},
			{ target, swap },
		);
		sim.counters.count('tasksCreated', apiKey);
		sendJson(res, 200, { code: 200, data: { task_id: task.id }, message: 'success' });
		return task;
	}

	/** @param {RequestContext} context */
	function fetch({ res, body, apiKey }) {
		sim.counters.count('polls', apiKey);
		const taskId = /** @type {{ task_id?: unknown }} */ (body ?? {}).task_id;
		if (typeof taskId !== 'string' || taskId === '') return sendError(res, 'invalid request', 'task_id is required');
		const own = sim.tasks.find(taskId, 'legacy');
		const task = own && own.apiKey === apiKey ? sim.tasks.poll(taskId, 'legacy') : undefined;
		if (!task) return sendError(res, 'task not found');
		const view = { baseUrl: sim.baseUrl(), statusCase: sim.getConfig().statusCase };
		sendJson(res, 200, { code: 200, data: legacyData(task, view), message: 'success' });
	}

	return [
		{
			methods: ['POST'],
			pattern: /^\/api\/face_swap\/v1\/async\/?$/,
			fault: 'legacyCreate',
			auth: true,
			handle: create,
		},
		{ methods: ['POST'], pattern: /^\/api\/face_swap\/v1\/fetch\/?$/, fault: 'legacyFetch', auth: true, handle: fetch },
	];
}

module.exports = { legacyRoutes };
