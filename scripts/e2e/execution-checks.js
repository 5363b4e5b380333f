// @ts-check
// What a run of an example must show (the convention of examples.js):
// - the execution ended with status success, and every node that ran finished without error;
// - every enabled PiAPI node ran and output at least one item; each item has a `taskId` the simulator knows;
//   its task is `completed` (in the item and in the simulator) unless the node cancels tasks (Cancel Task) or does
//   not wait (Swap Faces with Wait for Completion off);
// - a completed item of a node that outputs binary (the default) has the binary field it names (default `data`);
// - every binary a PiAPI node outputs is stored in n8n's filesystem binary mode (id `filesystem-v2:<path>`, the
//   file at `<N8N_USER_FOLDER>/.n8n/storage/<path>`), or in queue mode in its database (id `database:<file id>`), and
//   holds exactly the bytes of the simulator's result.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');
const { PIAPI_NODE_TYPE } = require('./examples');
const { tail } = require('./processes');
const { E2eFailure, check, info } = require('./report');

/** @typedef {import('../../simulator').Simulator} Simulator */
/** @typedef {import('./examples').Example} Example */
/** @typedef {import('./examples').WorkflowNode} WorkflowNode */

/**
 * @typedef {object} BinaryData
 * @property {string} [id]
 * @property {string} [data]
 * @property {string} [mimeType]
 * @property {string} [fileName]
 */
/** @typedef {{ json: Record<string, unknown>, binary?: Record<string, BinaryData> }} Item */
/**
 * @typedef {object} NodeRun
 * @property {string} [executionStatus]
 * @property {{ message?: string }} [error]
 * @property {{ main?: (Item[] | null)[] }} [data]
 */
/**
 * @typedef {object} ExecutionResult what `n8n execute --rawOutput` prints
 * @property {string} [status]
 * @property {boolean} [finished]
 * @property {{ resultData?: { error?: { message?: string, description?: string }, lastNodeExecuted?: string,
 *   runData?: Record<string, NodeRun[]> } }} [data]
 */

/**
 * `--rawOutput` prints the run as indented JSON after n8n's own start-up lines (also when the run failed).
 * @param {{ code: number, stdout: string, outFile: string, errFile: string }} execution
 * @returns {ExecutionResult}
 */
function parseRawOutput({ code, stdout, outFile, errFile }) {
	const lines = stdout.split('\n');
	const first = lines.indexOf('{');
	const last = lines.lastIndexOf('}');
	if (first === -1 || last < first) {
		throw new E2eFailure(`n8n execute (exit code ${code}) printed no JSON run${tail(errFile)}${tail(outFile)}`);
	}
	return JSON.parse(lines.slice(first, last + 1).join('\n'));
}

/** @param {unknown} value @param {unknown} fallback the node's default, for a parameter left out of the JSON */
function parameter(value, fallback) {
	return value === undefined ? fallback : value;
}

/**
 * Where the run's n8n keeps binary data: on disk (filesystem mode, the default of one n8n process), or in its database
 * (queue mode's default): then `bytes` holds what the database has for each binary id the checks will meet.
 * @typedef {{ mode: 'filesystem', userFolder: string } | { mode: 'database', bytes: Map<string, Buffer> }} BinaryStore
 */

/**
 * @param {{ label: string, binary: BinaryData, task: NonNullable<ReturnType<Simulator['task']>>, userFolder?: string, store?: BinaryStore }} options
 *   userFolder: filesystem mode in that user folder (store takes precedence)
 */
