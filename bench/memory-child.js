// @ts-check
// Child process for the memory scenario: one run of the node in a fresh process, so that its peak RSS belongs to this
// run alone. Peak RSS is the kernel's high-water mark of this process's memory, VmHWM in /proc/self/status (not
// getrusage's maxRSS: on Linux that also counts the parent's size at the fork, and the parent holds the simulator
// with every result). The simulator runs in the parent: its copies of the results do not count here.
// Input: a JSON argument; output: one IPC message.
require('./env');
const { readFileSync } = require('node:fs');
const { harness } = require('./node-runs');

/** VmHWM in bytes; undefined where /proc is missing. */
function highWaterMark() {
	try {
		const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

/** @typedef {{ url: string, apiKey: string, items: number, binaryMode: 'default' | 'filesystem', options?: Record<string, unknown> }} MemoryJob */

async function main() {
	/** @type {MemoryJob} */
	const job = JSON.parse(process.argv[2]);
	const parameters = {
		operation: 'swapFaces',
		api: 'unified',
		targetImageSource: 'url',
		targetImageUrl: `${job.url}/samples/target.jpg`,
		swapImageSource: 'url',
		swapImageUrl: `${job.url}/samples/swap.png`,
		waitForCompletion: true,
		output: 'binary',
		options: /** @type {import('n8n-workflow').INodeParameters} */ (job.options ?? {}),
	};
	// Sampled as well, for systems without /proc.
	let sampledPeak = process.memoryUsage.rss();
	const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())), 20);
	const startedAt = Date.now();
	const result = await harness.runNode({
		parameters,
		input: Array.from({ length: job.items }, (_, index) => ({ json: { index } })),
		credentials: { apiKey: job.apiKey, baseUrl: job.url },
		binaryMode: job.binaryMode,
	});
	const wallMs = Date.now() - startedAt;
	clearInterval(sampler);
	const peakRssBytes = highWaterMark() ?? sampledPeak;
	const completed = result.items.filter((item) => item.json.status === 'completed' && item.binary?.data);
	const storedBytes = completed.reduce((total, item) => total + Number(item.binary?.data.bytes ?? 0), 0);
	await harness.shutdown();
	return { peakRssBytes, wallMs, failed: job.items - completed.length, storedBytes, error: result.error?.message };
}

main().then(
	(report) => process.send?.({ report }, () => process.exit(0)),
	(error) => process.send?.({ error: String(error?.stack ?? error) }, () => process.exit(1)),
);
