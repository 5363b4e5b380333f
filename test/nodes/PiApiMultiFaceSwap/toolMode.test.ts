// The node as an AI Agent's tool, run as n8n 2.x runs one (the harness's agent stand-in: an engine request per tool
// call, the tool node run with its `$fromAI` arguments, a failed call answered with `{ error }`): what the model gets
// back, what reaches PiAPI (the simulator), and that the same parameters outside tool mode behave as before.
// The engines differ on a failed tool run: n8n 2.x answers the model with `{ error }` and the execution goes on (the
// tool node's On Error left at its default); the 1.x engine fails the execution with the tool node's error.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { MANUAL_TRIGGER_TYPE, N8N_MAJOR, runNode, runWorkflowJson, SWAP_NODE_TYPE } from '../../harness';
import { credentialsFor, swapParameters, useFastSimulator } from './simulated';

const handle = useFastSimulator();
beforeEach(() => handle.sim.configure({ accountUsd: 10 }));

const TOOL_TYPE = `${SWAP_NODE_TYPE}Tool`;
const fromAi = (key: string) => `={{ $fromAI('${key}', 'the ${key}', 'string') }}`;

/** Swap Faces as the agent's tool, its image URLs filled by the model; binary output, as a builder leaves it. */
const toolParameters = (overrides: INodeParameters = {}): INodeParameters =>
	swapParameters(handle.sim, { targetImageUrl: fromAi('targetImageUrl'), swapImageUrl: fromAi('swapImageUrl'), ...overrides });

const goodCall = () => ({ targetImageUrl: handle.sim.sampleUrl('target.jpg'), swapImageUrl: handle.sim.sampleUrl('swap.png') });

/** Runs Manual Trigger → agent stand-in, the tool attached; returns what each call answered (the model's view). */
async function runAgent(parameters: INodeParameters, calls: IDataObject[]) {
	const result = await runWorkflowJson(
		{
			nodes: [
				{ id: '1', name: 'Start', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: '2',
					name: 'AI Agent',
					type: 'harness.agent',
					typeVersion: 1,
					position: [200, 0],
					parameters: { toolNode: 'Swap Faces', calls: JSON.stringify(calls) },
				},
				{ id: '3', name: 'Swap Faces', type: TOOL_TYPE, typeVersion: 1, position: [200, 200], parameters, credentials: { piApi: { id: 'c', name: 'PiAPI' } } },
			],
			connections: {
				Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
				'Swap Faces': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			},
		},
		{ credentials: { piApi: credentialsFor(handle.sim) } },
	);
	const answers = (result.items['AI Agent']?.[0]?.json.answers ?? []) as IDataObject[][];
	// What the tool's failures said: the model's answers on 2.x, the execution's error on 1.x (see above).
	const toolErrors =
		N8N_MAJOR >= 2
			? answers.flat().flatMap((item) => (typeof item.error === 'string' ? [item.error] : []))
			: [result.errors['Swap Faces']?.message].filter((message): message is string => message !== undefined);
	return { ...result, answers, toolErrors };
}

/** A failed tool call leaves a 2.x execution running to its end (the agent answers), a 1.x one fails. */
const STATUS_AFTER_TOOL_ERROR = N8N_MAJOR >= 2 ? 'success' : 'error';

