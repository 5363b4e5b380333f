// The /__simulator control endpoints: the in-process API over HTTP, for CLI users.
import axios from 'axios';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, pollUnified, unifiedBody } from './client';

describe('simulator control endpoints', () => {
	let sim: Simulator;
	const control = () => axios.create({ baseURL: `${sim.url}/__simulator`, validateStatus: () => true });
	beforeEach(async () => {
		sim = await startSimulator({ pendingMs: 5, processingMs: 30 });
	});
	afterEach(() => sim.stop());

	it('GET state returns url, config, counters, faults and tasks (without image bytes)', async () => {
		const client = apiClient(sim);
		const created = await createUnified(client, unifiedBody(sim));
		await pollUnified(client, created.task_id, ['completed']);
		const response = await control().get('/state');
		expect(response.status).toBe(200);
		expect(response.data).toMatchObject({
			url: sim.url,
			config: { processingMs: 30, concurrency: null, apiKeys: ['sim-test-key'], plan: null },
			counters: { tasksCreated: 1 },
			faults: [],
		});
		const [task] = response.data.tasks;
		expect(task).toMatchObject({ id: created.task_id, status: 'completed', resultMimeType: 'image/png' });
		expect(task.resultSize).toBe(sim.task(created.task_id)?.resultBytes?.length);
		expect(task.resultBytes).toBeUndefined();
	});

	it('POST config changes options (null concurrency = no limit) and rejects bad ones with 400', async () => {
		const ok = await control().post('/config', { statusCase: 'capitalized', concurrency: 2, apiKeys: ['k1'] });
		expect(ok.status).toBe(200);
		expect(ok.data.config).toMatchObject({ statusCase: 'capitalized', concurrency: 2, apiKeys: ['k1'] });
		expect((await apiClient(sim, 'k1').get('/account/info')).status).toBe(200);
		expect((await control().post('/config', { concurrency: null })).data.config.concurrency).toBeNull();
		for (const bad of [{ statusCase: 'UPPER' }, { nonsense: 1 }, { processingMs: -1 }, { port: 1234 }]) {
			const response = await control().post('/config', bad);
			expect(response.status).toBe(400);
			expect(typeof response.data.error).toBe('string');
		}
		expect((await control().post('/config', [1])).status).toBe(400);
	});

	it('POST/GET/DELETE faults injects, lists and clears faults', async () => {
		const added = await control().post('/faults', { route: 'account', kind: '429', times: 2 });
		expect(added.status).toBe(200);
		expect(added.data.faults).toEqual([expect.objectContaining({ route: 'account', kind: '429', remaining: 2 })]);
		expect((await apiClient(sim).get('/account/info')).status).toBe(429);
		expect((await control().get('/faults')).data.faults[0].remaining).toBe(1);
		expect((await control().delete('/faults')).data.faults).toEqual([]);
		expect((await apiClient(sim).get('/account/info')).status).toBe(200);
		expect((await control().post('/faults', { route: 'account', kind: 'boom' })).status).toBe(400);
	});

	it('GET requests returns the request log; POST reset-counters clears it; control calls are not logged', async () => {
		await apiClient(sim).get('/account/info');
		const log = await control().get('/requests');
		expect(log.data.requests).toEqual([expect.objectContaining({ method: 'GET', path: '/account/info' })]);
		expect(sim.counters().requests).toBe(1);
		const reset = await control().post('/reset-counters');
		expect(reset.data.counters).toMatchObject({ requests: 0 });
		expect((await control().get('/requests')).data.requests).toEqual([]);
	});

	it('GET tasks lists task summaries', async () => {
		const created = await createUnified(apiClient(sim), unifiedBody(sim));
		const response = await control().get('/tasks');
		expect(response.data.tasks.map((task: { id: string }) => task.id)).toEqual([created.task_id]);
	});

	it('answers unknown paths with a JSON 404', async () => {
		const response = await axios.get(`${sim.url}/nowhere`, { validateStatus: () => true });
		expect(response.status).toBe(404);
		expect(response.data).toEqual({ code: 404, message: 'not found', data: null });
	});
});
