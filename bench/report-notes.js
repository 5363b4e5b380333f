// @ts-check
// "Reading the results": how to read each section. Explanations only: every number in it comes from the input
// (the node's defaults as built, the run's settings), never typed in; the measured figures are in the tables above.
const { megabytes } = require('./stats');

/** @param {import('./report').ReportInput} input */
function notes({ nodeDefaults: d, settings }) {
	const percent = (/** @type {number} */ share) => `${Math.round(share * 100)} %`;
	return `## Reading the results

**Batch.** The ideal is a lower bound no runner can beat: it assumes the account's slots are never idle and the tasks
fit together perfectly. PiAPI starts staged tasks first come, first served, and nobody knows a task's time before it
ends, so even a runner that never leaves a slot idle gets the *FIFO order* schedule: the last tasks end unevenly. With as
many items in flight as the account's limit (the Max Concurrent Tasks = limit rows), every slot also idles after each
task: until n8n's next poll sees it finished, downloads the result and creates the next task, which then waits PiAPI's
pending time. With more in flight than the limit (the default, Max Concurrent Tasks ${d.maxConcurrentTasks}), PiAPI
holds the extra tasks staged and starts one the moment a slot frees, so the slots stay busy; the node's pacer
(\`helpers/pacing.ts\`) keeps no more tasks staged than running, so an account with a low limit does not get a long
queue whose waiting would count against Wait Timeout. What is left over the FIFO schedule is the start (engine → first
creation) and the tail: the last task's end → the poll that sees it → its download. Once a few tasks of an execution have
completed, their processing times steer the polls of the others (\`informedPollDelayMs\`); its last few tasks, which its
end waits for, are polled closer when due. Whether PiAPI stages without
a limit is not published: under *no staging* every creation over the limit is refused with 429; the node's pacer then
retries it as soon as one of the execution's tasks finishes (or after a backoff, whichever comes first), and meanwhile
polls the tasks due to end more often, so a freed slot is soon taken again (the *creations refused* column counts the refusals). The
hand-built workflow sends all items at once, so under unlimited staging PiAPI keeps its slots full, but it sees results
only once per polling round and leaves every item queued at PiAPI; when PiAPI refuses creations, its refused items fail.
The community node and PiAPI's MCP server and CLI run one item at a time: every task's time plus their polling
granularity, one after the other.

**Latency.** The wait between polls is Poll Interval Min (${d.pollIntervalMinS} s) plus ${percent(d.pollGrowth)} of
the time the task has been processing, at most Poll Interval Max (${d.pollIntervalMaxS} s), counted from PiAPI's
\`started_at\` (converted to this machine's clock through PiAPI's own \`created_at\`, so clock skew does not matter);
the first poll comes ${d.firstPollS} s after creation. A finished task is then seen on average half a wait after it
ended, plus the request and the download: the overhead grows with the task's time, the polls with its logarithm. The
community node's fixed interval does well on long tasks but gives up after a fixed number of polls, as does PiAPI's MCP
server; the CLI's growing waits reach long waits quickly, hence its large overhead on long tasks.

**Callback mode.** With Wait for Completion off, Swap Faces only creates the tasks (Max Concurrent Tasks requests at a
time; the pacer applies only to waiting items) and returns their IDs, so its execution lasts as long as the creations and
no worker waits for PiAPI after it. PiAPI stages the tasks over the account's limit and starts each one the moment a slot
frees, so the slots stay full (the FIFO schedule), and each result reaches the trigger one HTTP request after its task
ends (plus its download with Download Result Image on): nothing polls. The trigger must start one execution per task
however the callback is repeated (both copies at once, or the copy later as a retry would come); the *executions* column
counts what it started. Not measured here: how soon the real PiAPI sends a callback after a task ends and the network
between PiAPI and n8n (the simulator calls at once, over loopback), and n8n's own work around \`webhook()\` (the harness
stands in a short fixed delay for finding the workflow in n8n's database; handing the execution to a worker in queue
mode is not included). The nodes after the trigger do not delay later callbacks: n8n answers the callback and runs them
as a separate execution.

**Memory.** In n8n's default binary mode every result is kept in memory as base64 (n8n's design), so memory grows with the
results whatever a node does. In filesystem mode the node streams each URL result from the HTTP response into n8n's binary
store (\`prepareBinaryData\` with the response stream): no whole-file copy. What remains is garbage: each download passes
through the JavaScript heap in chunks that V8 frees late (it collects them once enough external memory has piled up), so
the node downloads at most ${d.maxDownloadsPerExecution} results at once per execution, and results over
${megabytes(d.largeResultBytes)} MB (or of unknown size) one at a time. The growth is measured from the
same process's RSS after a warm-up item and a garbage collection, not from another process's peak; the scenario runs
${settings.memory.repeats} times per benchmark because when V8 collects varies from run to run. Base64 results arrive
inside the poll response as JSON text larger than the image; n8n's HTTP client buffers and parses it and the node decodes
it into bytes: several copies per result exist until the next collection, hence the growth. For large batches prefer URL
results (the unified API's default; the legacy API returns base64 only when the node asks for it, i.e. with Output *Binary
Image*).

**Footprint.** The loader time is n8n-core's \`PackageDirectoryLoader.loadAll()\` on this package in a fresh process;
requiring n8n-core itself (which n8n has done already when it loads a community package) is shown for scale.

**Noise.** The machine is a shared VM; the reference runners run in a second process at the same time. Timer and request
latencies are in milliseconds, so they hardly move the figures above, but a busy neighbour can.
`;
}

module.exports = { notes };
