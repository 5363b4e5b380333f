// Injected faults: each kind's answer, per-route targeting, times, and that a faulted create creates no task (unless
// the fault loses the answer after the task exists).
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, pollUnified, unifiedBody } from './client';

type Route = 'create' | 'get' | 'cancel' | 'legacyCreate' | 'legacyFetch' | 'result' | 'account' | 'upload';

describe('simulator fault injection', () => {
	let sim: Simulator;
	let client: AxiosInstance;
	let doneTaskId: string;
	let legacyTaskId: string;
	let resultUrl: string;

	beforeAll(async () => {
		sim = await startSimulator({ pendingMs: 5, processingMs: 30 });
		client = apiClient(sim);
		doneTaskId = (await createUnified(client, unifiedBody(sim))).task_id;
		resultUrl = (await pollUnified(client, doneTaskId, ['completed'])).data.output?.image_url as string;
		const legacy = await client.post('/api/face_swap/v1/async', {
			target_image: sim.sampleUrl('target.png'),
			swap_image: sim.sampleUrl('swap.png'),
		});
		legacyTaskId = legacy.data.data.task_id;
	});
	afterAll(() => sim.stop());
	afterEach(() => sim.clearFaults());

	const requests: Record<Route, () => Promise<AxiosResponse>> = {
		create: () => client.post('/api/v1/task', unifiedBody(sim)),
		get: () => client.get(`/api/v1/task/${doneTaskId}`),
		// A completed task: the endpoint answers 400 "not pending", a fault answers otherwise.
		cancel: () => client.delete(`/api/v1/task/${doneTaskId}`),
		legacyCreate: () =>
			client.post('/api/face_swap/v1/async', {
				target_image: sim.sampleUrl('target.png'),
				swap_image: sim.sampleUrl('swap.png'),
			}),
		legacyFetch: () => client.post('/api/face_swap/v1/fetch', { task_id: legacyTaskId }),
		result: () => axios.get(resultUrl, { responseType: 'arraybuffer', validateStatus: () => true }),
		account: () => client.get('/account/info'),
		upload: () => client.post('/api/ephemeral_resource', { file_name: 'a.png', file_data: 'iVBORw0KGgo=' }),
	};
	const routes = Object.keys(requests) as Route[];

	describe('answers of each kind on create, which creates no task', () => {
		it.each([
			['401', 401, { code: 401, message: 'Unauthorized: invalid API key', data: null }],
			['429', 429, { code: 429, message: 'too many requests' }],
		] as const)('%s', async (kind, status, body) => {
			const tasksBefore = sim.tasks().length;
			sim.injectFault({ route: 'create', kind });
			const response = await requests.create();
			expect(response.status).toBe(status);
			expect(response.data).toEqual(body);
			expect(response.headers['retry-after']).toBeUndefined();
			expect(sim.tasks()).toHaveLength(tasksBefore);
			expect((await requests.create()).status).toBe(200); // times defaults to 1
		});

		it('429-retry-after sends Retry-After (default 1 s, or retryAfterSeconds)', async () => {
			sim.injectFault({ route: 'create', kind: '429-retry-after' });
			sim.injectFault({ route: 'create', kind: '429-retry-after', retryAfterSeconds: 7 });
			const tasksBefore = sim.tasks().length;
			const first = await requests.create();
			const second = await requests.create();
			expect([first.status, second.status]).toEqual([429, 429]);
			expect([first.headers['retry-after'], second.headers['retry-after']]).toEqual(['1', '7']);
			expect(first.data).toEqual({ code: 429, message: 'too many requests' });
			expect(sim.tasks()).toHaveLength(tasksBefore);
		});

		it.each([
			['403-html', 403, '403 Forbidden'],
			['404-html', 404, '404 Not Found'],
			['500-html', 500, '500 Internal Server Error'],
			['502-html', 502, '502 Bad Gateway'],
		] as const)('%s answers an nginx HTML page', async (kind, status, title) => {
			const tasksBefore = sim.tasks().length;
			sim.injectFault({ route: 'create', kind });
			const response = await requests.create();
			expect(response.status).toBe(status);
			expect(response.headers['content-type']).toMatch(/^text\/html/);
			expect(response.data).toContain(`<title>${title}</title>`);
			expect(response.data).toContain('nginx');
			expect(sim.tasks()).toHaveLength(tasksBefore);
		});

		it('malformed-json answers 200 application/json with a truncated body', async () => {
			const tasksBefore = sim.tasks().length;
			sim.injectFault({ route: 'create', kind: 'malformed-json' });
			const response = await client.post('/api/v1/task', unifiedBody(sim), { responseType: 'text' });
			expect(response.status).toBe(200);
			expect(response.headers['content-type']).toMatch(/^application\/json/);
			expect(() => JSON.parse(response.data)).toThrow();
			expect(sim.tasks()).toHaveLength(tasksBefore);
		});

		it.each([
			['empty-data', {}],
			['null-data', null],
		] as const)('%s answers 200 success without a task in it', async (kind, data) => {
			const tasksBefore = sim.tasks().length;
			sim.injectFault({ route: 'create', kind });
			const response = await requests.create();
			expect(response.status).toBe(200);
			expect(response.data).toEqual({ code: 200, message: 'success', data });
			expect(sim.tasks()).toHaveLength(tasksBefore);
		});

		it('reset destroys the connection without an answer', async () => {
			const tasksBefore = sim.tasks().length;
			sim.injectFault({ route: 'create', kind: 'reset' });
			await expect(requests.create()).rejects.toMatchObject({ code: 'ECONNRESET' });
			expect(sim.tasks()).toHaveLength(tasksBefore);
		});

		it('slow answers normally after delayMs, and does create the task', async () => {
			const tasksBefore = sim.tasks().length;
			sim.injectFault({ route: 'create', kind: 'slow', delayMs: 250 });
			const started = Date.now();
			const response = await requests.create();
			expect(Date.now() - started).toBeGreaterThanOrEqual(240);
			expect(response.status).toBe(200);
			expect(sim.tasks()).toHaveLength(tasksBefore + 1);
		});
	});

	describe('answers lost after the task exists (create routes only)', () => {
		// timeoutMs: short only where the client is meant to give up; else generous, for a slow machine.
		const createsOneTask = async (
			kind: Parameters<Simulator['injectFault']>[0]['kind'],
			delayMs?: number,
			timeoutMs = 15_000,
		) => {
			const tasksBefore = sim.tasks().length;
			sim.injectFault({ route: 'create', kind, delayMs });
			const response = await client
				.post('/api/v1/task', unifiedBody(sim), { responseType: 'text', timeout: timeoutMs })
				.catch((error: { code?: string }) => ({ status: error.code, data: '' }));
			expect(sim.tasks()).toHaveLength(tasksBefore + 1);
			return response;
		};

		it('reset-after-create drops the connection once the task is made', async () => {
			expect((await createsOneTask('reset-after-create')).status).toBe('ECONNRESET');
		});

		it("500-after-create answers PiAPI's JSON 500 once the task is made", async () => {
			const response = await createsOneTask('500-after-create');
			expect(response.status).toBe(500);
			expect(JSON.parse(response.data)).toEqual({ code: 500, message: 'internal error', data: null });
		});

		it('malformed-json-after-create sends the first half of the real answer', async () => {
			const response = await createsOneTask('malformed-json-after-create');
			expect(response.status).toBe(200);
			expect(() => JSON.parse(response.data)).toThrow();
			expect(response.data).toMatch(/^\{"code":200,"message":"success","data":\{"task_id":"/);
		});

		it('slow-after-create answers after delayMs, or never if the client stopped waiting first', async () => {
			expect((await createsOneTask('slow-after-create', 60_000, 3000)).status).toBe('ECONNABORTED');
			const late = await createsOneTask('slow-after-create', 300);
			expect(late.status).toBe(200);
			expect(JSON.parse(late.data).data.task_id).toBe(sim.tasks().at(-1)?.id);
		});

		it('default delay of slow-after-create is past the node\'s 60 s creation timeout', () => {
			sim.injectFault({ route: 'legacyCreate', kind: 'slow-after-create' });
			expect(sim.faults()[0].delayMs).toBeGreaterThan(60_000);
		});

		it('refuses them on routes that create nothing', () => {
			expect(() => sim.injectFault({ route: 'get', kind: 'reset-after-create' })).toThrow(/needs route "create"/);
			expect(() => sim.injectFault({ route: '*', kind: '500-after-create' })).toThrow(/needs route "create"/);
		});
	});

	it.each(routes)('a fault on route "%s" hits that route only', async (route) => {
		sim.injectFault({ route, kind: '502-html' });
		const other = routes.find((candidate) => candidate !== route) as Route;
		expect((await requests[other]()).status).not.toBe(502);
		expect((await requests[route]()).status).toBe(502);
		expect((await requests[route]()).status).not.toBe(502);
	});

	it('repeats a fault `times` times, then answers normally', async () => {
		sim.injectFault({ route: 'get', kind: '429', times: 3 });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await requests.get()).status);
		expect(statuses).toEqual([429, 429, 429, 200]);
	});

	it('route "*" hits whichever PiAPI route comes next', async () => {
		sim.injectFault({ route: '*', kind: '500-html', times: 2 });
		expect((await requests.account()).status).toBe(500);
		expect((await requests.legacyFetch()).status).toBe(500);
		expect((await requests.account()).status).toBe(200);
	});

	it('delays any fault kind by delayMs', async () => {
		sim.injectFault({ route: 'account', kind: '502-html', delayMs: 200 });
		const started = Date.now();
		expect((await requests.account()).status).toBe(502);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
	});

	it('counts injected faults by kind, and not as endpoint hits', async () => {
		sim.resetCounters();
		sim.injectFault({ route: 'get', kind: '429', times: 2 });
		sim.injectFault({ route: 'get', kind: 'malformed-json' });
		for (let i = 0; i < 4; i++) await requests.get();
		const counters = sim.counters();
		expect(counters.faultsInjected).toEqual({ '429': 2, 'malformed-json': 1 });
		expect(counters.requests).toBe(4);
		expect(counters.polls).toBe(1);
	});

	it('rejects unknown fault kinds and routes', () => {
		expect(() => sim.injectFault({ route: 'create', kind: 'teapot' as never })).toThrow(/unknown fault kind/);
		expect(() => sim.injectFault({ route: 'nowhere' as never, kind: '429' })).toThrow(/unknown fault route/);
		expect(() => sim.injectFault({ route: 'create', kind: '429', times: 0 })).toThrow(/times/);
	});
});
