// @ts-check
// Child process for the memory scenario: one measured run of the node in its own process, measured from that
// process's own baseline. First a warm-up item (n8n-core, the engine and the package loaded, one result downloaded),
// then a garbage collection, then the kernel's peak-RSS mark (VmHWM) is reset to the current RSS through
// /proc/self/clear_refs; after the run, growth = VmHWM − the RSS at the reset. RSS is also sampled every few ms (the
// figure where /proc is missing). The simulator runs in the parent: its copies of the results do not count here.
// Input: a JSON argument; output: one IPC message. Needs --expose-gc (children.js passes it).
require('./env');
const { readFileSync, writeFileSync } = require('node:fs');
const { harness } = require('./node-runs');

const SAMPLE_EVERY_MS = 20;

/** @param {'VmHWM'|'VmRSS'} field @returns {number|undefined} bytes */
function procStatus(field) {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0); false where that is not possible. */
function resetPeak() {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

/**
 * @typedef {{ url: string, apiKey: string, items: number, binaryMode: 'default' | 'filesystem', options?: Record<string, unknown>,
 *   operation?: 'swapFaces' | 'swapVideoFaces' }} MemoryJob
 */

/** Swap Faces (two sample images) or Swap Faces in Video (the sample MP4 and image), both by URL. @param {MemoryJob} job */
const sourcesOf = (job) =>
	job.operation === 'swapVideoFaces'
		? { operation: 'swapVideoFaces', targetVideoSource: 'url', targetVideoUrl: `${job.url}/samples/target.mp4` }
		: { operation: 'swapFaces', api: 'unified', targetImageSource: 'url', targetImageUrl: `${job.url}/samples/target.jpg` };

/** @param {MemoryJob} job @param {number} items */
function runItems(job, items) {
	return harness.runNode({
		parameters: {
			...sourcesOf(job),
			swapImageSource: 'url',
			swapImageUrl: `${job.url}/samples/swap.png`,
			waitForCompletion: true,
			output: 'binary',
			options: /** @type {import('n8n-workflow').INodeParameters} */ (job.options ?? {}),
		},
		input: Array.from({ length: items }, (_, index) => ({ json: { index } })),
		credentials: { apiKey: job.apiKey, baseUrl: job.url },
		binaryMode: job.binaryMode,
	});
}

async function main() {
	/** @type {MemoryJob} */
	const job = JSON.parse(process.argv[2]);
	const gc = /** @type {(() => void) | undefined} */ (globalThis.gc);
	if (!gc) throw new Error('run with --expose-gc');
	const warmUp = await runItems(job, 1);
	if (warmUp.error) throw new Error(`warm-up item failed: ${warmUp.error.message}`);
	gc();
	const peakReset = resetPeak();
	const baselineRssBytes = procStatus('VmRSS') ?? process.memoryUsage.rss();
	let sampledPeakRssBytes = baselineRssBytes;
	const sampler = setInterval(() => (sampledPeakRssBytes = Math.max(sampledPeakRssBytes, process.memoryUsage.rss())), SAMPLE_EVERY_MS);
	const startedAt = Date.now();
	const result = await runItems(job, job.items);
	const wallMs = Date.now() - startedAt;
	clearInterval(sampler);
	const hwm = peakReset ? procStatus('VmHWM') : undefined;
	const peakRssBytes = Math.max(hwm ?? 0, sampledPeakRssBytes);
	const completed = result.items.filter((item) => item.json.status === 'completed' && item.binary?.data);
	const storedBytes = completed.reduce((total, item) => total + Number(item.binary?.data.bytes ?? 0), 0);
	await harness.shutdown();
	return {
		baselineRssBytes,
		peakRssBytes,
		sampledPeakRssBytes,
		peakSource: hwm !== undefined && hwm >= sampledPeakRssBytes ? 'VmHWM' : 'sampled',
		growthBytes: peakRssBytes - baselineRssBytes,
		wallMs,
		failed: job.items - completed.length,
		storedBytes,
		error: result.error?.message,
	};
}

main().then(
	(report) => process.send?.({ report }, () => process.exit(0)),
	(error) => process.send?.({ error: String(error?.stack ?? error) }, () => process.exit(1)),
);
