// API-key checks: every PiAPI route needs a valid X-API-Key (any header spelling); result files do not.
import axios from 'axios';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, pollUnified, unifiedBody } from './client';

const UNAUTHORIZED = { code: 401, message: 'Unauthorized: invalid API key', data: null };

describe('simulator authentication', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ apiKeys: ['key-one', 'key-two'], pendingMs: 10, processingMs: 50 });
	});
	afterAll(() => sim.stop());

	const protectedRequests: Array<[string, string, unknown]> = [
		['post', '/api/v1/task', {}],
		['get', '/api/v1/task/abc', undefined],
		['delete', '/api/v1/task/abc', undefined],
		['post', '/api/v1/task/abc/cancel', undefined],
		['post', '/api/face_swap/v1/async', {}],
		['post', '/api/face_swap/v1/fetch', { task_id: 'abc' }],
		['get', '/account/info', undefined],
		['post', '/api/ephemeral_resource', {}],
	];

	it.each(protectedRequests)('%s %s without a key answers 401', async (method, path, data) => {
		const response = await apiClient(sim, null).request({ method, url: path, data });
		expect(response.status).toBe(401);
		expect(response.data).toEqual(UNAUTHORIZED);
	});

	it.each(protectedRequests)('%s %s with an unknown key answers 401', async (method, path, data) => {
		const response = await apiClient(sim, 'sim-test-key').request({ method, url: path, data });
		expect(response.status).toBe(401);
	});

	it('accepts every configured key, whatever the header spelling', async () => {
		for (const header of ['X-API-Key', 'x-api-key', 'X-API-KEY']) {
			const response = await axios.get(`${sim.url}/account/info`, { headers: { [header]: 'key-two' } });
			expect(response.status).toBe(200);
		}
		expect((await apiClient(sim, 'key-one').get('/account/info')).status).toBe(200);
	});

	it('answers account info like PiAPI', async () => {
		const response = await apiClient(sim, 'key-one').get('/account/info');
		expect(response.data).toMatchObject({
			code: 200,
			message: 'success',
			data: {
				account_name: 'simulator',
				account_id: 'sim-0001',
				plan: 'creator',
				credits: 1000000,
				equivalent_in_usd: 10,
			},
		});
	});

	it('counts unauthorized requests and does not attribute them to a key', async () => {
		sim.resetCounters();
		await apiClient(sim, 'wrong').get('/account/info');
		await apiClient(sim, null).get('/account/info');
		const counters = sim.counters();
		expect(counters.unauthorized).toBe(2);
		expect(counters.accountInfo).toBe(0);
		expect(counters.byKey).toEqual({});
	});

	it('serves result files without a key (PiAPI serves them from a public CDN)', async () => {
		const client = apiClient(sim, 'key-one');
		const created = await createUnified(client, unifiedBody(sim));
		const { data } = await pollUnified(client, created.task_id, ['completed']);
		const download = await axios.get(data.output?.image_url as string, { responseType: 'arraybuffer' });
		expect(download.status).toBe(200);
	});

	it('applies a key change made with configure()', async () => {
		sim.configure({ apiKeys: ['rotated'] });
		try {
			expect((await apiClient(sim, 'key-one').get('/account/info')).status).toBe(401);
			expect((await apiClient(sim, 'rotated').get('/account/info')).status).toBe(200);
		} finally {
			sim.configure({ apiKeys: ['key-one', 'key-two'] });
		}
	});
});
