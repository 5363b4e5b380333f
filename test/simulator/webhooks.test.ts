// Webhooks: delivered to loopback endpoints on completion or failure, with the secret header, optionally twice.
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, getUnified, unifiedBody } from './client';
import { closedPortUrl, sleep, startReceiver, waitFor } from './helpers';

describe('simulator webhooks', () => {
	let sim: Simulator;
	let receiver: Awaited<ReturnType<typeof startReceiver>>;
	beforeEach(async () => {
		sim = await startSimulator({ pendingMs: 5, processingMs: 50 });
		receiver = await startReceiver();
	});
	afterEach(async () => {
		await sim.stop();
		await receiver.stop();
	});

	const withHook = (endpoint: string, secret = '') => ({ config: { webhook_config: { endpoint, secret } } });

	it('POSTs {timestamp, data} with x-webhook-secret when the task completes', async () => {
		const client = apiClient(sim);
		const created = await createUnified(client, unifiedBody(sim, {}, withHook(receiver.url, 'hook pass')));
		await waitFor(() => receiver.received.length === 1);
		const [delivery] = receiver.received;
		expect(delivery.headers['x-webhook-secret']).toBe('hook pass');
		expect(delivery.headers['content-type']).toBe('application/json');
		expect(Math.abs(delivery.body.timestamp - Date.now() / 1000)).toBeLessThan(5);
		expect(delivery.body.data.status).toBe('completed');
		expect(delivery.body.data).toEqual(await getUnified(client, created.task_id));
		// counted once the receiver has answered, a moment after it got the delivery
		await waitFor(() => sim.counters().webhooksSent === 1);
		expect(sim.task(created.task_id)?.webhooksSent).toBe(1);
		expect(sim.webhookAnswers()).toEqual([
			{ taskId: created.task_id, status: 200, sentAt: expect.any(Number), answerMs: expect.any(Number) },
		]);
	});

	it('delivers failures too, and sends no secret header when no secret was given', async () => {
		await createUnified(
			apiClient(sim),
			unifiedBody(sim, { target_image: sim.sampleUrl('noface.png') }, withHook(receiver.url)),
		);
		await waitFor(() => receiver.received.length === 1);
		const [delivery] = receiver.received;
		expect(delivery.headers['x-webhook-secret']).toBeUndefined();
		expect(delivery.body.data.status).toBe('failed');
		expect(delivery.body.data.error.message).toBe('invalid request, no face found in the image');
	});

	it('sends each delivery twice with duplicateWebhooks', async () => {
		sim.configure({ duplicateWebhooks: true });
		await createUnified(apiClient(sim), unifiedBody(sim, {}, withHook(receiver.url, 's')));
		await waitFor(() => receiver.received.length === 2);
		// counted once answered; then no third copy follows
		await waitFor(() => sim.counters().webhooksSent === 2);
		await sleep(50);
		expect(receiver.received).toHaveLength(2);
		expect(receiver.received[1].body).toEqual(receiver.received[0].body);
		expect(sim.counters().webhooksSent).toBe(2);
	});

	it('does not deliver for cancelled tasks or tasks without an endpoint', async () => {
		const client = apiClient(sim);
		sim.configure({ pendingMs: 60_000 }); // still pending when the DELETE comes, however slow the machine
		const cancelled = await createUnified(client, unifiedBody(sim, {}, withHook(receiver.url)));
		expect((await client.delete(`/api/v1/task/${cancelled.task_id}`)).status).toBe(200);
		sim.configure({ pendingMs: 5 });
		const noEndpoint = await createUnified(client, unifiedBody(sim, {}, withHook('')));
		await waitFor(() => sim.task(noEndpoint.task_id)?.status === 'completed');
		await sleep(100); // a delivery would have been sent by now
		expect(receiver.received).toHaveLength(0);
		expect(sim.counters()).toMatchObject({ webhooksSent: 0, webhooksRefused: 0, webhooksFailed: 0 });
	});

	it('refuses non-loopback endpoints without any network call', async () => {
		const created = await createUnified(
			apiClient(sim),
			unifiedBody(sim, {}, withHook('https://hooks.example.com/piapi')),
		);
		await waitFor(() => sim.task(created.task_id)?.status === 'completed');
		await waitFor(() => sim.counters().webhooksRefused === 1);
		expect(sim.counters().webhooksSent).toBe(0);
	});

	it('counts deliveries that cannot connect as failed', async () => {
		await createUnified(apiClient(sim), unifiedBody(sim, {}, withHook(`${await closedPortUrl()}/hook`)));
		await waitFor(() => sim.counters().webhooksFailed === 1);
		expect(sim.counters().webhooksSent).toBe(0);
	});
});
