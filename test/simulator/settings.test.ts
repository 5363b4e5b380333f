// withSettings: what a test changes comes back afterwards, whether the test passed or failed.
import { startSimulator, type Simulator } from '../../simulator';
import { withSettings } from './settings';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ pendingMs: 5, processingMs: 30 });
});
afterAll(() => sim.stop());

const plan = () => ({ outcome: 'failed' as const });

it('puts the earlier values back after the body, and only those', async () => {
	await withSettings(sim, { processingMs: 999, concurrency: 2 }, () => {
		expect(sim.config()).toMatchObject({ processingMs: 999, concurrency: 2, pendingMs: 5 });
	});
	expect(sim.config()).toMatchObject({ processingMs: 30, concurrency: null, pendingMs: 5 });
});

it('puts them back when the body fails, a plan hook included', async () => {
	sim.configure({ plan });
	await expect(
		withSettings(sim, { plan: null, resultBody: 'html' }, () => {
			throw new Error('the test failed');
		}),
	).rejects.toThrow('the test failed');
	expect(sim.settings()).toMatchObject({ plan, resultBody: 'image' });
	sim.configure({ plan: null });
});
