import { readBinary, runNode } from '../../../harness';
import { createdBodies, credentialsFor, sampleBytes, startFastSimulator, swapParameters, type Simulator } from '../simulated';

let sim: Simulator;
let tasksBefore = 0;
/** The tasks this test created, oldest first. */
const newTasks = () => sim.tasks().slice(tasksBefore);

beforeAll(async () => {
	sim = await startFastSimulator();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.configure({ processingMs: 150, outputShape: 'image_url', statusCase: 'lower' });
	sim.clearFaults();
	sim.resetCounters();
	tasksBefore = sim.tasks().length;
});

const run = (parameters: Parameters<typeof swapParameters>[1], options: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ parameters: swapParameters(sim, parameters), credentials: credentialsFor(sim), ...options });

describe('Swap Faces with the unified API', () => {
	it('creates a multi-face-swap task from two URLs, waits, and returns the result image as binary', async () => {
		const { items, error } = await run({});

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const [task] = newTasks();
		expect(items[0].json).toMatchObject({ taskId: task.id, status: 'completed', api: 'unified', model: 'Qubico/image-toolkit' });
		expect(items[0].json.imageUrl).toBe(task.resultUrl);
		expect(items[0].json).toHaveProperty('createdAt');
		expect(items[0].json).toHaveProperty('endedAt');
		const binary = items[0].binary?.data;
		expect(binary).toMatchObject({ mimeType: 'image/jpeg', fileName: `piapi-faceswap-${task.id}.jpg` });
		expect((await readBinary(items[0], 'data')).equals(task.resultBytes as Buffer)).toBe(true);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(createdBodies(sim)).toEqual([
			{
				model: 'Qubico/image-toolkit',
				task_type: 'multi-face-swap',
				input: {
					target_image: sim.sampleUrl('target.jpg'),
					swap_image: sim.sampleUrl('swap.png'),
					swap_faces_index: '0',
					target_faces_index: '0',
				},
			},
		]);
	});

	it('sends the API key as X-API-Key on every request to PiAPI', async () => {
		await run({});
		const apiRequests = sim.requestLog().filter((entry) => entry.path.startsWith('/api/'));
		expect(apiRequests.length).toBeGreaterThanOrEqual(2);
		for (const entry of apiRequests) expect(entry.headers['x-api-key']).toBe(sim.apiKey);
	});

	it('puts the result in the chosen binary field', async () => {
		const { items } = await run({ binaryPropertyOutput: 'swapped' });
		expect(Object.keys(items[0].binary ?? {})).toEqual(['swapped']);
	});

	it('returns only the URL with Image URL output, downloading nothing', async () => {
		const { items } = await run({ output: 'url' });
		expect(items[0].binary).toBeUndefined();
		expect(items[0].json.imageUrl).toBe(newTasks()[0].resultUrl);
		expect(sim.counters().resultDownloads).toBe(0);
	});

	it('sends face indices in PiAPI’s form', async () => {
		await run({ swapFacesIndex: ' 1, 0 ', targetFacesIndex: '0,1' });
		expect(createdBodies(sim)[0].input).toMatchObject({ swap_faces_index: '1,0', target_faces_index: '0,1' });
	});

	it('returns the task at once without waiting', async () => {
		const { items } = await run({ waitForCompletion: false });
		expect(items[0].json).toMatchObject({ taskId: newTasks()[0].id, api: 'unified' });
		expect(['pending', 'processing']).toContain(items[0].json.status);
		expect(items[0].binary).toBeUndefined();
		expect(sim.counters()).toMatchObject({ tasksCreated: 1, polls: 0 });
	});

	it('passes a callback URL, secret and service mode to PiAPI', async () => {
		await run({
			waitForCompletion: false,
			options: { webhookUrl: 'https://n8n.example.com/webhook/piapi', webhookSecret: 's3cret', serviceMode: 'private' },
		});
		expect(createdBodies(sim)[0].config).toEqual({
			webhook_config: { endpoint: 'https://n8n.example.com/webhook/piapi', secret: 's3cret' },
			service_mode: 'private',
		});
	});

	it.each([
		['image_urls' as const, 'capitalized' as const],
		['image_base64' as const, 'lower' as const],
	])('reads the result from output.%s with %s statuses', async (outputShape, statusCase) => {
		sim.configure({ outputShape, statusCase });
		const { items, error } = await run({});
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		expect((await readBinary(items[0], 'data')).equals(newTasks()[0].resultBytes as Buffer)).toBe(true);
	});

	it('keeps a base64-only result as binary even with Image URL output, so nothing is lost', async () => {
		sim.configure({ outputShape: 'image_base64' });
		const { items } = await run({ output: 'url' });
		expect(items[0].json.imageUrl).toBeUndefined();
		expect((await readBinary(items[0], 'data')).equals(newTasks()[0].resultBytes as Buffer)).toBe(true);
	});
});

