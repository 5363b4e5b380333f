// @ts-check
// The package's node as an AI Agent's tool, run the way n8n 2.x runs one (AI Agent v3, read in n8n-core's
// requests-response.ts and workflow-execute.ts): the agent's execute() returns an engine request naming the tool node
// and the model's arguments; the engine runs that node with `rewireOutputLogTo: ai_tool` and the arguments merged into
// its input item; a failed tool run becomes `{ error }` (not a failed workflow); the engine then runs the agent again
// with the tool's output as the response.
// - toolTypeOf: the `<type>Tool` node type n8n's engine makes from a node with `usableAsTool` (n8n's cli node-types.ts,
//   convertNodeToAiTool: the same class, its description renamed, no main input, an ai_tool output; the engine applies
//   no `usableAsTool` replacements, only the editor's list of types does);
// - agentStandIn (`harness.agent`): a model scripted by the parameter `calls` (JSON: the tool arguments of each call,
//   one call per round); it outputs one item `{ answers }` with what each call got back.
const { NodeConnectionTypes, deepCopy } = require('n8n-workflow');

const AGENT_TYPE = 'harness.agent';

/**
 * @param {import('n8n-workflow').INodeType} nodeType a node type with `usableAsTool`
 * @returns {import('n8n-workflow').INodeType}
 */
function toolTypeOf(nodeType) {
	const description = deepCopy(nodeType.description);
	delete description.usableAsTool;
	Object.assign(description, {
		name: `${description.name}Tool`,
		displayName: `${description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
	});
	// The class's methods (execute, webhook) stay reachable through the prototype, as n8n does with Object.create.
	return Object.assign(Object.create(nodeType), { description });
}

/** The items a tool run answered with (its output is logged under ai_tool). @param {import('n8n-workflow').ITaskData} taskData */
function toolAnswer(taskData) {
	const output = taskData.data?.[NodeConnectionTypes.AiTool]?.[0] ?? taskData.data?.main?.[0] ?? [];
	return output.map((item) => item.json);
}

/** @type {import('n8n-workflow').INodeType} */
const agentStandIn = {
	description: {
		displayName: 'AI Agent (harness stand-in)',
		name: AGENT_TYPE,
		group: ['transform'],
		version: 1,
		description: 'Calls its tool with scripted arguments, one call per round',
		defaults: { name: 'AI Agent' },
		inputs: [NodeConnectionTypes.Main, NodeConnectionTypes.AiTool],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Tool Node', name: 'toolNode', type: 'string', default: '' },
			{ displayName: 'Calls', name: 'calls', type: 'json', default: '[]' },
		],
	},
	/** @this {import('n8n-workflow').IExecuteFunctions} @param {import('n8n-workflow').EngineResponse<{ answers?: unknown[] }>} [response] */
	async execute(response) {
		const calls = /** @type {import('n8n-workflow').IDataObject[]} */ (JSON.parse(String(this.getNodeParameter('calls', 0))));
		const answers = [...(response?.metadata?.answers ?? []), ...(response?.actionResponses ?? []).map((action) => toolAnswer(action.data))];
		if (answers.length >= calls.length) return [[{ json: { answers }, pairedItem: { item: 0 } }]];
		const index = answers.length;
		return {
			actions: [
				{
					actionType: 'ExecutionNodeAction',
					nodeName: String(this.getNodeParameter('toolNode', 0)),
					input: calls[index],
					type: NodeConnectionTypes.AiTool,
					id: `call_${index}`,
					metadata: { itemIndex: 0 },
				},
			],
			metadata: { answers },
		};
	},
};

module.exports = { AGENT_TYPE, agentStandIn, toolTypeOf };
