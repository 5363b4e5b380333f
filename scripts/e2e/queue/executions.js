// @ts-check
// Reading what queue mode did: executions over the REST API (as the editor lists them), binary data from n8n's
// binary_data table, and which worker ran an execution. n8n 2.41.1 records no worker in the execution itself: the
// worker's id (hostId) goes only to main in the job's progress message, and main logs it at info level in JSON only.
// Each worker logs `Worker started execution <id> (job <job>)` (scaling/job-processor.js): the worker whose log holds
// that line ran it.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { waitFor } = require('../callback-pair');

/**
 * @typedef {object} StoredExecution
 * @property {string} id
 * @property {string} status
 * @property {string} mode
 * @property {boolean} finished
 * @property {string} workflowId
 * @property {string} startedAt
 * @property {string} stoppedAt
 * @property {{ resultData?: { error?: { message?: string, description?: string }, lastNodeExecuted?: string, runData?: Record<string, any[]> } }} data
 */

/**
 * @param {{ server: import('../n8n-server').N8nServer, n8nDir: string, postgres: { query: (text: string, values?: unknown[]) => Promise<any[]> } }} n8n
 */
function executionReader({ server, n8nDir, postgres }) {
	const flatted = require(path.join(n8nDir, 'node_modules', 'flatted'));
	/** @param {string} id @param {number} [timeoutMs] @returns {Promise<StoredExecution>} */
	async function finished(id, timeoutMs = 120_000) {
		/** @type {any} */
		let execution;
		await waitFor(
			async () => {
				execution = await server.rest.call('GET', `/rest/executions/${id}`);
				return Boolean(execution?.stoppedAt) && !['running', 'new'].includes(execution.status);
			},
			timeoutMs,
			`execution ${id} finishes`,
		);
		const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
		return { id, status: execution.status, mode: execution.mode, finished: execution.finished, workflowId: execution.workflowId, startedAt: execution.startedAt, stoppedAt: execution.stoppedAt, data: data ?? {} };
	}
	/** Every execution of a workflow, oldest first (from the database: the REST API pages by 100). @param {string} workflowId @returns {Promise<{ id: string, status: string, mode: string, createdAt: number }[]>} */
	async function list(workflowId) {
		const rows = await postgres.query('select id, status, mode, "createdAt" from execution_entity where "workflowId" = $1 order by id', [workflowId]);
		return rows.map((row) => ({ id: String(row.id), status: row.status, mode: row.mode, createdAt: new Date(row.createdAt).getTime() }));
	}
	return { finished, list };
}

/** Every binary id (`database:…`) in an execution's run data. @param {StoredExecution['data']} data */
function binaryIdsOf(data) {
	const ids = [];
	for (const runs of Object.values(data.resultData?.runData ?? {})) {
		for (const run of runs) {
			for (const output of run.data?.main ?? []) {
				for (const item of output ?? []) for (const binary of Object.values(item.binary ?? {})) ids.push(String(/** @type {any} */ (binary).id));
			}
		}
	}
	return ids;
}

/**
 * The bytes n8n keeps for these binary ids in its binary_data table (queue mode's database binary mode).
 * @param {{ query: (text: string, values?: unknown[]) => Promise<any[]> }} postgres
 * @param {string[]} ids
 */
async function databaseBinaries(postgres, ids) {
	/** @type {Map<string, Buffer>} */
	const bytes = new Map();
	const fileIds = ids.filter((id) => id.startsWith('database:')).map((id) => id.slice('database:'.length));
	if (fileIds.length === 0) return bytes;
	const rows = await postgres.query('select "fileId", data from binary_data where "fileId" = any($1::uuid[])', [fileIds]);
	for (const row of rows) bytes.set(`database:${row.fileId}`, row.data);
	return bytes;
}

/**
 * Which worker started each execution, from the workers' logs.
 * @param {{ name: string, process: { outFile: string, errFile: string } }[]} workers
 * @returns {Map<string, string[]>} execution id → names of the workers that started it
 */
function workersByExecution(workers) {
	/** @type {Map<string, string[]>} */
	const byExecution = new Map();
	for (const worker of workers) {
		const log = `${readFileSync(worker.process.outFile, 'utf8')}\n${readFileSync(worker.process.errFile, 'utf8')}`;
		for (const [, id] of log.matchAll(/Worker started execution (\d+) \(job/g)) {
			byExecution.set(id, [...(byExecution.get(id) ?? []), worker.name]);
		}
	}
	return byExecution;
}

module.exports = { binaryIdsOf, databaseBinaries, executionReader, workersByExecution };
