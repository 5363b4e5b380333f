// How the node rides out PiAPI's bad moments, run through the engine against the simulator's injected faults.
import { readBinary, runNode, waitUntil } from '../../../harness';
import { credentialsFor, startFastSimulator, swapParameters, withSettings, type Simulator } from '../../PiApiMultiFaceSwap/simulated';

let sim: Simulator;
let tasksBefore = 0;

beforeAll(async () => {
	sim = await startFastSimulator();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.clearFaults();
	sim.resetCounters();
	tasksBefore = sim.tasks().length;
});

const swap = (overrides: Parameters<typeof swapParameters>[1] = {}) =>
	runNode({ parameters: swapParameters(sim, overrides), credentials: credentialsFor(sim) });
const tasksCreated = () => sim.tasks().length - tasksBefore;
const MAY_HAVE_CREATED = 'PiAPI may have created (and billed) a task, but its answer was lost: ';

describe('creating a task', () => {
	it.each(['429', '429-retry-after'] as const)('retries after a %s: PiAPI made no task', async (kind) => {
		sim.injectFault({ route: 'create', kind, times: 2, retryAfterSeconds: 1 });
		const { items, error } = await swap();
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		expect(sim.counters().faultsInjected[kind]).toBe(2);
		expect(tasksCreated()).toBe(1);
	});

	it.each([
		['500-html' as const, 'PiAPI had a server error (HTTP 500)'],
		['reset' as const, 'Could not reach PiAPI: the connection was reset'],
		['malformed-json' as const, 'PiAPI sent a response that is not valid JSON (HTTP 200)'],
	])('does not retry after a %s, since a task may exist: it fails clearly instead', async (kind, cause) => {
		sim.injectFault({ route: 'create', kind });
		const { error } = await swap();
		expect(error?.message).toBe(`${MAY_HAVE_CREATED}${cause}`);
		expect(sim.counters().faultsInjected[kind]).toBe(1);
		expect(sim.requestLog().filter((entry) => entry.method === 'POST')).toHaveLength(1);
		expect(tasksCreated()).toBe(0);
	});

	it('shows the text of an HTML error page', async () => {
		sim.injectFault({ route: 'create', kind: '502-html' });
		const { error } = await swap();
		expect(error?.description).toMatch(/ Cause: Response: .*502 Bad Gateway/);
	});
});

describe('waiting for a task', () => {
	it.each(['429', '500-html', '502-html', 'reset', 'malformed-json'] as const)('polls through a %s', async (kind) => {
		sim.injectFault({ route: 'get', kind });
		const { items, error } = await swap();
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('completed');
		expect(tasksCreated()).toBe(1);
	});

	it('gives up after repeated failures, with the cause', async () => {
		sim.injectFault({ route: 'get', kind: '502-html', times: 10 });
		const { error } = await swap();
		expect(error?.message).toBe('PiAPI had a server error (HTTP 502)');
		expect(sim.counters().faultsInjected['502-html']).toBe(4);
	}, 30_000);

	it('names the task when polling gives up (Continue On Fail), so its result can still be collected', async () => {
		sim.injectFault({ route: 'get', kind: '502-html', times: 10 });
		const { items } = await runNode({ parameters: swapParameters(sim), credentials: credentialsFor(sim), continueOnFail: true });
		expect(items[0].json).toMatchObject({ error: 'PiAPI had a server error (HTTP 502)', taskId: sim.tasks().at(-1)?.id });
	}, 30_000);
});

