// The harness's runNode with the real node against the simulator: what the harness itself promises (per-item
// expression evaluation by the engine, the credential's header on every request, binaries on disk in filesystem
// mode, cancellation through the signal). The node's own behaviour is tested under test/nodes.
import { startSimulator } from '../../simulator';
import { N8N_MAJOR, readBinary, runNode, waitUntil } from './index';

const KEY = 'harness-key';

describe('runNode', () => {
	let sim: Awaited<ReturnType<typeof startSimulator>>;
	beforeAll(async () => {
		sim = await startSimulator({ port: 0, apiKeys: [KEY], pendingMs: 20, processingMs: 50 });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.resetCounters());

	const swap = (target: string) => ({
		operation: 'swapFaces',
		targetImageUrl: target,
		swapImageUrl: sim.sampleUrl('swap.png'),
	});

	it('evaluates expressions per item and authenticates every request', async () => {
		const targets = [sim.sampleUrl('target.png'), sim.sampleUrl('target.jpg')];
		const { status, items, requests } = await runNode({
			parameters: { ...swap('={{ $json.target }}'), output: 'url' },
			input: targets.map((target) => ({ json: { target } })),
			credentials: { apiKey: KEY, baseUrl: sim.url },
		});
		expect(status).toBe('success');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sim.tasks().map((task) => task.input)).toEqual(
			targets.map((target) => expect.objectContaining({ target_image: target })),
		);
		expect(requests.length).toBeGreaterThanOrEqual(2);
		for (const request of requests) expect(request.headers['X-API-Key']).toBe(KEY);
	});

	it('keeps result binaries on disk in filesystem mode', async () => {
		const { items } = await runNode({
			parameters: swap(sim.sampleUrl('target.png')),
			credentials: { apiKey: KEY, baseUrl: sim.url },
			binaryMode: 'filesystem',
		});
		const result = items[0].binary?.data;
		expect(result?.id).toMatch(/^filesystem-v2:/);
		expect(result?.data).toBe('filesystem-v2');
		const bytes = await readBinary(items[0]);
		expect(bytes.length).toBeGreaterThan(0);
		// n8n 2.x records the exact size on the item; 1.x only the rounded text in fileSize
		if (N8N_MAJOR >= 2) expect(result?.bytes).toBe(bytes.length);
	});

	it('fails like n8n when the node has no credential', async () => {
		const { status, error, items } = await runNode({ parameters: swap(sim.sampleUrl('target.png')) });
		expect(status).toBe('error');
		expect(error?.message).toBe('Node does not have any credentials set');
		expect(items).toEqual([]);
	});

	it('cancels a running execution through the AbortSignal', async () => {
		sim.configure({ pendingMs: 60_000 });
		try {
			const controller = new AbortController();
			const running = runNode({
				parameters: swap(sim.sampleUrl('target.png')),
				credentials: { apiKey: KEY, baseUrl: sim.url },
				signal: controller.signal,
			});
			await waitUntil(() => sim.counters().tasksCreated === 1, { what: 'the task' });
			const abortedAt = Date.now();
			controller.abort();
			const { status, items } = await running;
			expect(Date.now() - abortedAt).toBeLessThan(5000); // the node stopped waiting, not the 60 s task
			expect(status).toBe('canceled');
			expect(items).toEqual([]);
		} finally {
			sim.configure({ pendingMs: 20 });
		}
	});
});
