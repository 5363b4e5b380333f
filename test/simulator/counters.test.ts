// Counters (total and per API key), the request log, and per-task poll accounting used by benchmarks.
import axios from 'axios';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, getUnified, pollUnified, unifiedBody } from './client';

describe('simulator counters and logs', () => {
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ apiKeys: ['alpha', 'beta'], pendingMs: 5, processingMs: 40 });
	});
	afterEach(() => sim.stop());

	it('counts each kind of request in total and per key', async () => {
		const alpha = apiClient(sim, 'alpha');
		const beta = apiClient(sim, 'beta');
		const first = await createUnified(alpha, unifiedBody(sim));
		const second = await createUnified(alpha, unifiedBody(sim));
		const { data } = await pollUnified(alpha, first.task_id, ['completed']);
		await alpha.delete(`/api/v1/task/${second.task_id}`);
		const legacy = await beta.post('/api/face_swap/v1/async', {
			target_image: sim.sampleUrl('target.png'),
			swap_image: sim.sampleUrl('swap.png'),
		});
		await beta.post('/api/face_swap/v1/fetch', { task_id: legacy.data.data.task_id });
		await beta.get('/account/info');
		await beta.post('/api/ephemeral_resource', { file_name: 'x.png', file_data: 'iVBORw0KGgo=' });
		await axios.get(data.output?.image_url as string);
		await axios.get(sim.sampleUrl('target.png'));

		const counters = sim.counters();
		const alphaPolls = sim.task(first.task_id)?.polls as number;
		expect(alphaPolls).toBeGreaterThan(0);
		expect(counters).toMatchObject({
			tasksCreated: 3,
			polls: alphaPolls + 1,
			cancels: 1,
			accountInfo: 1,
			uploads: 1,
			resultDownloads: 1,
			requests: 2 + alphaPolls + 1 + 2 + 1 + 1 + 2,
			unauthorized: 0,
			faultsInjected: {},
		});
		expect(counters.byKey.alpha).toEqual({
			requests: 2 + alphaPolls + 1,
			tasksCreated: 2,
			videoTasksCreated: 0,
			polls: alphaPolls,
			cancels: 1,
			resultDownloads: 0,
			accountInfo: 0,
			uploads: 0,
		});
		expect(counters.byKey.beta).toEqual({
			requests: 4,
			tasksCreated: 1,
			videoTasksCreated: 0,
			polls: 1,
			cancels: 0,
			resultDownloads: 0,
			accountInfo: 1,
			uploads: 1,
		});
	});

	it('resets counters and the request log', async () => {
		await apiClient(sim, 'alpha').get('/account/info');
		sim.resetCounters();
		expect(sim.counters()).toMatchObject({ requests: 0, accountInfo: 0, byKey: {} });
		expect(sim.requestLog()).toEqual([]);
	});

	it('logs method, path, headers, parsed body and time of each request', async () => {
		const before = Date.now();
		const body = unifiedBody(sim);
		const created = await createUnified(apiClient(sim, 'alpha'), body);
		await apiClient(sim, 'beta').get(`/api/v1/task/${created.task_id}?verbose=1`);
		const log = sim.requestLog();
		expect(log).toHaveLength(2);
		expect(log[0]).toMatchObject({ method: 'POST', path: '/api/v1/task', body });
		expect(log[0].headers['x-api-key']).toBe('alpha');
		expect(log[0].at).toBeGreaterThanOrEqual(before);
		expect(log[1]).toMatchObject({ method: 'GET', path: `/api/v1/task/${created.task_id}?verbose=1`, body: undefined });
	});

	it('keeps only the newest requestLogLimit entries', async () => {
		sim.configure({ requestLogLimit: 3 });
		const client = apiClient(sim, 'alpha');
		for (let i = 0; i < 5; i++) await client.get(`/account/info?n=${i}`);
		expect(sim.requestLog().map((entry) => entry.path)).toEqual([
			'/account/info?n=2',
			'/account/info?n=3',
			'/account/info?n=4',
		]);
	});

	it('counts polls per task and polls answered after the task was final', async () => {
		const client = apiClient(sim, 'alpha');
		const created = await createUnified(client, unifiedBody(sim));
		await pollUnified(client, created.task_id, ['completed']);
		const atFinal = sim.task(created.task_id)!;
		expect(atFinal.pollsAfterFinal).toBe(1);
		expect(atFinal.firstFinalPollAt).toBeGreaterThanOrEqual(atFinal.endedAt as number);
		await getUnified(client, created.task_id);
		await getUnified(client, created.task_id);
		const later = sim.task(created.task_id)!;
		expect(later.polls).toBe(atFinal.polls + 2);
		expect(later.pollsAfterFinal).toBe(3);
		expect(later.firstFinalPollAt).toBe(atFinal.firstFinalPollAt);
	});

	it('describes tasks with tasks()', async () => {
		sim.configure({ pendingMs: 60_000 }); // held pending, however slow the machine
		const created = await createUnified(apiClient(sim, 'beta'), unifiedBody(sim));
		const [task] = sim.tasks();
		expect(task).toMatchObject({
			id: created.task_id,
			api: 'unified',
			status: 'pending',
			taskType: 'multi-face-swap',
			apiKey: 'beta',
			startedAt: null,
			endedAt: null,
			polls: 0,
			resultBytes: null,
			resultMimeType: null,
			resultUrl: null,
		});
	});
});
