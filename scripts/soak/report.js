// @ts-check
// The soak's part of RELIABILITY.md, written from one run: what it does (from its settings) and the figures it
// measured. Only the text between the soak markers is replaced; the rest of the file (and any queue-mode section)
// stays as it is.
const { readFileSync, writeFileSync } = require('node:fs');
const { SETTINGS, FAULTS } = require('./settings');

const START = '<!-- soak:start -->';
const END = '<!-- soak:end -->';

const n = (/** @type {number} */ value) => value.toLocaleString('en-US');
const mb = (/** @type {number} */ bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
const s = (/** @type {number} */ ms) => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * @param {{ items: number, seed: number, run: Awaited<ReturnType<typeof import('./run').soakRun>>,
 *   baseline: NodeJS.MemoryUsage, after: NodeJS.MemoryUsage }} report
 * @param {{ maxConcurrentTasks: number }} node the node's defaults, read from its description
 */
function renderSoak(report, node) {
	const { run, items, seed, baseline, after } = report;
	const byRoute = (/** @type {string} */ route) =>
		Object.entries(run.faultsByRoute)
			.filter(([key, count]) => key.startsWith(`${route} `) && count > 0)
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([key, count]) => `${key.slice(route.length + 1)} ${n(count)}`)
			.join(', ');
	const routeTotal = (/** @type {string} */ route) =>
		Object.entries(run.faultsByRoute).reduce((sum, [key, count]) => sum + (key.startsWith(`${route} `) ? count : 0), 0);
	const injected = Object.values(run.counters.faultsInjected).reduce((a, b) => a + b, 0);
	const outcomes = Object.entries(run.outcomes)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([name, count]) => `| ${name} | ${n(count)} |`);
	const perItem = Object.entries(run.creations.requestsPerItem)
		.map(([requests, count]) => `${n(count)} with ${requests}`)
		.join(', ');
	const lostKinds = FAULTS.filter(([route, kind]) => route === 'create' && kind.endsWith('-after-create')).map(([, kind]) => `\`${kind}\``);
	return `## Soak

\`npm run soak\` (\`scripts/soak.js\`, not part of \`npm test\`; \`.ci/run\` runs a shorter one with \`--check\`, which
writes nothing) sends items through n8n's real \`WorkflowExecute\` (the built package, Continue On Fail on, binaries in
filesystem mode as the n8n CLI stores them, the node's default Max Concurrent Tasks) against the PiAPI simulator,
while faults are injected all through the run: at a fixed interval each of the three routes the node uses (task
creation, polling, result download) gets one armed fault unless its previous one is still waiting for a
request; each route deals its fault kinds from a deck shuffled by a seeded PRNG, so every kind comes up once a round. Among the creation faults are those where PiAPI made the task and its answer was lost (the
connection dropped, a 500, half the JSON, an answer after the node's creation timeout). Some items' targets have no
face (the task fails); some items' tasks take longer than their Wait Timeout. Each item sends image URLs of its own, by
which the simulator counts the creation requests of every item; every task has a Callback URL on a local receiver
whose path names the item, and the simulator delivers each webhook twice. This run's settings:

| Setting | Value |
|---|---|
| Items, seed | ${n(items)}, ${seed} |
| Max Concurrent Tasks (node default) | ${node.maxConcurrentTasks} |
| Fault interval | ${SETTINGS.faultEveryMs} ms per route |
| Creation faults that lose the answer after the task exists | ${lostKinds.join(', ')} |
| Task durations | ${SETTINGS.pendingMs} ms pending, then ${SETTINGS.processingMs} ms ±${SETTINGS.jitter * 100} % |
| Items without a face / with a long task | every ${SETTINGS.noFaceEvery}th / every ${SETTINGS.longEvery}th (${s(SETTINGS.longTaskMs)}, Wait Timeout ${SETTINGS.waitTimeoutS} s) |
| Memory allowed after the run | heap ${mb(SETTINGS.heapSlackBytes)}, buffers ${mb(SETTINGS.externalSlackBytes)} over the baseline after a ${SETTINGS.warmUpItems}-item warm-up |

It passes (exit code 0) when: there is one output item per input item, in order, each with \`pairedItem\` = its input;
every success carries exactly the bytes the simulator produced for **that item's** task; every failure has a known
message and names the task ID whenever the node knew it; an item whose creation answer was lost says that PiAPI may
have created a task and when the request was sent; **no item's creation was sent again after an answer that was not
a refusal** (a 429 may be retried: PiAPI made nothing), no item created two tasks and every item sent a creation; the
API key is nowhere in n8n's result of the execution (run data, items, errors with their causes and stacks); and, once
the garbage is collected, the heap and the memory outside it (buffers) are back within the allowance above and the
stopped simulator has been freed (nothing of the node still holds a socket, timer or request to it).

### Figures (seed ${seed}, one run)

| | |
|---|---|
| Items | ${n(items)} in one execution; ${s(run.wallMs)} (warm-up, checks and waiting for the long tasks not included) |
| Faults injected | ${n(injected)}: creation ${n(routeTotal('create'))} (${byRoute('create')}); poll ${n(routeTotal('get'))} (${byRoute('get')}); result download ${n(routeTotal('result'))} (${byRoute('result')}) |
| Creation requests | ${n(run.creations.total)} for ${n(items)} items (${perItem} requests); ${n(run.creations.refusedThenRetried)} refused (429) and sent again; ${n(run.creations.lostAnswers)} answers lost |
| **Creations sent again after an answer that was not a refusal** | **${n(run.creations.repeated)}** |
| Items that created two tasks | **${n(run.itemsWithTwoTasks)}** (tasks created: ${n(run.tasksCreated)}) |
| API key found in n8n's result | ${run.keyLeaks === 0 ? 'nowhere' : `${run.keyLeaks} places`} |
| Succeeded | ${n(run.outcomes.succeeded ?? 0)}, each with exactly its task's bytes (${(run.averageResultBytes / 1024).toFixed(1)} KB on average) |
| Webhook deliveries | ${n(run.webhookDeliveries)} |
| Requests to the simulator | ${n(run.counters.requests)} (${n(run.counters.tasksCreated)} tasks created, ${n(run.counters.polls)} polls answered, ${n(run.counters.resultDownloads)} downloads, the rest faulted) |
| Memory after the run (garbage collected) | heap ${mb(after.heapUsed)} against a ${mb(baseline.heapUsed)} baseline; buffers ${mb(after.external)} against ${mb(baseline.external)}; simulator ${run.simulator.deref() === undefined ? 'released' : 'still referenced'}; RSS ${mb(after.rss)} against ${mb(baseline.rss)} |
| Problems found | ${run.problems.length === 0 ? 'none' : n(run.problems.length)} |

Every outcome, by item:

| Outcome | Items |
|---|---|
${outcomes.join('\n')}

The figures vary from run to run (a fault hits whichever request comes next). Creation is never sent again once
PiAPI may have made the task (a 5xx, a dropped connection, an unreadable or late answer): such items fail with
"PiAPI may have created (and billed) a task, but its answer was lost: …" and the time to look for it in PiAPI's task
list; 429s are retried. Polls and downloads are retried, so only a run of consecutive faults on one item's requests
fails it. RSS does not return to its baseline (the allocator keeps freed pages). Earlier findings of the soak:
[docs/history/2026-11-soak-findings.md](docs/history/2026-11-soak-findings.md).`;
}

/** Replaces the soak's section of RELIABILITY.md (between its markers) with `section`. @param {string} file @param {string} section */
function writeSoakSection(file, section) {
	const text = readFileSync(file, 'utf8');
	const start = text.indexOf(START);
	const end = text.indexOf(END);
	if (start < 0 || end < start) throw new Error(`${file} has no ${START} … ${END} section`);
	writeFileSync(file, `${text.slice(0, start + START.length)}\n${section}\n${text.slice(end)}`);
}

module.exports = { renderSoak, writeSoakSection };