describe('Swap Faces as an AI Agent tool', () => {
	it('answers one call with the task JSON (imageUrl, taskId, status, costUsd) and downloads no result', async () => {
		const { answers, status, runData } = await runAgent(toolParameters(), [goodCall()]);

		expect(status).toBe('success');
		expect(answers).toHaveLength(1);
		const [task] = handle.sim.tasks();
		expect(answers[0]).toEqual([
			expect.objectContaining({ taskId: task.id, status: 'completed', imageUrl: task.resultUrl, costUsd: expect.any(Number) }),
		]);
		expect(handle.sim.counters()).toMatchObject({ tasksCreated: 1, resultDownloads: 0 });
		// The engine logged the tool's run under ai_tool, as it does for AI Agent v3 tools.
		expect(runData['Swap Faces'][0].data?.ai_tool?.[0]?.[0]?.binary).toBeUndefined();
	});

	it('outside tool mode, the same Output (Binary Image) still downloads the result', async () => {
		const { items, error } = await runNode({
			parameters: swapParameters(handle.sim),
			credentials: credentialsFor(handle.sim),
		});

		expect(error).toBeUndefined();
		expect(items[0].binary?.data).toBeDefined();
		expect(handle.sim.counters()).toMatchObject({ tasksCreated: 1, resultDownloads: 1 });
	});

	it.each([
		['an image URL PiAPI would refuse', { targetImageUrl: 'https://images.example.com/portrait' }, /^Target Image URL \(item 0\): does not end in \.png, \.jpg, \.jpeg or \.webp/],
		['a face index out of syntax', { swapFacesIndex: 'first' }, /^Swap Faces Index \(item 0\): "first" is not a face index/],
	])('answers %s with an error naming the field, sending nothing', async (_label, bad, expected) => {
		const parameters = toolParameters({ swapFacesIndex: fromAi('swapFacesIndex') });
		const { toolErrors, status } = await runAgent(parameters, [{ ...goodCall(), swapFacesIndex: '0', ...bad }]);

		expect(status).toBe(STATUS_AFTER_TOOL_ERROR);
		expect(toolErrors).toEqual([expect.stringMatching(expected)]);
		expect(handle.sim.counters().requests).toBe(0);
	});

	it('stops a looping model at Max Tasks per Execution: no task past the cap, the cap as the answer', async () => {
		const { answers, toolErrors, status } = await runAgent(toolParameters({ options: { maxTasksPerExecution: 2 } }), [goodCall(), goodCall(), goodCall()]);

		expect(status).toBe(STATUS_AFTER_TOOL_ERROR);
		if (N8N_MAJOR >= 2) expect(answers.slice(0, 2).map((answer) => answer[0].status)).toEqual(['completed', 'completed']);
		expect(toolErrors).toEqual([
			"Max Tasks per Execution (item 0): this run's 1 items would bring this execution to 3 tasks (2 in earlier runs of this node), more than the limit of 2; nothing was sent",
		]);
		expect(handle.sim.counters().tasksCreated).toBe(2);
	});

	it('refuses Wait Method "Until PiAPI Calls Back" with a clear answer, sending nothing', async () => {
		const { toolErrors, status } = await runAgent(toolParameters({ waitMethod: 'callback' }), [goodCall()]);

		expect(status).toBe(STATUS_AFTER_TOOL_ERROR);
		expect(toolErrors).toEqual([
			'Wait Method "Until PiAPI Calls Back" cannot be used when the node is an AI Agent\'s tool; nothing was sent',
		]);
		expect(handle.sim.counters().requests).toBe(0);
	});

	it('applies Check Balance First: a balance too low answers with the error and creates no task', async () => {
		handle.sim.configure({ accountUsd: 0 });
		const { toolErrors } = await runAgent(toolParameters({ options: { checkBalanceFirst: true } }), [goodCall()]);

		expect(toolErrors).toEqual([expect.stringMatching(/^The PiAPI balance \(\$0\.00\) cannot pay for this run/)]);
		expect(handle.sim.counters()).toMatchObject({ accountInfo: 1, tasksCreated: 0 });
	});
});

describe('Get Task and Estimate Cost as an AI Agent tool', () => {
	it('Get Task answers with the result URL and downloads nothing', async () => {
		const { items } = await runNode({
			parameters: swapParameters(handle.sim, { output: 'url' }),
			credentials: credentialsFor(handle.sim),
		});
		const taskId = String(items[0].json.taskId);

		const { answers } = await runAgent({ operation: 'getTask', api: 'unified', taskId: fromAi('taskId') }, [{ taskId }]);

		expect(answers[0]).toEqual([expect.objectContaining({ taskId, status: 'completed', imageUrl: handle.sim.task(taskId)?.resultUrl })]);
		expect(handle.sim.counters()).toMatchObject({ tasksCreated: 1, resultDownloads: 0 });
	});

	it('Estimate Cost answers with the price and creates no task', async () => {
		const { answers } = await runAgent(toolParameters({ operation: 'estimateCost' }), [goodCall()]);

		expect(answers[0]).toEqual([expect.objectContaining({ accepted: true })]);
		expect(handle.sim.counters().tasksCreated).toBe(0);
	});
});
