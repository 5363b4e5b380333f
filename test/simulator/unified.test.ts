// The unified task API: envelope shape, pending -> processing -> completed with its timings, output shapes, status case.
import axios from 'axios';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, expectStatusesInOrder, getUnified, MODEL, pollUnified, unifiedBody } from './client';
import { waitFor } from './helpers';

const ZERO_TIME = '0001-01-01T00:00:00Z';

describe('simulator unified API', () => {
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ pendingMs: 100, processingMs: 200 });
	});
	afterEach(() => sim.stop());

	it('answers create with the full PiAPI envelope, pending, timestamps not yet set', async () => {
		const body = unifiedBody(sim, { swap_faces_index: '0', target_faces_index: '0,1' });
		const response = await apiClient(sim).post('/api/v1/task', body);
		expect(response.status).toBe(200);
		expect(response.data).toEqual({
			code: 200,
			message: 'success',
			data: {
				task_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
				model: MODEL,
				task_type: 'multi-face-swap',
				status: 'pending',
				config: { service_mode: '', webhook_config: { endpoint: '', secret: '' } },
				input: (body as { input: unknown }).input,
				output: null,
				meta: {
					created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
					started_at: ZERO_TIME,
					ended_at: ZERO_TIME,
					usage: { type: 'point', frozen: 150000, consume: 0 },
					is_using_private_pool: false,
				},
				detail: null,
				logs: [],
				error: { code: 0, raw_message: '', message: '', detail: null },
			},
		});
	});

	it('goes pending -> processing -> completed on time and returns a downloadable image_url', async () => {
		const client = apiClient(sim);
		const created = await createUnified(client, unifiedBody(sim));
		const { data, seen } = await pollUnified(client, created.task_id, ['completed']);
		expectStatusesInOrder(seen, ['pending', 'processing', 'completed']);

		const createdAt = Date.parse(data.meta.created_at);
		const startedAt = Date.parse(data.meta.started_at);
		const endedAt = Date.parse(data.meta.ended_at);
		// Never early; a loaded machine may be late, so the upper bounds only catch a phase gone badly wrong.
		expect(startedAt - createdAt).toBeGreaterThanOrEqual(95);
		expect(startedAt - createdAt).toBeLessThan(5100);
		expect(endedAt - startedAt).toBeGreaterThanOrEqual(195);
		expect(endedAt - startedAt).toBeLessThan(5200);
		expect(data.meta.usage).toEqual({ type: 'point', frozen: 0, consume: 150000 });
		expect(data.output).toEqual({ image_url: `${sim.url}/results/${created.task_id}.png` });

		const snapshot = sim.task(created.task_id);
		expect(snapshot).toMatchObject({
			api: 'unified',
			status: 'completed',
			createdAt,
			startedAt,
			endedAt,
			plannedProcessingMs: 200,
		});
		const download = await axios.get(data.output?.image_url as string, { responseType: 'arraybuffer' });
		expect(Buffer.from(download.data).equals(snapshot?.resultBytes as Buffer)).toBe(true);
	});

	it('shows a processing task as processing: started, not ended, points frozen', async () => {
		sim.configure({ pendingMs: 0, processingMs: 60_000 }); // held processing, however slow the machine
		const client = apiClient(sim);
		const created = await createUnified(client, unifiedBody(sim));
		await waitFor(() => sim.task(created.task_id)?.status === 'processing');
		const data = await getUnified(client, created.task_id);
		expect(data.status).toBe('processing');
		expect(data.meta.started_at).not.toBe(ZERO_TIME);
		expect(data.meta.ended_at).toBe(ZERO_TIME);
		expect(data.output).toBeNull();
		expect(data.meta.usage).toEqual({ type: 'point', frozen: 150000, consume: 0 });
	});

	it('accepts the single-face task type and echoes it', async () => {
		const created = await createUnified(apiClient(sim), unifiedBody(sim, {}, { task_type: 'face-swap' }));
		expect(created.task_type).toBe('face-swap');
	});

	it('echoes webhook config and service mode', async () => {
		const config = { webhook_config: { endpoint: 'http://127.0.0.1:1/hook', secret: 's' }, service_mode: 'public' };
		const created = await createUnified(apiClient(sim), unifiedBody(sim, {}, { config }));
		expect(created.config).toEqual(config);
	});

	it('answers 404 with JSON for an unknown task id', async () => {
		const response = await apiClient(sim).get('/api/v1/task/00000000-0000-0000-0000-000000000000');
		expect(response.status).toBe(404);
		expect(response.data).toEqual({ code: 404, message: 'task not found', data: null });
	});

	it("does not show a task to another account's key", async () => {
		sim.configure({ apiKeys: ['sim-test-key', 'other-key'] });
		const created = await createUnified(apiClient(sim), unifiedBody(sim));
		expect((await apiClient(sim, 'other-key').get(`/api/v1/task/${created.task_id}`)).status).toBe(404);
		expect((await apiClient(sim).get(`/api/v1/task/${created.task_id}`)).status).toBe(200);
	});

	it.each([
		['image_urls', (id: string, url: string) => ({ image_urls: [`${url}/results/${id}.png`] })],
		['image_base64', undefined],
	] as const)('puts the result in output.%s when configured', async (shape, expected) => {
		sim.configure({ outputShape: shape, processingMs: 50, pendingMs: 10 });
		const client = apiClient(sim);
		const created = await createUnified(client, unifiedBody(sim));
		const { data } = await pollUnified(client, created.task_id, ['completed']);
		const bytes = sim.task(created.task_id)?.resultBytes as Buffer;
		if (expected) expect(data.output).toEqual(expected(created.task_id, sim.url));
		else expect(data.output).toEqual({ image_base64: bytes.toString('base64') });
	});

	it('lets the plan hook choose the output shape per task', async () => {
		sim.configure({ pendingMs: 10, processingMs: 50, plan: () => ({ outputShape: 'image_urls' }) });
		const client = apiClient(sim);
		const created = await createUnified(client, unifiedBody(sim));
		const { data } = await pollUnified(client, created.task_id, ['completed']);
		expect(Object.keys(data.output ?? {})).toEqual(['image_urls']);
	});

	it('capitalises statuses when statusCase is "capitalized"', async () => {
		sim.configure({ statusCase: 'capitalized', pendingMs: 10, processingMs: 50 });
		const client = apiClient(sim);
		const created = await createUnified(client, unifiedBody(sim));
		expect(created.status).toBe('Pending');
		await pollUnified(client, created.task_id, ['completed']);
		expect((await getUnified(client, created.task_id)).status).toBe('Completed');
	});

	it('jitters processing times reproducibly from the seed', async () => {
		const plannedTimes = async (seed: number) => {
			const other = await startSimulator({ processingMs: 1000, jitter: 0.2, seed, pendingMs: 5000 });
			try {
				const client = apiClient(other);
				const ids: string[] = [];
				for (let i = 0; i < 5; i++) ids.push((await createUnified(client, unifiedBody(other))).task_id);
				return ids.map((id) => other.task(id)?.plannedProcessingMs as number);
			} finally {
				await other.stop();
			}
		};
		const first = await plannedTimes(7);
		expect(await plannedTimes(7)).toEqual(first);
		expect(await plannedTimes(8)).not.toEqual(first);
		expect(new Set(first).size).toBeGreaterThan(1);
		for (const ms of first) {
			expect(ms).toBeGreaterThanOrEqual(800);
			expect(ms).toBeLessThanOrEqual(1200);
		}
	});
});
