// @ts-check
// Made-up benchmark results for the report's tests: every value drawn at random from a range of its own per variant,
// so that no measured value is the same in both variants; counts (seeds, runs, loads, repeats) differ by one. Every
// target is missed except in one memory run of variant 1, so the miss lines and counts differ too.
const { createPrng } = require('../../simulator/prng');

/** @param {0 | 1} variant @returns {import('../../bench/report').ReportInput} */
function fakeResults(variant) {
	const random = createPrng(variant + 7);
	/** A value in [lo, hi), from the variant's half of it. @param {number} lo @param {number} hi */
	const value = (lo, hi) => {
		const half = (hi - lo) / 2;
		return lo + variant * half + random() * half;
	};
	/** @param {number} lo @param {number} hi */
	const int = (lo, hi) => Math.floor(value(lo, hi));
	const facts = (/** @type {number} */ idealMs) => {
		const fifoMs = idealMs * value(1.05, 1.09);
		return {
			tasks: int(20, 80),
			firstCreatedAt: value(1e12, 2e12),
			lastEndedAt: value(1e12, 2e12),
			makespanMs: fifoMs + value(300, 900),
			polls: int(100, 300),
			pollsAfterFinal: int(1, 9),
			unfinished: 0,
			busyMs: value(1e4, 9e4),
			limit: int(3, 9),
			idealMs,
			fifoMs,
			creationsRefused: int(1, 40),
		};
	};
	const count = 2 + variant;
	const seeds = Array.from({ length: count }, (_, index) => int(1 + index * 40, 40 + index * 40));
	const concurrency = int(3, 9);
	const stagingModes = [
		{ key: 'unlimited', stagingLimit: null },
		{ key: 'capped', stagingLimit: int(1, 9) },
	];
	const nodeVariants = [
		{ key: 'defaults', options: {} },
		{ key: 'atLimit', options: { maxConcurrentTasks: concurrency } },
	];
	const referenceLabels = { slow: `slow runner (${int(2, 9)} s)`, fast: `fast runner (${int(10, 30)} s)` };
	const lanes = [{ taskMs: value(1000, 5000), runs: count }, { taskMs: value(6000, 20_000), runs: count }];
	const batchRun = () => ({ wallMs: value(3e4, 6e4), failed: int(1, 9), duplicates: int(1, 9), facts: facts(value(1e4, 2e4)) });
	const latencyRuns = (/** @type {number} */ taskMs) =>
		Array.from({ length: count }, () => ({ overheadMs: taskMs * value(0.5, 0.9), polls: int(30, 60), pollsAfterFinal: int(1, 9), taskMs: taskMs * value(0.9, 1.1), ok: true }));
	/** @type {Record<string, { result?: any, error?: string }>} */
	const references = {};
	for (const key of Object.keys(referenceLabels)) {
		for (const { key: staging } of stagingModes) for (const seed of seeds) references[`batch:${key}:${staging}:${seed}`] = { result: { ...batchRun(), errors: [] } };
		for (const lane of lanes) references[`latency:${key}:${lane.taskMs}`] = { result: { runs: latencyRuns(lane.taskMs) } };
	}
	const triggerVariants = [
		{ label: 'trigger defaults (no download)', parameters: {} },
		{ label: 'Download Result Image on', parameters: { download: true } },
	];
	const memoryRun = (/** @type {'fsUrl' | 'defaultUrl' | 'fsBase64' | 'fsVideo'} */ kind, /** @type {boolean} */ small = false) => {
		const baselineRssBytes = value(1e8, 3e8);
		const growthBytes = small ? value(1e6, 9e6) : value(2e8, 4e8);
		return {
			kind,
			items: int(10, 60),
			resultBytes: value(1e6, 9e6),
			binaryMode: kind === 'defaultUrl' ? 'default' : 'filesystem',
			resultShape: kind === 'fsBase64' ? 'image_base64' : 'image_url',
			report: { baselineRssBytes, peakRssBytes: baselineRssBytes + growthBytes, sampledPeakRssBytes: baselineRssBytes + growthBytes * value(0.8, 0.99), peakSource: 'VmHWM', growthBytes, wallMs: value(1e4, 6e4), failed: small ? 0 : int(1, 9), storedBytes: value(1e8, 5e8) },
		};
	};
	const repeats = count;
	return /** @type {any} */ ({
		quick: false,
		settings: {
			pendingMs: int(100, 900),
			batch: { items: int(20, 200), taskMs: value(1000, 5000), jitter: value(0.1, 0.3), concurrency, seeds, nodeVariants, stagingModes },
			latency: { jitter: value(0.1, 0.3), lanes },
			callback: {
				taskMs: value(1000, 5000),
				runs: int(5, 40),
				triggerVariants,
				batchTrigger: triggerVariants[1],
				batchWebhooks: { duplicateWebhooks: 'mixed', webhookRetryOnError: true, webhookRetryDelayMs: value(1000, 9000) },
			},
			memory: { items: int(10, 90), resultBytes: value(1e6, 9e6), taskMs: value(1000, 5000), repeats, video: { items: 10, resultBytes: 5e7, repeats: 1 } },
			footprint: { loads: count },
		},
		context: {
			date: `${int(2000, 2100)}-${int(10, 12)}-${int(10, 28)} ${int(10, 23)}:${int(10, 59)} UTC`,
			machine: `${int(2, 64)} × CPU, ${int(2, 512)} GB RAM`,
			node: `v${int(18, 30)}.${int(0, 20)}.${int(0, 20)}`,
			n8n: `n8n-core ${int(1, 9)}.${int(10, 99)}.${int(0, 9)}`,
			command: 'npm run bench',
			durationMs: value(1e5, 1e6),
		},
		nodeDefaults: {
			maxConcurrentTasks: int(10, 40),
			pollIntervalMinS: value(0.2, 0.9),
			pollIntervalMaxS: int(3, 9),
			pollGrowth: value(0.1, 0.4),
			firstPollS: value(1, 3),
			maxDownloadsPerExecution: int(1, 5),
			largeResultBytes: value(1e6, 9e6),
		},
		referenceLabels,
		nodeBatch: seeds.flatMap((seed) =>
			stagingModes.flatMap(({ key: staging }) =>
				nodeVariants.map(({ key }) => ({ variant: key, staging, seed, ...batchRun(), startDelayMs: value(10, 900), tailMs: value(100, 900), error: undefined })),
			),
		),
		nodeLatency: lanes.map((lane) => ({ taskMs: lane.taskMs, runs: latencyRuns(lane.taskMs) })),
		callback: {
			latency: triggerVariants.map(({ label }) => ({ variant: label, runs: Array.from({ length: count }, () => ({ latencyMs: value(400, 900), submitMs: value(10, 90), ok: true })), polls: int(1, 9) })),
			batch: seeds.map((seed) => ({
				variant: triggerVariants[1].label,
				seed,
				submitMs: value(100, 900),
				wallMs: value(3e4, 6e4),
				startDelayMs: value(10, 90),
				tailMs: value(10, 90),
				tasks: int(20, 40),
				started: int(10, 19),
				delivered: int(1, 9),
				polls: int(1, 9),
				executions: int(41, 80),
				deliveries: { answered2xx: int(10, 90), answeredOther: int(1, 9), failed: int(1, 9), retried: int(1, 9) },
				facts: facts(value(1e4, 2e4)),
			})),
		},
		waiting: {
			latency: { latenciesMs: Array.from({ length: count }, () => value(400, 900)), runs: count, polls: int(1, 9) },
			batch: seeds.map((seed) => ({
				seed,
				executions: int(41, 80),
				delivered: int(10, 40),
				wallMs: value(3e4, 6e4),
				idealMs: value(1e4, 2e4),
				fifoMs: value(2e4, 3e4),
				makespanMs: value(2e4, 3e4),
				createdMs: value(100, 900),
				tailMs: value(10, 90),
				polls: int(1, 9),
				webhooksFailed: int(1, 9),
			})),
		},
		memory: [
			...Array.from({ length: repeats }, (_, index) => memoryRun('fsUrl', index < variant)),
			memoryRun('defaultUrl'),
			memoryRun('fsBase64'),
			memoryRun('fsVideo'),
		],
		footprint: {
			pack: { size: value(1e4, 9e4), unpackedSize: value(1e5, 9e5), entryCount: int(10, 90), filename: `pkg-${int(1, 9)}.${int(10, 99)}.${int(0, 9)}.tgz` },
			loads: Array.from({ length: count }, () => ({ requireCoreMs: value(100, 900), loadMs: value(10, 90), nodes: 2, credentials: 1 })),
		},
		references,
	});
}

module.exports = { fakeResults };