function checkStoredBinary({ label, binary, task, userFolder = '', store = { mode: 'filesystem', userFolder } }) {
	const id = binary.id ?? '';
	const pattern = store.mode === 'database' ? /^database:(.+)$/ : /^filesystem(?:-v2)?:(.+)$/;
	const match = pattern.exec(id);
	check(Boolean(match), `${label} is stored in ${store.mode} mode`, `binary id ${JSON.stringify(id)}, data ${String(binary.data).slice(0, 40)}`);
	/** @type {Buffer | undefined} */
	let stored;
	if (store.mode === 'database') {
		stored = store.bytes.get(id);
		check(Boolean(stored), `${label} is a row of n8n's binary_data table`, id);
	} else {
		const storageDir = path.join(store.userFolder, '.n8n', 'storage');
		const file = path.resolve(storageDir, /** @type {RegExpExecArray} */ (match)[1]);
		check(file.startsWith(`${storageDir}${path.sep}`) && existsSync(file), `${label} is a file under .n8n/storage`, file);
		stored = readFileSync(file);
		info(`stored at ${path.relative(store.userFolder, file)}`);
	}
	const bytes = /** @type {Buffer} */ (stored);
	const expected = task.resultBytes;
	check(
		Boolean(expected) && bytes.equals(/** @type {Buffer} */ (expected)),
		`${label} holds exactly the simulator's result for task ${task.id} (${bytes.length} bytes)`,
		`${bytes.length} bytes stored, the simulator's result has ${expected?.length ?? 'no'} bytes`,
	);
	check(binary.mimeType === task.resultMimeType, `${label} is ${task.resultMimeType}`, String(binary.mimeType));
}

/**
 * @param {{ example: Example, node: WorkflowNode, item: Item, simulator: Simulator, userFolder?: string, store?: BinaryStore }} options
 */
function checkPiapiItem({ example, node, item, simulator, userFolder, store }) {
	const label = `${example.name} › ${node.name}`;
	const operation = parameter(node.parameters.operation, 'swapFaces');
	const waits = parameter(node.parameters.waitForCompletion, true);
	const output = parameter(node.parameters.output, 'binary');
	const field = String(parameter(node.parameters.binaryPropertyOutput, 'data'));
	const expectCompleted = !(operation === 'cancelTask' || (operation === 'swapFaces' && waits === false));

	const taskId = item.json.taskId;
	check(typeof taskId === 'string' && taskId.length > 0, `${label} outputs a taskId`, JSON.stringify(item.json));
	const task = simulator.task(String(taskId));
	check(Boolean(task), `${label}: the simulator has task ${taskId}`);
	const simTask = /** @type {NonNullable<typeof task>} */ (task);
	if (expectCompleted) {
		check(
			item.json.status === 'completed' && simTask.status === 'completed',
			`${label}: task ${taskId} is completed`,
			`status ${JSON.stringify(item.json.status)} in n8n, ${simTask.status} in the simulator`,
		);
		if (output === 'binary') {
			check(Boolean(item.binary?.[field]), `${label} outputs the result image in binary field "${field}"`, `binary fields: ${Object.keys(item.binary ?? {}).join(', ') || 'none'}`);
		}
	}
	for (const [name, binary] of Object.entries(item.binary ?? {})) {
		checkStoredBinary({ label: `${label} binary "${name}"`, binary, task: simTask, userFolder, store });
	}
}

/**
 * @param {{ example: Example, result: ExecutionResult, simulator: Simulator, userFolder?: string, store?: BinaryStore }} options
 */
function checkExecution({ example, result, simulator, userFolder, store }) {
	const resultData = result.data?.resultData ?? {};
	check(
		result.status === 'success' && result.finished === true && !resultData.error,
		`${example.name}: the execution succeeded`,
		`status ${result.status}, finished ${result.finished}` +
			(resultData.error
				? `; "${resultData.lastNodeExecuted}" failed: ${resultData.error.message}` +
					(resultData.error.description ? ` (${resultData.error.description})` : '')
				: ''),
	);
	const runData = resultData.runData ?? {};
	const failedNodes = Object.entries(runData)
		.filter(([, runs]) => runs.some((run) => run.executionStatus !== 'success' || run.error))
		.map(([name, runs]) => `${name}: ${runs.map((run) => run.error?.message ?? run.executionStatus).join(', ')}`);
	check(failedNodes.length === 0, `${example.name}: every node that ran succeeded (${Object.keys(runData).join(', ')})`, failedNodes.join('; '));

	for (const node of example.workflow.nodes) {
		if (node.type !== PIAPI_NODE_TYPE || node.disabled) continue;
		const runs = runData[node.name] ?? [];
		const items = runs.flatMap((run) => (run.data?.main ?? []).flatMap((output) => output ?? []));
		check(items.length > 0, `${example.name} › ${node.name} ran and output items`, `${runs.length} runs, no items`);
		for (const item of items) checkPiapiItem({ example, node, item, simulator, userFolder, store });
	}
}

module.exports = { checkExecution, checkStoredBinary, parseRawOutput };
