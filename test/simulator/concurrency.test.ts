// The concurrency limit: tasks over it are "staged" (not started) until a slot frees, first come first served, and
// then pay the pending time like any other task; stagingLimit refuses creations beyond so many staged tasks.
import { startSimulator, type Simulator } from '../../simulator';
import axios from 'axios';
import { apiClient, createUnified, getUnified, pollUnified, unifiedBody } from './client';

describe('simulator concurrency limit', () => {
	let sim: Simulator;
	beforeEach(async () => {
		// A task holds its slot while pending: 10 s, so that a slot frees only when a test frees it (a cancel, or a
		// shorter pendingMs for the tasks that start after it), however slow the machine.
		sim = await startSimulator({ concurrency: 1, pendingMs: 10_000, processingMs: 150 });
	});
	afterEach(() => sim.stop());

	it('stages tasks above the limit and starts each, first come first served, only after a slot frees', async () => {
		const client = apiClient(sim);
		const first = await createUnified(client, unifiedBody(sim));
		const second = await createUnified(client, unifiedBody(sim));
		const third = await createUnified(client, unifiedBody(sim));
		expect([first.status, second.status, third.status]).toEqual(['pending', 'staged', 'staged']);
		expect(second.meta.started_at).toBe('0001-01-01T00:00:00Z');

		sim.configure({ pendingMs: 20 });
		expect((await client.delete(`/api/v1/task/${first.task_id}`)).status).toBe(200); // frees the slot
		await pollUnified(client, third.task_id, ['completed']); // the second frees it again by completing
		const [a, b, c] = [first, second, third].map((task) => sim.task(task.task_id)!);
		expect(b.startedAt).toBeGreaterThanOrEqual(a.endedAt!);
		expect(c.startedAt).toBeGreaterThanOrEqual(b.endedAt!);
		// A staged task pays the pending time once its slot frees, as a task created into a free slot does.
		expect(b.startedAt! - a.endedAt!).toBeGreaterThanOrEqual(20 - 1);
		expect(c.startedAt! - b.endedAt!).toBeGreaterThanOrEqual(20 - 1);
	});

	it('keeps a task staged while the slot is held, and starts it when the limit is raised', async () => {
		const client = apiClient(sim);
		await createUnified(client, unifiedBody(sim));
		const staged = await createUnified(client, unifiedBody(sim));
		expect(staged.status).toBe('staged');
		const waiting = await getUnified(client, staged.task_id);
		expect(waiting.status).toBe('staged');
		expect(waiting.meta.started_at).toBe('0001-01-01T00:00:00Z');
		sim.configure({ concurrency: 2 });
		expect((await getUnified(client, staged.task_id)).status).toBe('pending'); // holds the new slot
	});

	it('frees the slot of a cancelled pending task for the next staged one', async () => {
		const client = apiClient(sim);
		const first = await createUnified(client, unifiedBody(sim));
		const second = await createUnified(client, unifiedBody(sim));
		expect((await client.delete(`/api/v1/task/${first.task_id}`)).status).toBe(200);
		expect((await getUnified(client, second.task_id)).status).toBe('pending');
		expect(sim.task(first.task_id)?.startedAt).toBeNull();
	});

	it('shares the limit between the unified and the legacy API', async () => {
		const client = apiClient(sim);
		await createUnified(client, unifiedBody(sim));
		const legacy = await client.post('/api/face_swap/v1/async', {
			target_image: sim.sampleUrl('target.png'),
			swap_image: sim.sampleUrl('swap.png'),
		});
		expect(sim.task(legacy.data.data.task_id)?.status).toBe('staged');
		// Legacy has no "staged": it reports pending.
		const fetched = await client.post('/api/face_swap/v1/fetch', { task_id: legacy.data.data.task_id });
		expect(fetched.data.data.status).toBe('pending');
	});

	it('stagingLimit: a creation beyond that many staged tasks gets 429 and creates nothing (both APIs)', async () => {
		sim.configure({ stagingLimit: 1 });
		const client = apiClient(sim);
		const first = await createUnified(client, unifiedBody(sim));
		const staged = await createUnified(client, unifiedBody(sim));
		expect(staged.status).toBe('staged');
		const refused = await client.post('/api/v1/task', unifiedBody(sim));
		expect(refused.status).toBe(429);
		const legacy = await client.post('/api/face_swap/v1/async', {
			target_image: sim.sampleUrl('target.png'),
			swap_image: sim.sampleUrl('swap.png'),
		});
		expect(legacy.status).toBe(429);
		expect(sim.tasks()).toHaveLength(2);
		expect(sim.counters()).toMatchObject({ tasksCreated: 2, creationsRefused: 2 });
		// Once the staged task has a slot, there is room to stage again.
		expect((await client.delete(`/api/v1/task/${first.task_id}`)).status).toBe(200);
		expect((await getUnified(client, staged.task_id)).status).toBe('pending');
		expect((await createUnified(client, unifiedBody(sim))).status).toBe('staged');
	});

	it('stagingLimit 0 stages nothing; null (JSON) means unlimited, the default', async () => {
		const control = axios.create({ baseURL: `${sim.url}/__simulator` });
		expect((await control.get('/state')).data.config.stagingLimit).toBeNull();
		await control.post('/config', { stagingLimit: 0 });
		const client = apiClient(sim);
		await createUnified(client, unifiedBody(sim));
		expect((await client.post('/api/v1/task', unifiedBody(sim))).status).toBe(429);
		await control.post('/config', { stagingLimit: null });
		expect((await createUnified(client, unifiedBody(sim))).status).toBe('staged');
		expect((await createUnified(client, unifiedBody(sim))).status).toBe('staged');
	});
});
