// @ts-check
// The queue-mode sections of BENCHMARKS.md and RELIABILITY.md, between `<!-- queue-mode:start -->` and
// `<!-- queue-mode:end -->` (bench/sections.js: `npm run bench` and scripts/soak.js keep them when they regenerate the rest). Every figure
// comes from the run's own results; the text types no number in.
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { REPO_DIR } = require('../community-package');
const { N8N_VERSION } = require('../n8n-install');
const { placeSection } = require('../../../bench/sections');
const { burstTable } = require('../callback-burst');

/** Wall ÷ FIFO order of the many executions at once (a freed slot waits for a worker's poll, as in bench's batch without staging). */
const LOAD_TARGET = 1.05;

const START = '<!-- queue-mode:start -->';
const END = '<!-- queue-mode:end -->';

const s = (/** @type {number} */ ms) => (ms / 1000).toFixed(1);
const pct = (/** @type {number} */ part, /** @type {number} */ whole) => `${((100 * part) / whole).toFixed(0)} %`;

/** @param {any} f figures of checks.js @param {{ date: string, poolSize: number }} run */
function benchmarks(f, run) {
	const { load, callbacks } = f;
	return [
		'## Queue mode (n8n main + 2 workers + 2 webhook processes)',
		'',
		`Written by \`PIAPI_QUEUE_REPORT=1 npm run test:e2e:queue\` on ${run.date}: n8n ${N8N_VERSION} in queue mode (Redis, Postgres, binary data in the database), the package installed in the shared user folder, a round-robin proxy in front of the webhook processes, the simulator with an account limit of ${load.accountLimit} tasks, Postgres pool ${run.poolSize} connections per process. Same shared 2-core machine as above, so timings are indicative.`,
		'',
		`**Many executions at once, polling.** ${load.executions} executions started together through a production webhook, ${load.items} items (one to five each), Swap Faces' defaults (Wait for Completion on).`,
		'',
		`| executions | items | tasks created | wall | ideal | wall ÷ ideal | FIFO ÷ ideal | wall ÷ FIFO | target (≤ ${LOAD_TARGET} × FIFO) | longest wait of an item | longest staged | executions per worker |`,
		'|---|---|---|---|---|---|---|---|---|---|---|---|',
		`| ${load.executions} | ${load.items} | ${load.tasks} | ${s(load.wallMs)} s | ${s(load.idealMs)} s | ${(load.wallMs / load.idealMs).toFixed(3)} | ${(load.fifoMs / load.idealMs).toFixed(3)} | ${(load.wallMs / load.fifoMs).toFixed(3)} | ${load.wallMs / load.fifoMs <= LOAD_TARGET ? 'met' : '**missed**'} | ${s(load.worstWaitMs)} s (Wait Timeout ${s(load.waitTimeoutMs)} s) | ${s(load.worstStagedMs)} s | ${Object.entries(load.perWorker).map(([name, n]) => `${name}: ${n}`).join(', ')} |`,
		'',
		'*Wall*: the first request → the last execution stopped. *Ideal*: the shortest schedule of the run\'s own tasks (pending + processing each) in the account\'s slots, as in section 1; *FIFO order* likewise. *Wait of an item*: its task\'s creation → its end, what Wait Timeout bounds (staged time included).',
		'',
		`**Callback mode across both webhook processes.** ${callbacks.tasks} tasks submitted with the Callback URL at the proxy, every event delivered twice: the last callback answered ${s(callbacks.wallMs)} s after the submitting request (receiver downloading the result; ${s(f.callbacksNoDownload.wallMs)} s without the download). Under that burst a webhook process took ${s(callbacks.answerMs.median)} s (median; p95 ${s(callbacks.answerMs.p95)} s, longest ${s(callbacks.answerMs.max)} s, ${callbacks.answerMs.over10s} of ${callbacks.answerMs.n} deliveries over 10 s; ${s(f.callbacksNoDownload.answerMs.median)} s, ${s(f.callbacksNoDownload.answerMs.p95)} s, ${s(f.callbacksNoDownload.answerMs.max)} s and ${f.callbacksNoDownload.answerMs.over10s} without the download) from a delivery's arrival to its answer, and ${s(callbacks.savedAfterMs.median)} s (longest ${s(callbacks.savedAfterMs.max)} s) from the answer to the execution's creation, which follows the save of the trigger's static data (${s(f.callbacksNoDownload.savedAfterMs.median)} s and ${s(f.callbacksNoDownload.savedAfterMs.max)} s without the download).`,
		'',
		...(f.waiting ? [waitingTimes(f.waiting), ''] : []),
		...(f.memory ? memoryLines(f.memory) : []),
		END,
	].join('\n');
}

