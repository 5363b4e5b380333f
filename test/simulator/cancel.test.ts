// Cancelling: DELETE /api/v1/task/{id} (documented) or POST /api/v1/task/{id}/cancel (PiAPI's CLI), only before start.
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, getUnified, pollUnified, unifiedBody } from './client';
import { sleep, waitFor } from './helpers';

const NOT_CANCELLABLE = { code: 400, message: 'task is not pending, cannot be cancelled', data: null };

describe('simulator task cancellation', () => {
	let sim: Simulator;
	beforeEach(async () => {
		// Tasks stay pending (or staged behind one) until cancelled, however slow the machine; tests that need a task
		// to start set a short pendingMs first.
		sim = await startSimulator({ pendingMs: 60_000, processingMs: 100, concurrency: 1 });
	});
	afterEach(() => sim.stop());

	const cancelRequests = [
		['DELETE /api/v1/task/{id}', 'delete', (id: string) => `/api/v1/task/${id}`],
		['POST /api/v1/task/{id}/cancel', 'post', (id: string) => `/api/v1/task/${id}/cancel`],
	] as const;

	describe.each(cancelRequests)('%s', (_name, method, path) => {
		it('cancels a pending task, which then never starts', async () => {
			const client = apiClient(sim);
			const created = await createUnified(client, unifiedBody(sim));
			const response = await client.request({ method, url: path(created.task_id) });
			expect(response.status).toBe(200);
			expect(response.data).toMatchObject({
				code: 200,
				message: 'success',
				data: { task_id: created.task_id, status: 'cancelled' },
			});
			expect(response.data.data.meta.ended_at).not.toBe('0001-01-01T00:00:00Z');
			await sleep(300);
			const later = await getUnified(client, created.task_id);
			expect(later.status).toBe('cancelled');
			expect(later.meta.started_at).toBe('0001-01-01T00:00:00Z');
			expect(later.meta.usage.consume).toBe(0);
			// it gave its slot up (concurrency 1): the next task is not staged behind it
			const next = await createUnified(client, unifiedBody(sim));
			expect(sim.task(next.task_id)?.status).toBe('pending');
		});

		it('cancels a staged task', async () => {
			const client = apiClient(sim);
			await createUnified(client, unifiedBody(sim));
			const staged = await createUnified(client, unifiedBody(sim));
			expect((await client.request({ method, url: path(staged.task_id) })).status).toBe(200);
			expect(sim.task(staged.task_id)?.status).toBe('cancelled');
		});

		it('refuses a processing task', async () => {
			// held processing (the plan's processingMs is fixed at creation), so the refusal is seen in that status
			sim.configure({ pendingMs: 0, processingMs: 60_000 });
			const client = apiClient(sim);
			const created = await createUnified(client, unifiedBody(sim));
			await waitFor(() => sim.task(created.task_id)?.status === 'processing');
			const response = await client.request({ method, url: path(created.task_id) });
			expect(response.status).toBe(400);
			expect(response.data).toEqual(NOT_CANCELLABLE);
			expect(sim.task(created.task_id)).toMatchObject({ status: 'processing', endedAt: null });
		});

		it('refuses a completed task', async () => {
			sim.configure({ pendingMs: 10 });
			const client = apiClient(sim);
			const created = await createUnified(client, unifiedBody(sim));
			await pollUnified(client, created.task_id, ['completed']);
			const response = await client.request({ method, url: path(created.task_id) });
			expect(response.status).toBe(400);
			expect(response.data).toEqual(NOT_CANCELLABLE);
		});

		it('answers 404 for an unknown task', async () => {
			const response = await apiClient(sim).request({ method, url: path('nope') });
			expect(response.status).toBe(404);
			expect(response.data).toEqual({ code: 404, message: 'task not found', data: null });
		});
	});

	it('counts cancel requests, accepted or not', async () => {
		const client = apiClient(sim);
		const created = await createUnified(client, unifiedBody(sim));
		await client.delete(`/api/v1/task/${created.task_id}`);
		await client.delete(`/api/v1/task/${created.task_id}`);
		expect(sim.counters().cancels).toBe(2);
	});
});