describe('Swap Faces image sources', () => {
	it('sends binary input images as plain base64, in both of n8n’s binary modes', async () => {
		const target = await sampleBytes(sim, 'target.png');
		const swap = await sampleBytes(sim, 'swap.webp');
		for (const binaryMode of ['default', 'filesystem'] as const) {
			sim.resetCounters();
			const { items, error } = await run(
				{ targetImageSource: 'binary', swapImageSource: 'binary' },
				{
					binaryMode,
					input: [{ binary: { data: { bytes: target, mimeType: 'image/png' }, swap: { bytes: swap, mimeType: 'image/webp' } } }],
				},
			);
			expect(error).toBeUndefined();
			const input = createdBodies(sim)[0].input as Record<string, string>;
			expect(input.target_image).toBe(target.toString('base64'));
			expect(input.swap_image).toBe(swap.toString('base64'));
			expect(items[0].binary?.data.mimeType).toBe('image/png');
		}
	});

	it('reads the binary fields the user names', async () => {
		const target = await sampleBytes(sim, 'group.jpg');
		const swap = await sampleBytes(sim, 'swap.png');
		const { error } = await run(
			{
				targetImageSource: 'binary',
				targetImageBinaryProperty: 'photo',
				swapImageSource: 'binary',
				swapImageBinaryProperty: 'face',
			},
			{ input: [{ binary: { photo: { bytes: target }, face: { bytes: swap } } }] },
		);
		expect(error).toBeUndefined();
		expect((createdBodies(sim)[0].input as Record<string, string>).target_image).toBe(target.toString('base64'));
	});

	it('sends a pasted data URI as plain base64', async () => {
		const swap = await sampleBytes(sim, 'swap.png');
		const { error } = await run({ swapImageSource: 'base64', swapImageBase64: `data:image/png;base64,${swap.toString('base64')}` });
		expect(error).toBeUndefined();
		expect((createdBodies(sim)[0].input as Record<string, string>).swap_image).toBe(swap.toString('base64'));
	});

	it('evaluates expressions per item and answers every item in order', async () => {
		const names = ['target.jpg', 'group.jpg', 'target.png'];
		const { items, error } = await run(
			{ targetImageUrl: '={{ $json.photo }}', output: 'url' },
			{ input: names.map((name) => ({ json: { photo: sim.sampleUrl(name) } })) },
		);
		expect(error).toBeUndefined();
		const tasks = newTasks();
		expect(tasks.map((task) => task.input.target_image).sort()).toEqual(names.map((name) => sim.sampleUrl(name)).sort());
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const task = tasks.find((candidate) => candidate.id === item.json.taskId);
			expect(task?.input.target_image).toBe(sim.sampleUrl(names[index]));
		});
	});
});

describe('Swap Faces with the legacy API', () => {
	it('asks for base64 when the output is binary and decodes it', async () => {
		const { items, error } = await run({ api: 'legacy' });
		expect(error).toBeUndefined();
		expect(createdBodies(sim, '/api/face_swap/v1/async')).toEqual([
			{ target_image: sim.sampleUrl('target.jpg'), swap_image: sim.sampleUrl('swap.png'), result_type: 'base64' },
		]);
		expect(items[0].json).toMatchObject({ api: 'legacy', status: 'completed', taskId: newTasks()[0].id });
		expect((await readBinary(items[0], 'data')).equals(newTasks()[0].resultBytes as Buffer)).toBe(true);
		expect(sim.counters().resultDownloads).toBe(0);
	});

	it('asks for a URL when the output is a URL', async () => {
		const { items } = await run({ api: 'legacy', output: 'url' });
		expect(createdBodies(sim, '/api/face_swap/v1/async')[0].result_type).toBe('url');
		expect(items[0].json.imageUrl).toBe(newTasks()[0].resultUrl);
	});
});

describe('Swap Faces when things go wrong', () => {
	it('fails the item with PiAPI’s own message and the task ID when the task fails', async () => {
		const { items, error } = await run({ targetImageUrl: sim.sampleUrl('noface.png') });
		expect(items).toEqual([]);
		expect(error?.message).toBe('PiAPI could not complete the face swap: invalid request, no face found in the image');
		expect(error?.description).toContain(newTasks()[0].id);
	});

	it('with Continue On Fail, turns the failure into an error item and still runs the other items', async () => {
		const urls = [sim.sampleUrl('target.jpg'), sim.sampleUrl('noface.png'), sim.sampleUrl('group.jpg')];
		const { items, error } = await run(
			{ targetImageUrl: '={{ $json.url }}', output: 'url' },
			{ continueOnFail: true, input: urls.map((url) => ({ json: { url } })) },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.status).toBe('completed');
		expect(items[1].json.error).toMatch(/no face found/);
		expect(items[1].json.taskId).toBe(newTasks().find((task) => task.status === 'failed')?.id);
		expect(items[2].json.status).toBe('completed');
	});

	it('says the API key was rejected', async () => {
		const { error } = await runNode({
			parameters: swapParameters(sim),
			credentials: credentialsFor(sim, 'not-a-valid-key'),
		});
		expect(error?.message).toBe('PiAPI rejected the API key (HTTP 401)');
		expect(sim.counters().tasksCreated).toBe(0);
	});

	it('gives up after Wait Timeout, naming the task and how to collect it later', async () => {
		sim.configure({ processingMs: 10_000 });
		const { error } = await run({ options: { waitTimeout: 1 } });
		const taskId = newTasks()[0].id;
		expect(error?.message).toMatch(new RegExp(`^Task ${taskId} did not finish within 1 s \\(last status: (pending|processing)\\)$`));
		expect(error?.description).toMatch(/Get Task/);
	});
});
