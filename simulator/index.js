// @ts-check
// PiAPI simulator: a real local HTTP server (127.0.0.1 only) that imitates PiAPI's face-swap API for tests,
// demos and benchmarks. It swaps no faces: results are the target image stamped "SIMULATED".

const { DEFAULTS, applyPatch, publicConfig } = require('./config');
const { createPrng } = require('./prng');
const { createTimers } = require('./timers');
const { createCounters } = require('./counters');
const { createRequestLog } = require('./request-log');
const { createFaults } = require('./faults');
const { createCreationLog, repeatedCreations } = require('./creations');
const { loadSamples, SAMPLE_NAMES } = require('./samples');
const { createUploadStore, uploadRoutes } = require('./uploads');
const { createTaskStore } = require('./tasks');
const { createWebhookSender } = require('./webhooks');
const { loadImage } = require('./image-source');
const { renderResult } = require('./images');
const { renderVideoResult } = require('./video-result');
const { VIDEO_MODEL } = require('./validate');
const { resultUrl } = require('./task-view');
const { paddedSha256 } = require('./mp4-padding');
const { unifiedRoutes } = require('./unified');
const { legacyRoutes } = require('./legacy');
const { fileRoutes } = require('./files');
const { controlRoutes } = require('./control');
const { createHttpServer } = require('./server');

/** @typedef {import('./types').SimulatorOptions} SimulatorOptions */
/** @typedef {import('./types').Task} Task */
/** @typedef {import('./types').TaskSnapshot} TaskSnapshot */

/** @param {Task} task @param {string} baseUrl @returns {TaskSnapshot} */
function snapshot(task, baseUrl) {
	return {
		id: task.id,
		api: task.api,
		status: task.status,
		taskType: task.taskType,
		input: task.input,
		apiKey: task.apiKey,
		createdAt: task.createdAt,
		startedAt: task.startedAt,
		endedAt: task.endedAt,
		plannedProcessingMs: task.plan.processingMs,
		polls: task.polls,
		pollsAfterFinal: task.pollsAfterFinal,
		firstFinalPollAt: task.firstFinalPollAt,
		errorMessage: task.errorMessage,
		resultBytes: task.resultBytes,
		resultSize: task.resultSize,
		resultMimeType: task.resultMimeType,
		resultUrl: resultUrl(task, baseUrl),
		video: task.video,
		webhooksSent: task.webhooksSent,
		webhookEndpoint: /** @type {{ webhook_config?: { endpoint?: string } }} */ (task.config).webhook_config?.endpoint || undefined,
	};
}

/**
 * Starts a simulator on 127.0.0.1 (port 0 = a random free port).
 * @param {SimulatorOptions} [options]
 */