/** @param {any} w figures of waiting-on-worker.js */
function waitingTimes(w) {
	return `**Waiting until PiAPI calls back (examples/07) on ${w.worker}, the only worker, concurrency ${w.concurrency}.** Its task took ${s(w.taskMs)} s at PiAPI; meanwhile examples/01 (polling) ran to its end on the same worker, ${s(w.otherEndedBeforeTaskMs)} s before that task ended. The task's end → the execution's end (callback through the proxy to ${w.resumedBy}, queued in Redis, resumed on the worker): ${s(w.taskEndToFinishMs)} s; ${w.polls} polls.`;
}

/** @param {any} memory */
function memoryLines(memory) {
	return [
		`**Memory per worker** for ${memory.results} results of ${(memory.resultBytes / 1024 / 1024).toFixed(0)} MB (two executions through the production webhook; binary data in the database): RSS of each worker process before, and its growth to the peak while they ran.`,
		'',
		'| worker | executions it ran | RSS before | growth to the peak |',
		'|---|---|---|---|',
		...memory.workers.map((/** @type {any} */ w) => `| ${w.name} | ${w.executions} | ${(w.beforeBytes / 1024 / 1024).toFixed(0)} MB | ${(w.growthBytes / 1024 / 1024).toFixed(0)} MB |`),
		'',
	];
}

/** @param {any} f @param {{ date: string, poolSize: number }} run */
function reliability(f, run) {
	const { examples, callbacks, callbacksOneProcess: one, notReady, kill } = f;
	const answers = (/** @type {Record<string, number>} */ counts) => Object.entries(counts).map(([status, n]) => `${status}: ${n}`).join(', ');
	const sameProcess = (/** @type {any} */ c) => {
		const tasks = c.byRepeat.together.tasks - c.byRepeat.together.split + c.byRepeat.later.tasks - c.byRepeat.later.split;
		const duplicated = c.byRepeat.together.duplicated - c.byRepeat.together.splitDuplicated + c.byRepeat.later.duplicated - c.byRepeat.later.splitDuplicated;
		return `${duplicated} of ${tasks}`;
	};
	const row = (/** @type {string} */ label, /** @type {any} */ c) =>
		`| ${label} | ${c.byRepeat.together.splitDuplicated} of ${c.byRepeat.together.split} | ${c.byRepeat.later.splitDuplicated} of ${c.byRepeat.later.split} | ${sameProcess(c)} | ${c.duplicated} of ${c.tasks} (${pct(c.duplicated, c.tasks)}) | ${c.lost} | ${answers(c.answers)} | ${c.rememberedEvents} of ${c.tasks} |`;
	const dedupe = f.callbacksNoDownload.dedupe;
	return [
		'## Queue mode (n8n main + 2 workers + 2 webhook processes)',
		'',
		`Written by \`PIAPI_QUEUE_REPORT=1 npm run test:e2e:queue\` on ${run.date} (n8n ${N8N_VERSION}, Postgres pool ${run.poolSize} connections per process).`,
		'',
		`- **Examples on workers:** ${examples.examples} examples run as the editor runs them, each on one worker (${Object.entries(examples.byWorker).map(([name, n]) => `${name}: ${n}`).join(', ')}), every result byte for byte from n8n's binary_data table.`,
		`- **Callbacks, each event delivered twice** (the simulator's \`duplicateWebhooks: 'mixed'\`: half the tasks get both copies at the same moment, half a retry ${s(callbacks.retryDelayMs)} s after the first is answered), ${callbacks.tasks} tasks per row.`,
		...(one
			? [
					`  - **The trigger's path to one webhook process** (README's recipe: the proxy sends \`/webhook/<id>/webhook\` to one process, the rest round robin), Download Result Image on (examples/06): ${one.executions} executions for ${one.tasks} tasks, ${one.duplicated} tasks with two executions, ${one.lost} lost (${one.refused} tasks had every copy answered with n8n's 503), answers ${answers(one.answers)}, the events of ${one.rememberedEvents} of the ${one.tasks} tasks in the trigger's static data afterwards.`,
				]
			: []),
		`  - **Round robin over both webhook processes** (${Object.values(callbacks.byProcess).join(' / ')} deliveries), a measurement: which repeats started a second execution.`,
		'',
		'| receiving trigger | copies together, at different processes: tasks with two executions | copy later, at the other process: tasks with two executions | copies at the same process: tasks with two executions | tasks with two executions | lost (every copy refused) | answers | events of the batch in the static data afterwards |',
		'|---|---|---|---|---|---|---|---|',
		row('Download Result Image on (examples/06)', callbacks),
		row('Download Result Image off', f.callbacksNoDownload),
		'',
		'  A copy reaching the other process is caught only if the first copy\'s event was already saved; the save follows the trigger\'s webhook() (with the download), and how long after the answer it came under this burst is in BENCHMARKS.md, Queue mode. A 503 is n8n\'s `Database is not ready!` (below).',
		...(dedupe
			? [
					`  - **n8n's Remove Duplicates node** after the trigger without download (*Remove Items Processed in Previous Executions*, value \`{{ $json.taskId }}\`), same round-robin run: ${dedupe.doubles} of ${f.callbacksNoDownload.tasks} tasks reached the node after it twice (${dedupe.caught} of the ${f.callbacksNoDownload.duplicated} tasks with two executions reduced to one; ${dedupe.failedInDedupe} executions failed in the node). n8n ${N8N_VERSION} reads the node's history from its database, checks the items and writes the history back whole, with no lock or transaction around it, so two executions running at once on the workers can both find a task new.`,
				]
			: []),
		`- **n8n answering \`503 Database is not ready!\`** (seen under load) to the only delivery of ${notReady.notRetried.tasks} tasks: without PiAPI retrying, ${notReady.notRetried.lost} of them started nothing; with PiAPI retrying once (\`webhookRetryOnError\`), ${notReady.retried.executions} executions, ${notReady.retried.lost} lost.`,
		...(f.waiting ? [waitingOutcome(f.waiting)] : []),
		...(f.callbackWait ? callbackWaitLines(f.callbackWait) : []),
		...(kill ? [`- **A worker killed** (SIGKILL) while its execution of ${kill.items} items polled: ${kill.createdAtKill} tasks created by then, ${kill.tasks} in the end (none created again); n8n set the execution to \`${kill.status}\` ${s(kill.endedAfterMs)} s after the kill (stalled-job check every few seconds in this test) and did not run it again (${kill.executionsAfter} execution); ${kill.completedAtPiapi} of its tasks completed at PiAPI anyway (billed), their results in no execution.`] : []),
		'',
		END,
	].join('\n');
}

