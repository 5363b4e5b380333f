// @ts-check
// The package's node as an AI Agent's tool, in the real n8n CLI: the agent example (role 'agent', examples/09) run with
// `n8n execute` while its OpenAI Chat Model talks to the stand-in model (model-stand-in.js), which scripts the model's
// tool calls and records what n8n showed it. Three runs, one workflow each (the example, and two variants of it made
// here: the stand-in's script named in the prompt, and for the loop a lower Max Tasks per Execution):
// - 'swap' (the example as it is): the model is shown one tool, described as the builder wrote it, whose parameters
//   are exactly the example's $fromAI keys with their descriptions; one tool call creates exactly one task; the tool
//   answers with the task's JSON (imageUrl, taskId, status, costUsd) and downloads no result; Check Balance First
//   reads the balance; the agent's answer carries the result URL;
// - 'bad-input': a target image URL PiAPI would refuse, then a face index out of syntax: each comes back to the model
//   as the tool's answer naming the field and what is wrong, and PiAPI gets no request at all; this variant leaves
//   Tool Description on "Set Automatically", and the model is shown the node's description;
// - 'loop': Max Tasks per Execution 3 and a model that calls the tool 6 times: 3 tasks, then the cap's error as the
//   tool's answer three times; the execution still ends "success" (n8n's AI Agent takes a tool's error as its answer).
const path = require('node:path');
const { writeFileSync } = require('node:fs');
const { PIAPI_TOOL_TYPE } = require('./examples');
const { parseRawOutput } = require('./execution-checks');
const { ARGUMENT_KEYS, LOOP_CALLS } = require('./model-stand-in');
const { REPO_DIR } = require('./community-package');
const { E2eFailure, check, info } = require('./report');

const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';
const LOOP_MAX_TASKS = 3;

/** @typedef {import('./examples').Example} Example */
/** @typedef {import('../../simulator').Simulator} Simulator */
/** @typedef {Awaited<ReturnType<import('./model-stand-in').startModelStandIn>>} ModelStandIn */
/** @typedef {import('./model-stand-in').RecordedRequest} RecordedRequest */

/** @param {Example} example */
function agentNodesOf(example) {
	const agent = example.workflow.nodes.find((node) => node.type === AGENT_TYPE && !node.disabled);
	const tool = example.workflow.nodes.find((node) => node.type === PIAPI_TOOL_TYPE && !node.disabled);
	if (!agent || !tool) throw new E2eFailure(`examples/${example.name}.json needs an enabled AI Agent and a ${PIAPI_TOOL_TYPE} node`);
	return { agent, tool };
}

/**
 * The example, and its variants for the other scripts of the stand-in (a copy each, under its own workflow id).
 * @param {Example} example
 * @returns {{ script: 'swap' | 'bad-input' | 'loop', example: Example }[]}
 */
function agentRuns(example) {
	/**
	 * @param {'bad-input' | 'loop'} script @param {string} idSuffix @param {Record<string, unknown>} toolOptions
	 * @param {{ automaticDescription?: boolean }} [how] automaticDescription: Tool Description left on "Set Automatically"
	 */
	const variant = (script, idSuffix, toolOptions, { automaticDescription = false } = {}) => {
		const workflow = structuredClone(example.workflow);
		const copy = { ...example, name: `${example.name} (${script})`, workflowId: `${example.workflowId}${idSuffix}`, workflow };
		Object.assign(workflow, { id: copy.workflowId, name: `${example.workflow.name} (${script})` });
		const { agent, tool } = agentNodesOf(copy);
		agent.parameters.text = `${String(agent.parameters.text)} #script:${script}`;
		tool.parameters.options = { .../** @type {object} */ (tool.parameters.options), ...toolOptions };
		if (automaticDescription) {
			delete tool.parameters.descriptionType;
			delete tool.parameters.toolDescription;
		}
		return copy;
	};
	return [
		{ script: 'swap', example },
		{ script: 'bad-input', example: variant('bad-input', 'b', {}, { automaticDescription: true }) },
		{ script: 'loop', example: variant('loop', 'l', { maxTasksPerExecution: LOOP_MAX_TASKS }) },
	];
}

