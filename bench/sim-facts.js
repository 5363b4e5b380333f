// @ts-check
// What a finished run did, from the simulator's own records (not from the runner's word).
const { max, min, sum } = require('./stats');
const { fifoScheduleMs, idealMs } = require('./schedule');

/** @typedef {import('../simulator').Simulator} Simulator */

/**
 * @typedef {object} SimFacts
 * @property {number} tasks tasks created
 * @property {number} firstCreatedAt ms
 * @property {number} lastEndedAt ms
 * @property {number} makespanMs first creation → last task finished
 * @property {number} polls task polls answered
 * @property {number} pollsAfterFinal polls of tasks already seen final (the poll that first saw it not counted)
 * @property {number} unfinished tasks not final at the end
 * @property {number} busyMs time tasks spent processing, summed
 * @property {number} limit the account's concurrency limit (slots; Infinity: none)
 * @property {number} idealMs shortest schedule of these tasks (pending + planned processing each) in `limit` slots
 * @property {number} fifoMs the same tasks started in creation order into the first free slot, no slot ever idle
 * @property {number} creationsRefused creations answered 429 by the simulator's staging limit
 */

/** @param {Simulator} sim @returns {SimFacts} */
function simFacts(sim) {
	const tasks = sim.tasks();
	const ended = tasks.filter((task) => task.endedAt !== null).map((task) => Number(task.endedAt));
	const firstCreatedAt = min(tasks.map((task) => task.createdAt));
	const lastEndedAt = max(ended);
	const config = sim.config();
	const limit = config.concurrency ?? Infinity; // null in the JSON-safe config: no limit
	const durationsMs = tasks.map((task) => config.pendingMs + task.plannedProcessingMs);
	return {
		tasks: tasks.length,
		firstCreatedAt,
		lastEndedAt,
		makespanMs: lastEndedAt - firstCreatedAt,
		polls: sum(tasks.map((task) => task.polls)),
		pollsAfterFinal: sum(tasks.map((task) => Math.max(0, task.pollsAfterFinal - 1))),
		unfinished: tasks.length - ended.length,
		busyMs: sum(
			tasks
				.filter((task) => task.startedAt !== null && task.endedAt !== null)
				.map((task) => Number(task.endedAt) - Number(task.startedAt)),
		),
		limit,
		idealMs: idealMs(durationsMs, limit),
		fifoMs: fifoScheduleMs(durationsMs, limit),
		creationsRefused: sim.counters().creationsRefused,
	};
}

/**
 * Tasks created beyond one per item that got a task: a creation repeated after a failure would show here.
 * @param {Simulator} sim
 * @param {(string | undefined)[]} taskIdsOfItems the task each item reported (undefined: none)
 */
function duplicateCreations(sim, taskIdsOfItems) {
	const reported = new Set(taskIdsOfItems.filter(Boolean));
	const orphans = sim.tasks().filter((task) => !reported.has(task.id)).length;
	return orphans + (taskIdsOfItems.filter(Boolean).length - reported.size);
}

module.exports = { simFacts, duplicateCreations };