/** @param {any} burst figures of callback-wait.js */
function callbackWaitLines(burst) {
	return [
		`- **Wait Method *Until PiAPI Calls Back* under a burst**, the burst of [one n8n process](#waiting-for-piapis-callback-under-a-burst-one-n8n-process) in the cluster: the executions start through the proxy at the webhook processes and run on the workers up to the wait; PiAPI's deliveries to the resume URLs go round robin over both webhook processes, so a task's two copies may reach different processes; the account limit lifted. Wait Timeout ${burst.waitTimeoutS} s; n8n's main process ends a timed-out wait on its next check of waiting executions.`,
		'',
		...burstTable(burst).map((line) => (line ? `  ${line}` : '')),
		'',
	];
}

/** @param {any} w figures of waiting-on-worker.js */
function waitingOutcome(w) {
	return `- **A waiting execution holds no worker slot** (Wait Method *Until PiAPI Calls Back*, examples/07; the other workers stopped, ${w.worker} alone with concurrency ${w.concurrency}): stored as \`waiting\` while PiAPI worked, and examples/01 ran to its end on ${w.worker} meanwhile; PiAPI's callback to the resume URL reached ${w.resumedBy} through the proxy, and ${w.worker} resumed the execution: success, the result byte for byte from the binary_data table, polls: ${w.polls}, callbacks from PiAPI: ${w.callbacks}.`;
}

/**
 * @param {string} file
 * @param {string} body the section without its start line
 */
function writeSection(file, body) {
	const full = path.join(REPO_DIR, file);
	writeFileSync(full, placeSection(readFileSync(full, 'utf8'), 'queue-mode', `${START}\n${body}\n`));
}

/** @param {any} figures @param {{ poolSize: number, date?: string }} options date: of the run (default now) */
function writeQueueSections(figures, { poolSize, date = new Date().toISOString() }) {
	const run = { date: `${date.slice(0, 16).replace('T', ' ')} UTC`, poolSize };
	writeSection('BENCHMARKS.md', benchmarks(figures, run));
	writeSection('RELIABILITY.md', reliability(figures, run));
}

// `node scripts/e2e/queue/report-sections.js <figures.json>`: the sections from a run's saved figures (the run writes
// them to logs/queue-figures.json and out/queue-figures.json), e.g. when a run without PIAPI_QUEUE_REPORT should be reported after all.
if (require.main === module) {
	const { figures, poolSize, date } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
	writeQueueSections(figures, { poolSize, date });
}

module.exports = { writeQueueSections };
