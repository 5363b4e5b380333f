// Creation requests per input item: what each answer told the client, and the check that flags an item whose
// creation was sent again once a task may exist (what a node that retried such a creation would do).
import type { AxiosInstance } from 'axios';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, unifiedBody } from './client';
import { waitFor } from './helpers';

describe('creations per input item', () => {
	let sim: Simulator;
	let client: AxiosInstance;

	beforeAll(async () => {
		sim = await startSimulator({ pendingMs: 5, processingMs: 30 });
		client = apiClient(sim);
	});
	afterAll(() => sim.stop());
	beforeEach(() => {
		sim.clearFaults();
		sim.resetCounters();
	});

	// Each item has its own swap image, as in the soak.
	const item = (n: number) => unifiedBody(sim, { swap_image: sim.sampleUrl('swap.png', `item-${n}`) });
	const send = (body: Record<string, unknown>) =>
		client.post('/api/v1/task', body).catch((error: { code?: string }) => ({ status: error.code }));
	const itemKey = (n: number) => `${sim.sampleUrl('target.png')} + ${sim.sampleUrl('swap.png', `item-${n}`)}`;

	it('records each request of each item with what its answer told the client', async () => {
		sim.injectFault({ route: 'create', kind: '429' });
		await send(item(1));
		await send(item(1));
		sim.injectFault({ route: 'create', kind: 'reset-after-create' });
		await send(item(2));
		await send({ target_image: sim.sampleUrl('target.png'), swap_image: sim.sampleUrl('swap.png', 'item-3') });

		await waitForRecords(4);
		const [one, two] = sim.creations();
		expect(one.item).toBe(itemKey(1));
		expect(one.requests.map((r) => [r.answer, r.fault])).toEqual([['refused', '429'], ['task', null]]);
		expect(one.requests[1].taskId).toBe(sim.tasks()[0].id);
		expect(two.requests).toEqual([{ answer: 'lost', taskId: sim.tasks()[1].id, fault: 'reset-after-create' }]);
		expect(sim.repeatedCreations()).toEqual([]);
	});

	it.each(['reset-after-create', '500-after-create', 'malformed-json-after-create', '500-html', 'reset'] as const)(
		'flags an item whose creation a plain client sent again after %s',
		async (kind) => {
			sim.injectFault({ route: 'create', kind });
			await send(item(4));
			await send(item(4)); // what a node that retried the creation would do
			await send(item(5));
			await waitForRecords(3);
			expect(sim.repeatedCreations().map((entry) => entry.item)).toEqual([itemKey(4)]);
		},
	);

	it('flags an item created twice with both answers received', async () => {
		await send(item(6));
		await send(item(6));
		await waitForRecords(2);
		expect(sim.repeatedCreations()).toHaveLength(1);
		expect(sim.creations()[0].requests.map((r) => r.answer)).toEqual(['task', 'task']);
	});

	it('identifies long base64 images by a hash, and the legacy body like the unified one', async () => {
		const base64 = 'A'.repeat(2000);
		await send(unifiedBody(sim, { target_image: base64 }));
		await client.post('/api/face_swap/v1/async', { target_image: base64, swap_image: sim.sampleUrl('swap.png') });
		await waitForRecords(2);
		const [entry] = sim.creations();
		expect(entry.item).toMatch(/^sha256:[0-9a-f]{32}$/);
		expect(entry.requests).toHaveLength(2);
	});

	it('is served at GET /__simulator/creations', async () => {
		sim.injectFault({ route: 'create', kind: '500-after-create' });
		await send(item(7));
		await send(item(7));
		await waitForRecords(2);
		const { data } = await client.get('/__simulator/creations');
		expect(data.repeated).toHaveLength(1);
		expect(data.items[0].requests.map((r: { answer: string }) => r.answer)).toEqual(['lost', 'task']);
	});

	/** Records are written when a connection's answer is done: wait for every request's (throws if one never comes). */
	async function waitForRecords(requests: number) {
		await waitFor(() => sim.creations().reduce((total, entry) => total + entry.requests.length, 0) >= requests);
	}
});