describe('downloading the result', () => {
	it.each(['500-html', 'reset', '429-retry-after'] as const)('retries after a %s and gets the exact bytes', async (kind) => {
		sim.injectFault({ route: 'result', kind, retryAfterSeconds: 1 });
		const { items, error } = await swap();
		expect(error).toBeUndefined();
		const task = sim.tasks().at(-1);
		expect((await readBinary(items[0], 'data')).equals(task?.resultBytes as Buffer)).toBe(true);
		expect(sim.counters().resultDownloads).toBe(1);
	});

	it('names the task when the download fails (Continue On Fail): it is done and paid for', async () => {
		sim.injectFault({ route: 'result', kind: '429-retry-after', retryAfterSeconds: 0, times: 10 });
		const { items } = await runNode({ parameters: swapParameters(sim), credentials: credentialsFor(sim), continueOnFail: true });
		const taskId = sim.tasks().at(-1)?.id;
		expect(items[0].json.error).toBe(`Could not download the result image of task ${taskId}: the result host answered HTTP 429 (after 4 tries)`);
		expect(items[0].json.taskId).toBe(taskId);
	});

	// The result host is not PiAPI's API and never gets the key: its refusal is an expired or withdrawn link.
	it.each([
		['401' as const, 401],
		['403-html' as const, 403],
		['404-html' as const, 404],
	])('a result host that answers %s: names the task and the status, says links expire, once, never the API key', async (kind, status) => {
		sim.injectFault({ route: 'result', kind, times: 10 });
		const { items } = await runNode({ parameters: swapParameters(sim), credentials: credentialsFor(sim), continueOnFail: true });
		const taskId = sim.tasks().at(-1)?.id;
		expect(items[0].json).toEqual({
			error: `Could not download the result image of task ${taskId}: the result host answered HTTP ${status}; PiAPI's result links expire, Get Task shows the task again`,
			description: expect.stringContaining("PiAPI's result links expire"),
			taskId,
		});
		expect(JSON.stringify(items[0].json)).not.toMatch(/API key/i);
		expect(sim.counters().faultsInjected[kind]).toBe(1);
	});

	it('Get Task with download: a refused download names the task, not the API key', async () => {
		const created = await swap({ waitForCompletion: false });
		const taskId = String(created.items[0].json.taskId);
		await waitUntil(() => sim.task(taskId)?.status === 'completed', { what: 'the task to complete' });
		sim.injectFault({ route: 'result', kind: '403-html' });
		const { error } = await runNode({
			parameters: { operation: 'getTask', api: 'unified', taskId, output: 'binary' },
			credentials: credentialsFor(sim),
		});
		expect(error?.message).toBe(
			`Could not download the result image of task ${taskId}: the result host answered HTTP 403; PiAPI's result links expire, Get Task shows the task again`,
		);
		expect(error?.description).not.toMatch(/API key/i);
	});

	it('a result host that cannot be reached is named as such, not as PiAPI', async () => {
		sim.injectFault({ route: 'result', kind: 'reset', times: 10 });
		const { items } = await runNode({ parameters: swapParameters(sim), credentials: credentialsFor(sim), continueOnFail: true });
		const taskId = sim.tasks().at(-1)?.id;
		expect(items[0].json.error).toBe(`Could not download the result image of task ${taskId}: could not reach the result host (the connection was reset)`);
	}, 30_000);

	it('refuses a result larger than 50 MB before reading it, naming the task', async () => {
		const resultBytes = 51 * 1024 * 1024;
		await withSettings(sim, { resultBytes }, async () => {
			const { error } = await swap();
			const task = sim.tasks().at(-1);
			expect(error?.message).toMatch(/^The result image at http:\/\/127\.0\.0\.1:\d+\/results\/.+ is \d+ bytes, over the 52428800-byte limit$/);
			expect(task?.status).toBe('completed');
			expect(error?.message).toContain(String(task?.id));
			// The node closed the connection at once: the server wrote only what socket buffers hold, far from all of it.
			await waitUntil(() => sim.counters().resultDownloadsCutOff > 0, { what: 'the simulator to see the download cut off' });
			expect(sim.counters().resultDownloadsCutOff).toBe(1);
			expect(sim.counters().resultBytesSent).toBeLessThan(resultBytes / 2);
		});
	});

	it('never sends the API key to the result host', async () => {
		await swap();
		const downloads = sim.requestLog().filter((entry) => entry.path.startsWith('/results/'));
		expect(downloads).toHaveLength(1);
		expect(downloads[0].headers['x-api-key']).toBeUndefined();
	});
});
