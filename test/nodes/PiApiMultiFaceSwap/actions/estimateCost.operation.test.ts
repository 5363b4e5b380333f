// Estimate Cost: every item checked exactly as Swap Faces would check it, no task created (counted at the
// simulator), one output item per input item with the run's summary, the balance read once from /account/info.
import type { INodeParameters } from 'n8n-workflow';

import { runNode } from '../../../harness';
import type { InputItem } from '../../../harness/input-node';
import { credentialsFor, swapParameters, useFastSimulator } from '../simulated';

const handle = useFastSimulator();
beforeEach(() => handle.sim.configure({ accountUsd: 10 }));

const url = (name: string) => `https://images.example.com/estimate/${name}`;
const photos = (...names: string[]): InputItem[] => names.map((name) => ({ json: { photo: url(name) } }));

const estimate = (input: InputItem[], overrides: INodeParameters = {}, continueOnFail = false) =>
	runNode({
		parameters: swapParameters(handle.sim, { operation: 'estimateCost', targetImageUrl: '={{ $json.photo }}', ...overrides }),
		input,
		credentials: credentialsFor(handle.sim),
		continueOnFail,
	});

/** Nothing but one free read of the account reached PiAPI. */
function expectOnlyTheAccountRead() {
	expect(handle.sim.counters()).toMatchObject({ tasksCreated: 0, polls: 0, cancels: 0, accountInfo: 1 });
	expect(handle.sim.requestLog().map((entry) => entry.path)).toEqual(['/account/info']);
}

const GIF_PROBLEM =
	'Target Image URL (item 1): does not end in .png, .jpg, .jpeg or .webp (it ends in .gif), and PiAPI rejects such URLs; download the image with an HTTP Request node and use the Binary source instead';

describe('Estimate Cost', () => {
	it('valid items: each accepted, with the run’s summary on every item', async () => {
		const { items, error } = await estimate(photos('a.jpg', 'b.png'));

		expect(error).toBeUndefined();
		const summary = {
			items: 2,
			tasks: 2,
			rejected: 0,
			priceUsdPerTask: 0.015,
			costUsd: 0.03,
			maxTasksPerExecution: 1000,
			balanceUsd: 10,
			balanceCoversCost: true,
		};
		expect(items).toEqual([
			{ json: { accepted: true, costUsd: 0.015, summary }, pairedItem: { item: 0 } },
			{ json: { accepted: true, costUsd: 0.015, summary }, pairedItem: { item: 1 } },
		]);
		expectOnlyTheAccountRead();
	});

	it('invalid items: each refused with the message Swap Faces would give, and the node does not fail', async () => {
		const { items, error, status } = await estimate([{ json: { photo: '' } }, { json: { photo: url('x.gif') } }]);

		expect(error).toBeUndefined();
		expect(status).toBe('success');
		expect(items.map((item) => item.json.accepted)).toEqual([false, false]);
		expect(items[0].json.reason).toBe('Target Image URL (item 0): is empty; enter the image URL');
		expect(items[1].json.reason).toBe(GIF_PROBLEM);
		expect(items[0].json.summary).toMatchObject({ items: 2, tasks: 0, rejected: 2, costUsd: 0 });
		expectOnlyTheAccountRead();
	});

	it('mixed items: a bad one and one over Max Tasks per Execution are refused, the others counted', async () => {
		const { items } = await estimate(photos('a.jpg', 'b.gif', 'c.webp', 'd.jpg'), { options: { maxTasksPerExecution: 3 } });

		expect(items.map((item) => [item.json.accepted, item.json.costUsd])).toEqual([
			[true, 0.015],
			[false, 0],
			[true, 0.015],
			[false, 0],
		]);
		expect(items[1].json.reason).toBe(GIF_PROBLEM);
		expect(items[3].json.reason).toBe(
			"Max Tasks per Execution (item 3): this run's 4 items would create 4 tasks, more than the limit of 3; item 3 creates no task",
		);
		expect(items[3].json.summary).toMatchObject({ items: 4, tasks: 2, rejected: 2, costUsd: 0.03, maxTasksPerExecution: 3 });
		expectOnlyTheAccountRead();
	});

	it('checks binary images as Swap Faces does', async () => {
		const input: InputItem[] = [{ binary: { data: { bytes: Buffer.from('not an image at all'), mimeType: 'image/png' } } }];
		const { items } = await estimate(input, { targetImageSource: 'binary', targetImageBinaryProperty: 'data' });
		expect(items[0].json).toMatchObject({ accepted: false, reason: expect.stringMatching(/^Target Image Binary Field \(item 0\): /) });
		expectOnlyTheAccountRead();
	});

	it('says when the balance cannot pay for the accepted tasks', async () => {
		handle.sim.configure({ accountUsd: 0.02 });
		const { items } = await estimate(photos('a.jpg', 'b.jpg'));
		expect(items[0].json.summary).toMatchObject({ costUsd: 0.03, balanceUsd: 0.02, balanceCoversCost: false });
	});

	it('gives null for the balance when PiAPI reports none, instead of guessing', async () => {
		handle.sim.configure({ accountUsd: null });
		const { items } = await estimate(photos('a.jpg'));
		expect(items[0].json.summary).toMatchObject({ balanceUsd: null, balanceCoversCost: null });
	});

	it('fails when the account cannot be read; with Continue On Fail every item carries the error', async () => {
		handle.sim.injectFault({ route: 'account', kind: '401', times: 2 });

		const failed = await estimate(photos('a.jpg', 'b.jpg'));
		expect(failed.error).toMatchObject({ name: 'NodeApiError', message: 'PiAPI rejected the API key (HTTP 401)' });

		const continued = await estimate(photos('a.jpg', 'b.jpg'), {}, true);
		expect(continued.items).toEqual([0, 1].map((item) => ({ json: { error: 'PiAPI rejected the API key (HTTP 401)', description: expect.any(String) }, pairedItem: { item } })));
		expect(handle.sim.counters().tasksCreated).toBe(0);
	});
});
