// How webhook repeats arrive (duplicateWebhooks), retries after an answer that is not 2xx (webhookRetryOnError,
// webhookRetries), and
// the counts of deliveries by answer. PiAPI publishes neither its repeats nor its retries: each way is a setting.
import axios from 'axios';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, unifiedBody } from './client';
import { closedPortUrl, sleep, startReceiver, waitFor } from './helpers';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
type Answer = ReturnType<Simulator['webhookAnswers']>[number];

const HOLD_MS = 150; // the receiver answers this long after a delivery arrives
const DELAY_MS = 400; // webhookRetryDelayMs in these tests
const EARLY_MS = 20; // a timer may fire a little early

describe('simulator webhook repeats and retries', () => {
	let sim: Simulator;
	const receivers: Receiver[] = [];
	const receiver = async (status: number | number[] = 200) => {
		const started = await startReceiver(status, { holdMs: HOLD_MS });
		receivers.push(started);
		return started;
	};
	const withHook = (endpoint: string) => ({ config: { webhook_config: { endpoint, secret: 's' } } });
	const createFor = (endpoint: string) => createUnified(apiClient(sim), unifiedBody(sim, {}, withHook(endpoint)));
	/**
	 * Creates a task, waits for `count` deliveries to it, their answers, and the simulator's count of them. Returns what
	 * the receiver got, and the simulator's record of each copy (when sent, how long its answer took) by sending time.
	 */
	const deliveriesOf = async (target: Receiver, count: number) => {
		const before = target.received.length;
		const { task_id: taskId } = await createFor(target.url);
		await waitFor(() => target.received.length >= before + count && target.received.every((d) => d.answeredAt));
		const received = receivers.reduce((total, each) => total + each.received.length, 0);
		await waitFor(() => sim.counters().webhooksSent === received);
		const answers = sim
			.webhookAnswers()
			.filter((answer) => answer.taskId === taskId)
			.sort((a, b) => a.sentAt - b.sentAt);
		return { received: target.received.slice(before), answers };
	};
	/**
	 * How the second copy was sent: while the first was still unanswered, or a retry delay after its answer. Read on the
	 * simulator's side: the receiver's arrival times can be reordered by a stall of the shared event loop.
	 */
	const howRepeated = ([first, second]: Answer[]) => {
		const firstAnsweredAt = first.sentAt + first.answerMs;
		if (second.sentAt < firstAnsweredAt) return 'together';
		if (second.sentAt - firstAnsweredAt >= DELAY_MS - EARLY_MS) return 'later';
		return 'after the answer';
	};

	beforeEach(async () => {
		sim = await startSimulator({ pendingMs: 5, processingMs: 30, webhookRetryDelayMs: DELAY_MS });
	});
	afterEach(async () => {
		await sim.stop();
		await Promise.all(receivers.splice(0).map((r) => r.stop()));
	});

	it('true: the copy is sent once the first delivery is answered', async () => {
		sim.configure({ duplicateWebhooks: true });
		const { received, answers } = await deliveriesOf(await receiver(), 2);
		const [first, second] = received;
		expect(second.at).toBeGreaterThanOrEqual(first.answeredAt);
		expect(howRepeated(answers)).toBe('after the answer');
		expect(second.body).toEqual(first.body);
	});

	it("'together': both copies are in flight at once", async () => {
		sim.configure({ duplicateWebhooks: 'together' });
		const { received, answers } = await deliveriesOf(await receiver(), 2);
		expect(howRepeated(answers)).toBe('together');
		expect(received[1].body).toEqual(received[0].body);
		expect(sim.counters()).toMatchObject({ webhooksSent: 2, webhooksAnswered2xx: 2, webhooksAnsweredOther: 0 });
	});

	it("'later': the copy comes webhookRetryDelayMs after the first is answered, with the same body", async () => {
		sim.configure({ duplicateWebhooks: 'later' });
		const { received, answers } = await deliveriesOf(await receiver(), 2);
		expect(howRepeated(answers)).toBe('later');
		expect(received[1].body).toEqual(received[0].body);
		expect(received[1].headers['x-webhook-secret']).toBe('s');
	});

	it("'mixed': together and later alternate per task, starting from the seed's parity", async () => {
		const target = await receiver();
		const pattern = async (seed: number, tasks: number) => {
			sim.configure({ duplicateWebhooks: 'mixed', seed });
			const seen: string[] = [];
			for (let task = 0; task < tasks; task++) seen.push(howRepeated((await deliveriesOf(target, 2)).answers));
			return seen;
		};
		expect(await pattern(1, 3)).toEqual(['later', 'together', 'later']);
		expect(await pattern(2, 2)).toEqual(['together', 'later']); // a new seed starts over
		expect(await pattern(1, 1)).toEqual(['later']);
	});

	it('counts deliveries answered 2xx apart from the others, also in GET /__simulator/state', async () => {
		await deliveriesOf(await receiver(200), 1);
		await deliveriesOf(await receiver(404), 1);
		await deliveriesOf(await receiver(500), 1);
		const state = await axios.get(`${sim.url}/__simulator/state`);
		expect(state.data.counters).toMatchObject({
			webhooksSent: 3,
			webhooksAnswered2xx: 1,
			webhooksAnsweredOther: 2,
			webhooksRetried: 0,
		});
	});

	it('webhookRetryOnError: an answer that is not 2xx gets one retry, a retry delay later', async () => {
		sim.configure({ webhookRetryOnError: true });
		const { answers } = await deliveriesOf(await receiver(503), 2);
		expect(howRepeated(answers)).toBe('later');
		await sleep(DELAY_MS + HOLD_MS * 2);
		expect(receivers[0].received).toHaveLength(2); // once, not again after the retry's own 503
		expect(sim.counters()).toMatchObject({ webhooksSent: 2, webhooksAnsweredOther: 2, webhooksRetried: 1 });
	});

	it('webhookRetryOnError: a 2xx answer is not retried, and without the setting nothing is', async () => {
		sim.configure({ webhookRetryOnError: true });
		await deliveriesOf(await receiver(204), 1);
		sim.configure({ webhookRetryOnError: false });
		await deliveriesOf(await receiver(500), 1);
		await sleep(DELAY_MS + HOLD_MS * 2);
		expect(receivers.map((r) => r.received.length)).toEqual([1, 1]);
		expect(sim.counters()).toMatchObject({ webhooksAnswered2xx: 1, webhooksAnsweredOther: 1, webhooksRetried: 0 });
	});

	it('webhookRetries: a delivery not answered 2xx is sent again every retry delay, up to that many times', async () => {
		sim.configure({ webhookRetries: 3 });
		const { received, answers } = await deliveriesOf(await receiver(409), 4);
		expect(answers).toHaveLength(4);
		for (let retry = 1; retry < received.length; retry++) {
			expect(howRepeated([answers[retry - 1], answers[retry]])).toBe('later');
			expect(received[retry].body).toEqual(received[0].body);
		}
		await sleep(DELAY_MS + HOLD_MS * 2);
		expect(receivers[0].received).toHaveLength(4); // not again after the last retry's own 409
		expect(sim.counters()).toMatchObject({ webhooksSent: 4, webhooksAnsweredOther: 4, webhooksRetried: 3 });
	});

	it('webhookRetries: the retries stop at the first 2xx answer', async () => {
		sim.configure({ webhookRetries: 5 });
		await deliveriesOf(await receiver([409, 503, 200]), 3);
		await sleep(DELAY_MS + HOLD_MS * 2);
		expect(receivers[0].received).toHaveLength(3);
		expect(sim.counters()).toMatchObject({ webhooksAnsweredOther: 2, webhooksAnswered2xx: 1, webhooksRetried: 2 });
	});

	it('webhookRetryOnError: a delivery that cannot connect is retried once', async () => {
		sim.configure({ webhookRetryOnError: true });
		await createFor(`${await closedPortUrl()}/hook`);
		await waitFor(() => sim.counters().webhooksFailed === 2);
		expect(sim.counters()).toMatchObject({ webhooksSent: 0, webhooksRetried: 1 });
	});

	it('accepts the repeat modes in a JSON patch and refuses other values', async () => {
		const control = axios.create({ baseURL: `${sim.url}/__simulator`, validateStatus: () => true });
		for (const mode of [false, true, 'together', 'later', 'mixed']) {
			expect((await control.post('/config', { duplicateWebhooks: mode })).data.config.duplicateWebhooks).toBe(mode);
		}
		for (const bad of [{ duplicateWebhooks: 'twice' }, { webhookRetryDelayMs: -1 }, { webhookRetryOnError: 'yes' }, { webhookRetries: 1.5 }, { webhookRetries: -1 }]) {
			expect((await control.post('/config', bad)).status).toBe(400);
		}
	});
});
