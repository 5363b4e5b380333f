// GET /account/info: the balance in dollars and the credits are settings (tests set a low balance, or none at all),
// changeable while running, also through the control endpoint.
import axios from 'axios';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient } from './client';

describe('simulator account info', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator();
	});
	afterAll(() => sim.stop());

	const accountData = async () => (await apiClient(sim).get('/account/info')).data.data as Record<string, unknown>;

	it('reports $10 and 1,000,000 credits by default', async () => {
		expect(await accountData()).toMatchObject({
			equivalent_in_usd: 10,
			credits: 1000000,
			credit_pack_info: { available_credits: 1000000 },
		});
	});

	it('reports the configured balance and credits, independently of each other', async () => {
		sim.configure({ accountUsd: 0.044, accountCredits: 7 });
		expect(await accountData()).toMatchObject({ equivalent_in_usd: 0.044, credits: 7, credit_pack_info: { available_credits: 7 } });
	});

	it('leaves equivalent_in_usd out when accountUsd is null (set through the control endpoint)', async () => {
		await axios.post(`${sim.url}/__simulator/config`, { accountUsd: null });
		expect(await accountData()).not.toHaveProperty('equivalent_in_usd');
	});

	it('refuses a negative balance', () => {
		expect(() => sim.configure({ accountUsd: -1 })).toThrow('invalid value for simulator option "accountUsd": -1');
	});
});