async function startSimulator(options = {}) {
	let config = applyPatch(DEFAULTS, options);
	let random = createPrng(config.seed);
	const getConfig = () => config;
	const timers = createTimers();
	const stopping = new AbortController();
	const counters = createCounters();
	const requestLog = createRequestLog(() => config.requestLogLimit);
	const faults = createFaults();
	const creations = createCreationLog();
	const samples = await loadSamples();
	const uploads = createUploadStore();
	let port = 0;
	const baseUrl = () => `http://127.0.0.1:${port}`;

	/**
	 * A file this simulator serves, read without an HTTP round trip; `size` counts a video's padding (mp4-padding.js).
	 * @param {string} pathname
	 * @returns {{ bytes: Buffer, size: number }|undefined}
	 */
	function readLocal(pathname) {
		const [, folder, name] =
			/^\/(samples|uploads|results)\/([^/]+)$/.exec(pathname) ?? /^\/(samples)\/[\w-]+\/([^/]+)$/.exec(pathname) ?? [];
		if (folder === 'samples') return samples.get(name);
		const upload = folder === 'uploads' ? uploads.get(name) : undefined;
		if (upload) return { bytes: upload.bytes, size: upload.bytes.length };
		const task = folder === 'results' ? tasks.find(name.replace(/\.\w+$/, '')) : undefined;
		return task?.resultBytes ? { bytes: task.resultBytes, size: task.resultSize ?? task.resultBytes.length } : undefined;
	}

	const webhooks = createWebhookSender({ getConfig, baseUrl, counters, timers, signal: stopping.signal });
	const imageContext = { ownPort: () => port, readLocal, signal: stopping.signal };
	const tasks = createTaskStore({
		getConfig,
		timers,
		random: () => random(),
		noFaceSamples: () =>
			SAMPLE_NAMES.filter((name) => name.startsWith('noface.')).map(
				(name) => /** @type {Buffer} */ (samples.get(name)?.bytes),
			),
		render: async (task, images) => {
			if (task.model === VIDEO_MODEL)
				return renderVideoResult(await loadImage(images.swap, imageContext), config.videoResultBytes);
			const [target, swap] = await Promise.all([
				loadImage(images.target, imageContext),
				loadImage(images.swap, imageContext),
			]);
			return renderResult(target, swap, config.resultBytes);
		},
		onFinal: (task) => void webhooks.deliver(task),
		onProcessing: (task) => {
			if (config.progressWebhooks) void webhooks.deliver(task);
		},
	});

	const simulator = {
		/** http://127.0.0.1:<port> */
		get url() {
			return baseUrl();
		},
		get port() {
			return port;
		},
		/** The first accepted API key. */
		get apiKey() {
			return config.apiKeys[0];
		},
		sampleNames: SAMPLE_NAMES,
		/**
		 * @param {string} name e.g. 'target.png'
		 * @param {string} [folder] serves the same sample under /samples/<folder>/: a URL of its own per item
		 */
		sampleUrl: (name, folder) => `${baseUrl()}/samples/${folder ? `${folder}/` : ''}${name}`,
		/** Changes options for what follows (port excepted). @param {SimulatorOptions} patch */
		configure(patch) {
			if (patch.port !== undefined && patch.port !== config.port) throw new Error('port can only be set at start');
			config = applyPatch(config, patch);
			if (patch.seed !== undefined) random = createPrng(config.seed);
			tasks.startStagedTasks(); // the concurrency limit may have been raised
		},
		/** The current options, JSON-safe. */
		config: () => publicConfig(config),
		/** The current options as set (the plan hook included), e.g. to put them back after a test. */
		settings: () => ({ ...config }),
		/** @param {import('./types').FaultSpec} spec */
		injectFault: (spec) => faults.inject(spec),
		clearFaults: () => faults.clear(),
		faults: () => faults.list(),
		counters: () => counters.snapshot(),
		/** Resets the counters, the request log and the creations per item. */
		resetCounters() {
			counters.reset();
			requestLog.clear();
			creations.clear();
		},
		/** Task creation requests per input item (see creations.js), in order of each item's first request. */
		creations: () => creations.list(),
		/** Items whose creation was sent again after an answer that was not a refusal: a task may have been made twice. */
		repeatedCreations: () => repeatedCreations(creations.list()),
		requestLog: () => requestLog.list(),
		/** Every callback delivery the receiver answered: task, HTTP status, when it was sent, how long the answer took. */
		webhookAnswers: () => webhooks.answers(),
		/** @returns {TaskSnapshot[]} in creation order */
		tasks: () => tasks.all().map((task) => snapshot(task, baseUrl())),
		/** @param {string} id @returns {TaskSnapshot|undefined} */
		task: (id) => {
			const found = tasks.find(id);
			return found && snapshot(found, baseUrl());
		},
		/**
		 * SHA-256 (hex) of what a download of the task's result gets (a video's padding included, never held whole),
		 * to check a large result byte for byte; undefined while there is no result.
		 * @param {string} id
		 */
		resultSha256: (id) => {
			const task = tasks.find(id);
			if (!task?.resultBytes) return undefined;
			return paddedSha256(task.resultBytes, task.resultSize ?? task.resultBytes.length);
		},
		/** Stops the server, its timers and open connections. @returns {Promise<void>} */
		stop: () => {
			timers.stopAll();
			stopping.abort();
			const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
			server.closeAllConnections();
			return /** @type {Promise<void>} */ (closed);
		},
	};

	const videoSource = {
		...imageContext,
		placeholder: () => /** @type {Buffer} */ (samples.get('target.mp4')?.bytes),
	};
	/** @type {import('./types').SimContext} */
	const sim = { getConfig, baseUrl, tasks, counters, uploads, samples, videoSource };
	const routes = [
		...unifiedRoutes(sim),
		...legacyRoutes(sim),
		...uploadRoutes(sim),
		...fileRoutes(sim),
		...controlRoutes(simulator),
	];
	const server = createHttpServer({ routes, getConfig, counters, requestLog, faults, creations, timers });
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, '127.0.0.1', () => resolve(undefined));
	});
	const address = server.address();
	port = typeof address === 'object' && address ? address.port : config.port;
	return simulator;
}

/** @typedef {Awaited<ReturnType<typeof startSimulator>>} Simulator */

module.exports = { startSimulator, SAMPLE_NAMES };
