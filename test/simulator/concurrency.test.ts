// The concurrency limit: tasks over it are "staged" (not started) until a slot frees, first come first served.
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, getUnified, pollUnified, unifiedBody } from './client';
import { sleep } from './helpers';

describe('simulator concurrency limit', () => {
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ concurrency: 1, pendingMs: 20, processingMs: 150 });
	});
	afterEach(() => sim.stop());

	it('stages tasks above the limit and starts each only after a slot frees', async () => {
		const client = apiClient(sim);
		const first = await createUnified(client, unifiedBody(sim));
		const second = await createUnified(client, unifiedBody(sim));
		const third = await createUnified(client, unifiedBody(sim));
		expect([first.status, second.status, third.status]).toEqual(['pending', 'staged', 'staged']);

		await sleep(80);
		expect((await getUnified(client, first.task_id)).status).toBe('processing');
		const waiting = await getUnified(client, second.task_id);
		expect(waiting.status).toBe('staged');
		expect(waiting.meta.started_at).toBe('0001-01-01T00:00:00Z');

		await pollUnified(client, third.task_id, ['completed']);
		const [a, b, c] = [first, second, third].map((task) => sim.task(task.task_id)!);
		expect(b.startedAt).toBeGreaterThanOrEqual(a.endedAt!);
		expect(c.startedAt).toBeGreaterThanOrEqual(b.endedAt!);
		// A staged task starts processing at once when its slot frees (it already waited).
		expect(b.startedAt! - a.endedAt!).toBeLessThan(30);
	});

	it('starts staged tasks when the limit is raised', async () => {
		const client = apiClient(sim);
		await createUnified(client, unifiedBody(sim));
		const staged = await createUnified(client, unifiedBody(sim));
		expect(staged.status).toBe('staged');
		sim.configure({ concurrency: 2 });
		expect((await getUnified(client, staged.task_id)).status).toBe('processing');
	});

	it('frees the slot of a cancelled pending task for the next staged one', async () => {
		const client = apiClient(sim);
		const first = await createUnified(client, unifiedBody(sim));
		const second = await createUnified(client, unifiedBody(sim));
		expect((await client.delete(`/api/v1/task/${first.task_id}`)).status).toBe(200);
		expect((await getUnified(client, second.task_id)).status).toBe('processing');
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
});
