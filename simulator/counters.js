// @ts-check
// Request counters, in total and per API key, read by tests and benchmarks.
// A request hit by a fault counts in `requests` and `faultsInjected` only: the endpoint never saw it.

/**
 * @typedef {'tasksCreated'|'videoTasksCreated'|'polls'|'cancels'|'resultDownloads'|'accountInfo'|'uploads'} KeyedCounter
 */
/**
 * @typedef {'unauthorized'|'webhooksSent'|'webhooksAnswered2xx'|'webhooksAnsweredOther'|'webhooksRetried'|'webhooksRefused'
 *   |'webhooksFailed'|'resultBytesSent'|'resultDownloadsCutOff'|'creationsRefused'|'videoChecksFailed'} GlobalCounter
 */
/** @typedef {Record<KeyedCounter|'requests', number>} KeyCounters */
/**
 * @typedef {KeyCounters & Record<GlobalCounter, number> & {
 *   faultsInjected: Record<string, number>,
 *   byKey: Record<string, KeyCounters>,
 * }} Counters
 */

/** @returns {KeyCounters} */
function emptyKeyCounters() {
	return {
		requests: 0,
		tasksCreated: 0,
		videoTasksCreated: 0,
		polls: 0,
		cancels: 0,
		resultDownloads: 0,
		accountInfo: 0,
		uploads: 0,
	};
}

/** @returns {Counters} */
function emptyCounters() {
	return {
		...emptyKeyCounters(),
		unauthorized: 0,
		webhooksSent: 0,
		webhooksAnswered2xx: 0,
		webhooksAnsweredOther: 0,
		webhooksRetried: 0,
		webhooksRefused: 0,
		webhooksFailed: 0,
		resultBytesSent: 0,
		resultDownloadsCutOff: 0,
		creationsRefused: 0,
		videoChecksFailed: 0,
		faultsInjected: {},
		byKey: {},
	};
}

function createCounters() {
	let counters = emptyCounters();

	/** @param {string|undefined} apiKey */
	function forKey(apiKey) {
		if (apiKey === undefined) return undefined;
		counters.byKey[apiKey] ??= emptyKeyCounters();
		return counters.byKey[apiKey];
	}

	return {
		/**
		 * @param {KeyedCounter|'requests'} name
		 * @param {string|undefined} apiKey a valid key the request carried, if any
		 */
		count(name, apiKey) {
			counters[name] += 1;
			const keyed = forKey(apiKey);
			if (keyed) keyed[name] += 1;
		},
		/** @param {GlobalCounter} name @param {number} [by] */
		countGlobal(name, by = 1) {
			counters[name] += by;
		},
		/** @param {string} kind */
		countFault(kind) {
			counters.faultsInjected[kind] = (counters.faultsInjected[kind] ?? 0) + 1;
		},
		/** @returns {Counters} a deep copy */
		snapshot() {
			return structuredClone(counters);
		},
		reset() {
			counters = emptyCounters();
		},
	};
}

module.exports = { createCounters };
