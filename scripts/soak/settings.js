// @ts-check
// What the soak runs: its items, their kinds, the faults armed during the run and the limits it checks. The report
// (RELIABILITY.md) states these settings from here, so the text and the run cannot disagree.

const WAIT_TIMEOUT_S = 5;
const SETTINGS = {
	waitTimeoutS: WAIT_TIMEOUT_S,
	longTaskMs: 9000, // beyond the Wait Timeout
	pendingMs: 50,
	processingMs: 300,
	jitter: 0.3,
	faultEveryMs: 500, // one fault armed on each route at most, re-armed this often
	noFaceEvery: 20,
	longEvery: 25,
	heapSlackBytes: 24 * 1024 * 1024, // the engine's caches and code vary by a few MB from run to run
	// Result images are buffers (outside the heap): what the run may leave there.
	externalSlackBytes: 8 * 1024 * 1024,
	warmUpItems: 40,
	// Recognisable, so that the report can say it was found nowhere in n8n's result.
	apiKey: 'sk-SOAKCANARY-2b7e1c9d4f60-SECRET',
};

/** @typedef {'normal' | 'noface' | 'long'} Kind */
/** A face-less target fails at PiAPI, a .webp target gets a task longer than the Wait Timeout. @param {number} index @returns {Kind} */
const kindOf = (index) =>
	index % SETTINGS.noFaceEvery === 7 ? 'noface' : index % SETTINGS.longEvery === 13 ? 'long' : 'normal';

/** @typedef {[ 'create'|'get'|'result', import('../../simulator/types').FaultKind, Partial<import('../../simulator/types').FaultSpec>? ]} FaultChoice */
/** @type {FaultChoice[]} */
const FAULTS = [
	['create', '429'],
	['create', '429-retry-after', { retryAfterSeconds: 1 }],
	['create', '500-html'],
	['create', '502-html'],
	['create', 'reset'],
	['create', 'malformed-json'],
	['create', 'slow', { delayMs: 1500 }],
	// PiAPI made the task, then its answer was lost; the slow one answers after the node's creation timeout (the
	// Wait Timeout here), so the node has stopped waiting.
	['create', 'reset-after-create'],
	['create', '500-after-create'],
	['create', 'malformed-json-after-create'],
	['create', 'slow-after-create', { delayMs: (WAIT_TIMEOUT_S + 3) * 1000 }],
	['get', '429'],
	['get', '429-retry-after', { retryAfterSeconds: 1 }],
	['get', '500-html'],
	['get', '502-html'],
	['get', 'reset'],
	['get', 'malformed-json'],
	['get', 'slow', { delayMs: 1500 }],
	['result', '429-retry-after', { retryAfterSeconds: 1 }],
	['result', '500-html'],
	['result', '502-html'],
	['result', 'reset'],
	['result', 'slow', { delayMs: 1500 }],
];

module.exports = { SETTINGS, FAULTS, kindOf };
