// @ts-check
// Check 5: memory per worker for 50 results of 8 MB in queue mode's binary data mode (the database: n8n holds each
// file as one buffer while it writes it). Two executions of 25 items through the production webhook; each worker's RSS
// (/proc/<pid>/status, the worker's own process) sampled every 200 ms from before the start to the end: growth = peak −
// the value before. Checked: every result arrives byte for byte (its size), nothing fails.
const { readFileSync } = require('node:fs');
const { itemsOf, waitFor } = require('../callback-pair');
const { check, info } = require('../report');
const { workersByExecution } = require('./executions');
const { startBatch } = require('./workflows');

const RESULT_BYTES = 8 * 1024 * 1024;

/** @param {number} pid @returns {number} bytes */
function rss(pid) {
	const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) * 1024 : NaN;
}

/**
 * @param {{ cluster: any, reader: ReturnType<typeof import('./executions').executionReader>, simulator: import('../../../simulator').Simulator,
 *   proxy: { url: string }, postgres: { query: (text: string, values?: unknown[]) => Promise<any[]> }, workflowId: string, path: string }} options
 */
async function checkWorkerMemory({ cluster, reader, simulator, proxy, postgres, workflowId, path }) {
	const executions = 2;
	const perExecution = 25;
	simulator.configure({ processingMs: 500, jitter: 0, resultBytes: RESULT_BYTES });
	const before = (await reader.list(workflowId)).length;
	/** @type {Record<string, { before: number, peak: number }>} */
	const memory = Object.fromEntries(cluster.workers.map((/** @type {any} */ worker) => [worker.name, { before: rss(worker.process.pid), peak: 0 }]));
	const sampler = setInterval(() => {
		for (const worker of cluster.workers) memory[worker.name].peak = Math.max(memory[worker.name].peak, rss(worker.process.pid));
	}, 200);
	try {
		const answers = await Promise.all(Array.from({ length: executions }, (_, n) => startBatch({ proxyUrl: proxy.url, path, simulatorUrl: simulator.url, count: perExecution, tag: `memory-${n}` })));
		check(answers.every(({ status }) => status === 200), `${executions} executions of ${perExecution} items with results of ${RESULT_BYTES / 1024 / 1024} MB started`);
		/** @type {{ id: string, status: string }[]} */
		let listed = [];
		await waitFor(async () => (listed = (await reader.list(workflowId)).slice(before)).length >= executions && listed.every(({ status }) => !['new', 'running'].includes(status)), 300_000, 'the executions finish');
	} finally {
		clearInterval(sampler);
		simulator.configure({ processingMs: 1500, resultBytes: 0 });
	}
	const listed = (await reader.list(workflowId)).slice(before);
	const byWorker = workersByExecution(cluster.workers);
	let results = 0;
	for (const { id } of listed) {
		const execution = await reader.finished(id);
		const items = itemsOf(execution.data.resultData?.runData ?? {}, 'Swap Faces');
		const ids = items.map((item) => String(item.binary?.data?.id ?? '').replace(/^database:/, ''));
		const rows = await postgres.query('select "fileSize" from binary_data where "fileId" = any($1::uuid[])', [ids]);
		check(execution.status === 'success' && rows.length === perExecution && rows.every((row) => row.fileSize >= RESULT_BYTES), `execution ${id} (${(byWorker.get(id) ?? []).join(', ')}): ${rows.length} results of at least ${RESULT_BYTES / 1024 / 1024} MB in the database`, `${execution.status}, ${rows.length} rows`);
		results += rows.length;
	}
	const figures = {
		results,
		resultBytes: RESULT_BYTES,
		workers: cluster.workers.map((/** @type {any} */ worker) => ({
			name: worker.name,
			executions: listed.filter(({ id }) => (byWorker.get(id) ?? []).includes(worker.name)).length,
			beforeBytes: memory[worker.name].before,
			growthBytes: memory[worker.name].peak - memory[worker.name].before,
		})),
	};
	info(JSON.stringify(figures));
	return figures;
}

module.exports = { checkWorkerMemory };
