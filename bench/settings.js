// @ts-check
// What the benchmark runs. `npm run bench` uses FULL; `npm run bench -- --quick` a small smoke run (written to
// out/BENCHMARKS.quick.md, never to BENCHMARKS.md).

/**
 * @typedef {object} Settings
 * @property {number} pendingMs the simulator's pending time: a task holds its slot this long before processing (the simulator's default)
 * @property {{ items: number, taskMs: number, jitter: number, concurrency: number, seeds: number[], nodeVariants: NodeVariant[], stagingModes: StagingMode[] }} batch
 * @property {{ jitter: number, lanes: { taskMs: number, runs: number }[] }} latency
 * @property {{ taskMs: number, runs: number, triggerVariants: TriggerVariant[], batchTrigger: TriggerVariant, batchWebhooks: BatchWebhooks }} callback
 *   callback mode: single tasks for latency (after one warm-up task) per trigger variant; the batch reuses `batch`
 *   (unlimited staging), with callbacks repeated and retried as `batchWebhooks` says
 * @property {{ items: number, resultBytes: number, taskMs: number, repeats: number, video: { items: number, resultBytes: number, repeats: number } }} memory
 *   `repeats` runs of the filesystem-mode URL scenario (the one with a target), one of each other; then `video.repeats`
 *   runs of Swap Faces in Video in filesystem mode (also with the target), its MP4 results padded to `video.resultBytes`
 * @property {{ loads: number }} footprint
 */

/** @typedef {{ key: string, options: Record<string, number> }} NodeVariant the node's Options; labels come from them */
/** @typedef {{ key: string, stagingLimit: number | null }} StagingMode the simulator's stagingLimit (null: unlimited) */
/** @typedef {{ duplicateWebhooks: import('../simulator/types').DuplicateWebhooks, webhookRetryOnError: boolean, webhookRetryDelayMs: number }} BatchWebhooks */

/** @typedef {{ label: string, parameters: Record<string, unknown> }} TriggerVariant PiAPI Trigger parameters besides the secret */

const TRIGGER_DEFAULTS = { label: 'trigger defaults (no download)', parameters: {} };
const TRIGGER_DOWNLOAD = { label: 'Download Result Image on', parameters: { download: true } };

/** @type {Settings} */
const FULL = {
	pendingMs: 300,
	batch: {
		items: 100,
		taskMs: 2000,
		jitter: 0.2,
		concurrency: 10,
		seeds: [1, 2, 3, 4, 5],
		nodeVariants: [
			{ key: 'defaults', options: {} },
			{ key: 'atLimit', options: { maxConcurrentTasks: 10 } },
		],
		stagingModes: [
			{ key: 'unlimited', stagingLimit: null },
			{ key: 'none', stagingLimit: 0 },
		],
	},
	latency: {
		jitter: 0.2,
		lanes: [
			{ taskMs: 2000, runs: 10 },
			{ taskMs: 10_000, runs: 6 },
			{ taskMs: 45_000, runs: 3 },
		],
	},
	callback: {
		taskMs: 2000,
		runs: 20,
		triggerVariants: [TRIGGER_DEFAULTS, TRIGGER_DOWNLOAD],
		batchTrigger: TRIGGER_DOWNLOAD,
		batchWebhooks: { duplicateWebhooks: 'mixed', webhookRetryOnError: true, webhookRetryDelayMs: 3000 },
	},
	memory: { items: 50, resultBytes: 8 * 1024 * 1024, taskMs: 2000, repeats: 5, video: { items: 10, resultBytes: 50 * 1024 * 1024, repeats: 3 } },
	footprint: { loads: 5 },
};

/** @type {Settings} */
const QUICK = {
	pendingMs: 300,
	batch: {
		items: 20,
		taskMs: 1000,
		jitter: 0.2,
		concurrency: 5,
		seeds: [1, 2],
		nodeVariants: [FULL.batch.nodeVariants[0], { key: 'atLimit', options: { maxConcurrentTasks: 5 } }],
		stagingModes: FULL.batch.stagingModes,
	},
	latency: {
		jitter: 0.2,
		lanes: [
			{ taskMs: 1000, runs: 2 },
			{ taskMs: 4000, runs: 2 },
		],
	},
	callback: { ...FULL.callback, taskMs: 1000, runs: 3 },
	memory: { items: 6, resultBytes: 2 * 1024 * 1024, taskMs: 500, repeats: 2, video: { items: 2, resultBytes: 4 * 1024 * 1024, repeats: 1 } },
	footprint: { loads: 2 },
};

module.exports = { FULL, QUICK };
