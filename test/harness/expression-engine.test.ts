// The harness evaluates expressions with the engine n8n uses on this Node.js: 'vm' (isolated-vm) where n8n's copy
// loads; 'legacy' for n8n 1.x on Node.js 20, where its isolated-vm (6.x, Node.js 22+) cannot load. scripts/test.js sets
// EXPECTED_NODE_MAJOR to the Node.js it starts jest on, so a run that silently used another Node.js fails here.
import { Expression } from 'n8n-workflow';
import { EXPECTED_NODE_MAJOR, INPUT_NODE_TYPE, N8N_MAJOR, NODE_MAJOR as nodeMajor, runWorkflowJson } from './index';

const workflow = {
	nodes: [{ id: 'in', name: 'Input', type: INPUT_NODE_TYPE, typeVersion: 1, position: [0, 0] as [number, number], parameters: {} }],
	connections: {},
};

it('runs on the Node.js the test script asked for', () => {
	if (EXPECTED_NODE_MAJOR !== undefined) expect(nodeMajor).toBe(EXPECTED_NODE_MAJOR);
	else expect(nodeMajor).toBeGreaterThanOrEqual(20);
});

it(`evaluates expressions with n8n ${N8N_MAJOR}.x's engine for Node.js ${nodeMajor}`, async () => {
	const { status } = await runWorkflowJson(workflow, { input: [{ json: { n: 1 } }] });
	expect(status).toBe('success');
	expect(Expression.getActiveImplementation()).toBe(N8N_MAJOR === 1 && nodeMajor < 22 ? 'legacy' : 'vm');
});
