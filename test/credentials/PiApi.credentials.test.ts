// The credential's "Test" button, run the way n8n's CredentialsTester runs a declarative test request (RoutingNode,
// real HTTP, `authenticate` applied by the credentials helper), against the PiAPI simulator on loopback.
import { startSimulator } from '../../simulator';
import { N8N_MAJOR, testCredential } from '../harness';

const GOOD_KEY = 'good-key';

describe('PiAPI credential test', () => {
	let sim: Awaited<ReturnType<typeof startSimulator>>;
	beforeAll(async () => {
		sim = await startSimulator({ port: 0, apiKeys: [GOOD_KEY] });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.resetCounters());

	it('accepts a good key with one free GET /account/info carrying X-API-Key', async () => {
		const result = await testCredential({ apiKey: GOOD_KEY, baseUrl: sim.url });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const requests = sim.requestLog();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({ method: 'GET', path: '/account/info' });
		expect(requests[0].headers['x-api-key']).toBe(GOOD_KEY);
		expect(sim.counters()).toMatchObject({ accountInfo: 1, tasksCreated: 0, uploads: 0 });
	});

	it('rejects a wrong key', async () => {
		const result = await testCredential({ apiKey: 'wrong-key', baseUrl: sim.url });
		expect(result).toMatchObject({ status: 'Error', httpStatus: 401 });
		// n8n sends the request again once after a 401 (its token-refresh path), as it does in production
		const requests = sim.requestLog();
		expect(requests.length).toBeGreaterThanOrEqual(1);
		for (const request of requests) {
			expect(request).toMatchObject({ method: 'GET', path: '/account/info' });
			expect(request.headers['x-api-key']).toBe('wrong-key');
		}
		expect(sim.counters().tasksCreated).toBe(0);
	});

	it.each(['/', '///'])('works with a Base URL that ends in %j', async (slashes) => {
		const result = await testCredential({ apiKey: GOOD_KEY, baseUrl: `${sim.url}${slashes}` });
		expect(result.status).toBe('OK');
		expect(sim.requestLog().map((request) => request.path)).toEqual(['/account/info']);
	});

	it('reports an unreachable server as an error', async () => {
		const gone = await startSimulator({ port: 0, apiKeys: [GOOD_KEY] });
		const url = gone.url;
		await gone.stop();
		expect(await testCredential({ apiKey: GOOD_KEY, baseUrl: url })).toEqual({
			status: 'Error',
			// n8n 2.x shows the error code; n8n 1.x's NodeApiError has lost it, so 1.x shows n8n's text for it
			message: N8N_MAJOR >= 2 ? 'ECONNREFUSED' : 'The service refused the connection - perhaps it is offline',
		});
	});
});
