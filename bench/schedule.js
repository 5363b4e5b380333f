// @ts-check
// What the simulated account allows for a run's very tasks: `limit` slots, each task holding one for its pending +
// processing time. The ideal is the list-scheduling lower bound (no schedule of these tasks is shorter); the FIFO
// schedule is what a runner that never leaves a slot idle gets when tasks start in creation order, as PiAPI's staging
// starts them: the part of wall ÷ ideal that no runner can remove without knowing task times in advance.

/** @param {number[]} durationsMs @param {number} limit slots (Infinity: no limit) */
function idealMs(durationsMs, limit) {
	if (!durationsMs.length) return NaN;
	const total = durationsMs.reduce((sum, ms) => sum + ms, 0);
	return Math.max(Math.max(...durationsMs), Number.isFinite(limit) ? total / limit : 0);
}

/** Each task, in order, starts in the slot that frees first. @param {number[]} durationsMs @param {number} limit */
function fifoScheduleMs(durationsMs, limit) {
	if (!durationsMs.length) return NaN;
	const slots = new Array(Math.min(durationsMs.length, limit)).fill(0);
	for (const ms of durationsMs) {
		let first = 0;
		for (let slot = 1; slot < slots.length; slot++) if (slots[slot] < slots[first]) first = slot;
		slots[first] += ms;
	}
	return Math.max(...slots);
}

module.exports = { idealMs, fifoScheduleMs };
