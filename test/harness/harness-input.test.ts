// Self-test of the engine harness with its own input node only (no package node involved): items and binaries
// go through n8n's real engine and binary storage in both modes, and workflow JSON runs from its trigger.
import { INPUT_NODE_TYPE, MANUAL_TRIGGER_TYPE, STICKY_NOTE_TYPE, readBinary, runWorkflowJson } from './index';

const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

const inputOnly = {
	nodes: [
		{
			id: 'in',
			name: 'Input',
			type: INPUT_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		},
	],
	connections: {},
};

const input = [
	{ json: { n: 1, nested: { url: 'https://example.com/a.png' } } },
	{ json: { n: 2 }, binary: { photo: { bytes: PNG_BYTES, fileName: 'face.png', mimeType: 'image/png' } } },
];

describe('harness.input in the real engine', () => {
	it('passes JSON items and a binary through in memory (default mode)', async () => {
		const { items, status } = await runWorkflowJson(inputOnly, { input });
		const out = items.Input;
		expect(status).toBe('success');
		expect(out.map((item) => item.json)).toEqual([{ n: 1, nested: { url: 'https://example.com/a.png' } }, { n: 2 }]);
		const photo = out[1].binary?.photo;
		expect(photo).toMatchObject({ fileName: 'face.png', mimeType: 'image/png', fileExtension: 'png' });
		expect(photo?.id).toBeUndefined();
		expect(photo?.data).toBe(PNG_BYTES.toString('base64'));
		expect(await readBinary(out[1], 'photo')).toEqual(PNG_BYTES);
	});

	it('stores the binary on disk in filesystem mode, leaving a placeholder and an id', async () => {
		const { items } = await runWorkflowJson(inputOnly, { input, binaryMode: 'filesystem' });
		const item = items.Input[1];
		const photo = item.binary?.photo;
		expect(photo?.id).toMatch(/^filesystem-v2:/);
		expect(photo?.data).toBe('filesystem-v2');
		expect(photo?.data).not.toBe(PNG_BYTES.toString('base64'));
		expect(await readBinary(item, 'photo')).toEqual(PNG_BYTES);
	});

	it('switches modes within one process, and disk binaries stay readable', async () => {
		const onDisk = (await runWorkflowJson(inputOnly, { input, binaryMode: 'filesystem' })).items.Input[1];
		const inMemory = (await runWorkflowJson(inputOnly, { input, binaryMode: 'default' })).items.Input[1];
		expect(inMemory.binary?.photo.id).toBeUndefined();
		expect(await readBinary(onDisk, 'photo')).toEqual(PNG_BYTES);
		expect(await readBinary(inMemory, 'photo')).toEqual(PNG_BYTES);
	});

	it('names a missing binary property', async () => {
		const { items } = await runWorkflowJson(inputOnly, { input });
		await expect(readBinary(items.Input[1], 'data')).rejects.toThrow('has: photo');
	});

	it('runs workflow JSON from its Manual Trigger and ignores sticky notes', async () => {
		const workflow = {
			nodes: [
				{
					id: 'n',
					name: 'Note',
					type: STICKY_NOTE_TYPE,
					typeVersion: 1,
					position: [0, -200] as [number, number],
					parameters: { content: 'hi' },
				},
				{
					id: 't',
					name: 'Start',
					type: MANUAL_TRIGGER_TYPE,
					typeVersion: 1,
					position: [0, 0] as [number, number],
					parameters: {},
				},
				{
					id: 'in',
					name: 'Input',
					type: INPUT_NODE_TYPE,
					typeVersion: 1,
					position: [200, 0] as [number, number],
					parameters: {},
				},
			],
			connections: { Start: { main: [[{ node: 'Input', type: 'main' as const, index: 0 }]] } },
		};
		const { items, status } = await runWorkflowJson(workflow, { input: [{ json: { ok: true } }] });
		expect(status).toBe('success');
		expect(items.Start).toEqual([expect.objectContaining({ json: {} })]);
		expect(items.Input.map((item) => item.json)).toEqual([{ ok: true }]);
		expect(items.Note).toBeUndefined();
	});

	it('refuses node types it has no stand-in for', async () => {
		const workflow = {
			nodes: [
				{
					id: 's',
					name: 'Set',
					type: 'n8n-nodes-base.set',
					typeVersion: 3,
					position: [0, 0] as [number, number],
					parameters: {},
				},
			],
			connections: {},
		};
		await expect(runWorkflowJson(workflow)).rejects.toThrow('no node type "n8n-nodes-base.set"');
	});

	it('cancels through an AbortSignal', async () => {
		const controller = new AbortController();
		controller.abort();
		const { status, error, items } = await runWorkflowJson(inputOnly, { input, signal: controller.signal });
		expect(status).toBe('canceled');
		expect(error?.message).toMatch(/cancel/i);
		expect(items.Input ?? []).toEqual([]);
	});
});