/** The $fromAI calls of a node's parameters: key → description. @param {Record<string, unknown>} parameters */
function fromAiDescriptions(parameters) {
	/** @type {Record<string, string>} */
	const found = {};
	for (const value of Object.values(parameters)) {
		if (typeof value !== 'string') continue;
		for (const match of value.matchAll(/\$fromAI\('([^']+)',\s*'([^']*)'/g)) found[match[1]] = match[2];
	}
	return found;
}

/** What each tool call got back, in order: the text of the model's `tool` messages in its last request. @param {RecordedRequest[]} requests */
function toolAnswers(requests) {
	const last = requests.at(-1);
	return (last?.messages ?? []).filter((message) => message.role === 'tool').map((message) => String(typeof message.content === 'string' ? message.content : JSON.stringify(message.content)));
}

/** The error a tool's answer carries (n8n answers a failed tool call with `[{"error": "…"}]`), or ''. @param {string} answer */
function errorOf(answer) {
	try {
		const parsed = JSON.parse(answer);
		const item = Array.isArray(parsed) ? parsed[0] : parsed;
		return item && typeof item.error === 'string' ? item.error : '';
	} catch {
		return '';
	}
}

/**
 * Runs one workflow with `n8n execute` and returns what the checks need.
 * @param {{ cli: import('./n8n-cli').N8nCli, example: Example, simulator: Simulator, standIn: ModelStandIn }} options
 */
async function runAgentWorkflow({ cli, example, simulator, standIn }) {
	const began = Date.now();
	const tasksBefore = new Set(simulator.tasks().map((task) => task.id));
	const requestsBefore = standIn.requests.length;
	const execution = await cli.run(['execute', `--id=${example.workflowId}`, '--rawOutput'], `execute-${example.name}`, { allowFailure: true });
	const result = parseRawOutput(execution);
	const resultData = result.data?.resultData ?? {};
	check(
		result.status === 'success' && !resultData.error,
		`${example.name}: the execution ended "success"`,
		`status ${result.status}${resultData.error ? `; "${resultData.lastNodeExecuted}" failed: ${resultData.error.message}` : ''}`,
	);
	const { agent } = agentNodesOf(example);
	const agentRuns = resultData.runData?.[agent.name] ?? [];
	const answer = agentRuns.flatMap((run) => run.data?.main?.[0] ?? []).map((item) => String(item.json.output ?? ''));
	const piapiRequests = simulator.requestLog().filter((entry) => entry.at >= began);
	return {
		modelRequests: standIn.requests.slice(requestsBefore),
		newTasks: simulator.tasks().filter((task) => !tasksBefore.has(task.id)),
		piapiRequests,
		creations: piapiRequests.filter((entry) => entry.method === 'POST' && /\/task$/.test(entry.path.split('?')[0])),
		answer: answer.join('\n'),
	};
}

/**
 * The agent example and its variants, each run with `n8n execute` (imported here: the variants are not in examples/).
 * @param {{ cli: import('./n8n-cli').N8nCli, example: Example, simulator: Simulator, standIn: ModelStandIn, tempDir: string }} options
 */
async function checkAgentExample({ cli, example, simulator, standIn, tempDir }) {
	const runs = agentRuns(example);
	const file = path.join(tempDir, `agent-variants-${example.name}.json`);
	writeFileSync(file, JSON.stringify(runs.slice(1).map((run) => run.example.workflow), null, 2));
	await cli.run(['import:workflow', `--input=${file}`], `import-agent-variants-${example.name}`);

	for (const { script, example: workflow } of runs) {
		info(`script "${script}": examples/${example.name}.json${workflow === example ? '' : ' (variant)'}`);
		const seen = await runAgentWorkflow({ cli, example: workflow, simulator, standIn });
		if (script === 'swap') checkSwap(workflow, seen);
		else if (script === 'bad-input') checkBadInput(workflow, seen);
		else checkLoop(workflow, seen);
	}
}

/** @typedef {Awaited<ReturnType<typeof runAgentWorkflow>>} Seen */

/** @param {Example} example @param {Seen} seen */
function checkShownTool(example, seen) {
	const { tool } = agentNodesOf(example);
	const first = seen.modelRequests[0];
	check(Boolean(first), `${example.name}: the model was asked`, 'the stand-in got no request');
	const shown = first.tools;
	check(shown.length === 1, `${example.name}: the model is shown one tool`, JSON.stringify(shown.map((t) => t.name)));
	const [spec] = shown;
	check(
		spec.description === tool.parameters.toolDescription,
		`${example.name}: the tool's description is the one the builder wrote (Tool Description "Set Manually")`,
		JSON.stringify(spec.description),
	);
	const expected = fromAiDescriptions(tool.parameters);
	const properties = spec.parameters.properties ?? {};
	check(
		JSON.stringify(Object.keys(properties).sort()) === JSON.stringify(Object.keys(expected).sort()) &&
			JSON.stringify(Object.keys(expected).sort()) === JSON.stringify([...ARGUMENT_KEYS].sort()),
		`${example.name}: the tool's parameters are exactly its $fromAI keys (${ARGUMENT_KEYS.join(', ')}), nothing else`,
		JSON.stringify(Object.keys(properties)),
	);
	for (const [key, description] of Object.entries(expected)) {
		check(
			properties[key]?.type === 'string' && properties[key]?.description === description,
			`${example.name}: parameter ${key} is a string described as in $fromAI`,
			JSON.stringify(properties[key]),
		);
	}
}

/** @param {Example} example @param {Seen} seen */
function checkSwap(example, seen) {
	checkShownTool(example, seen);
	const calls = seen.modelRequests.filter((request) => request.answer.toolCall).length;
	check(calls === 1, `${example.name}: the model called the tool once`, `${calls} calls`);
	check(seen.newTasks.length === 1 && seen.creations.length === 1, `${example.name}: one tool call created exactly one task`, `${seen.newTasks.length} tasks, ${seen.creations.length} creation requests`);
	const [task] = seen.newTasks;
	const answers = toolAnswers(seen.modelRequests);
	check(answers.length === 1, `${example.name}: the model got the tool's answer`, JSON.stringify(answers));
	const answer = answers[0];
	info(`tool answer: ${answer.slice(0, 300)}`);
	for (const [key, value] of [['taskId', task.id], ['status', 'completed'], ['imageUrl', task.resultUrl]]) {
		check(answer.includes(`"${key}":"${value}"`), `${example.name}: the tool's answer has ${key} "${value}"`, answer);
	}
	check(/"costUsd":\d/.test(answer), `${example.name}: the tool's answer has costUsd`, answer);
	const downloads = seen.piapiRequests.filter((entry) => entry.method === 'GET' && entry.path.startsWith('/results/'));
	check(downloads.length === 0, `${example.name}: as a tool the node downloaded no result (Output is Binary Image)`, downloads.map((entry) => entry.path).join(', '));
	const balanceReads = seen.piapiRequests.filter((entry) => entry.path.startsWith('/account/info'));
	check(balanceReads.length === 1, `${example.name}: Check Balance First read the balance once, as a tool`, `${balanceReads.length} reads`);
	check(Boolean(task.resultUrl) && seen.answer.includes(String(task.resultUrl)), `${example.name}: the agent's answer carries the result URL`, seen.answer);
}

/** The node's description, as built: what the model is shown when the builder writes no tool description. */
function nodeDescription() {
	const { PiApiMultiFaceSwap } = require(path.join(REPO_DIR, 'dist', 'nodes', 'PiApiMultiFaceSwap', 'PiApiMultiFaceSwap.node.js'));
	return String(new PiApiMultiFaceSwap().description.description);
}

/** @param {Example} example @param {Seen} seen */
function checkBadInput(example, seen) {
	const shown = seen.modelRequests[0]?.tools ?? [];
	check(
		shown.length === 1 && shown[0].description === nodeDescription(),
		`${example.name}: with Tool Description "Set Automatically" the model is shown the node's description`,
		JSON.stringify(shown.map((tool) => tool.description)),
	);
	const answers = toolAnswers(seen.modelRequests);
	info(`tool answers: ${answers.map((answer) => answer.slice(0, 200)).join(' | ')}`);
	check(answers.length === 2, `${example.name}: both of the model's bad calls came back as the tool's answers`, JSON.stringify(answers));
	const [urlError, indexError] = answers.map(errorOf);
	check(
		urlError.startsWith('Target Image URL') && urlError.includes('does not end in .png, .jpg, .jpeg or .webp'),
		`${example.name}: a target image URL PiAPI would refuse comes back naming the field and what is wrong`,
		answers[0],
	);
	check(
		indexError.startsWith('Swap Faces Index') && indexError.includes('"first" is not a face index'),
		`${example.name}: a face index out of syntax comes back naming the field and what is wrong`,
		answers[1],
	);
	check(seen.piapiRequests.length === 0 && seen.newTasks.length === 0, `${example.name}: PiAPI got no request`, seen.piapiRequests.map((entry) => `${entry.method} ${entry.path}`).join(', '));
	check(seen.answer.includes('Swap Faces Index'), `${example.name}: the model could act on the errors (its answer quotes them)`, seen.answer);
}

/** @param {Example} example @param {Seen} seen */
function checkLoop(example, seen) {
	const answers = toolAnswers(seen.modelRequests);
	check(answers.length === LOOP_CALLS, `${example.name}: the looping model called the tool ${LOOP_CALLS} times`, `${answers.length} answers`);
	check(
		seen.newTasks.length === LOOP_MAX_TASKS && seen.creations.length === LOOP_MAX_TASKS,
		`${example.name}: Max Tasks per Execution ${LOOP_MAX_TASKS}: exactly ${LOOP_MAX_TASKS} tasks, none past the cap`,
		`${seen.newTasks.length} tasks, ${seen.creations.length} creation requests`,
	);
	const capped = answers.slice(LOOP_MAX_TASKS);
	info(`tool answer past the cap: ${capped[0]?.slice(0, 300)}`);
	check(
		capped.every((answer) => errorOf(answer).startsWith('Max Tasks per Execution') && errorOf(answer).includes(`limit of ${LOOP_MAX_TASKS}`)),
		`${example.name}: every call past the cap got the cap's error as the tool's answer`,
		JSON.stringify(capped),
	);
	check(answers.slice(0, LOOP_MAX_TASKS).every((answer) => answer.includes('"status":"completed"')), `${example.name}: the calls within the cap got their results`, JSON.stringify(answers.slice(0, LOOP_MAX_TASKS)));
}

module.exports = { agentNodesOf, checkAgentExample };
