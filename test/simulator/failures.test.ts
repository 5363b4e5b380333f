// Failed tasks (markers, the plan hook, unreadable images) and request validation.
import axios from 'axios';
import sharp from 'sharp';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, pollUnified, unifiedBody } from './client';
import { closedPortUrl } from './helpers';

const NO_FACE = 'invalid request, no face found in the image';

describe('simulator failed tasks', () => {
	let sim: Simulator;
	beforeEach(async () => {
		sim = await startSimulator({ pendingMs: 10, processingMs: 60 });
	});
	afterEach(() => sim.stop());

	async function runToEnd(input: Record<string, unknown>) {
		const client = apiClient(sim);
		const created = await createUnified(client, unifiedBody(sim, input));
		return (await pollUnified(client, created.task_id, ['completed', 'failed'])).data;
	}

	it('fails a target URL containing "noface" with PiAPI\'s no-face error', async () => {
		const data = await runToEnd({ target_image: sim.sampleUrl('noface.png') });
		expect(data.status).toBe('failed');
		expect(data.output).toBeNull();
		expect(data.error).toEqual({ code: 10000, raw_message: NO_FACE, message: NO_FACE, detail: null });
		expect(data.meta.usage).toEqual({ type: 'point', frozen: 0, consume: 0 });
		expect(data.meta.ended_at).not.toBe('0001-01-01T00:00:00Z');
	});

	it('fails base64 of the noface sample the same way', async () => {
		const bytes = (await axios.get(sim.sampleUrl('noface.png'), { responseType: 'arraybuffer' })).data;
		const data = await runToEnd({ target_image: Buffer.from(bytes).toString('base64') });
		expect(data.error.message).toBe(NO_FACE);
	});

	it('fails a URL containing "internal-error" with "internal error"', async () => {
		const data = await runToEnd({ swap_image: 'https://example.com/internal-error/face.png' });
		expect(data.error.message).toBe('internal error');
	});

	it('lets the plan hook fail a task with its own message and timing', async () => {
		const seen: string[] = [];
		sim.configure({
			processingMs: 10_000, // far from the plan's 5 ms, so a slow machine cannot blur which one was used
			plan: (task) => {
				seen.push(`${task.api}:${String(task.input.target_image)}`);
				return { outcome: 'failed', message: 'unknown generation error, please contact us for help', processingMs: 5 };
			},
		});
		const data = await runToEnd({});
		expect(data.error.message).toBe('unknown generation error, please contact us for help');
		expect(Date.parse(data.meta.ended_at) - Date.parse(data.meta.started_at)).toBeLessThan(5000);
		expect(seen).toEqual([`unified:${sim.sampleUrl('target.png')}`]);
	});

	it('defaults the failure message of a plan-hook failure to the no-face one', async () => {
		sim.configure({ plan: () => ({ outcome: 'failed' }) });
		expect((await runToEnd({})).error.message).toBe(NO_FACE);
	});

	it('fails with "invalid request" and a simulator detail when a loopback image cannot be fetched', async () => {
		const data = await runToEnd({ target_image: `${await closedPortUrl()}/face.png` });
		expect(data.status).toBe('failed');
		expect(data.error.message).toBe('invalid request');
		expect(String(data.error.detail)).toMatch(/^simulator: /);
	});

	it('fails when a simulator URL points to a missing file', async () => {
		const data = await runToEnd({ target_image: sim.sampleUrl('missing.png') });
		expect(data.error.detail).toMatch(/does not exist/);
	});

	it("uses a placeholder for internet URLs (no network) and still completes in the URL's format", async () => {
		const data = await runToEnd({ target_image: 'https://cdn.example.com/people/target.webp' });
		expect(data.status).toBe('completed');
		expect(data.output?.image_url).toMatch(/\.webp$/);
	});
});

describe('simulator request validation', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ pendingMs: 10, processingMs: 50 });
	});
	afterAll(() => sim.stop());

	const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
	const cases: Array<[string, Record<string, unknown>]> = [
		['a wrong model', { model: 'Qubico/flux1-dev' }],
		['a wrong task_type', { task_type: 'swap-face' }],
		['no input', { input: undefined }],
		['a missing target_image', { input: { swap_image: 'https://example.com/b.png' } }],
		[
			'a URL with a query after the extension',
			{ input: { target_image: 'https://example.com/a.png?x=1', swap_image: 'https://example.com/b.png' } },
		],
		['a .gif URL', { input: { target_image: 'https://example.com/a.gif', swap_image: 'https://example.com/b.png' } }],
		['a non-http URL', { input: { target_image: 'ftp://example.com/a.png', swap_image: 'https://example.com/b.png' } }],
		['invalid base64', { input: { target_image: 'not base64!', swap_image: 'https://example.com/b.png' } }],
		[
			'base64 of a non-image',
			{
				input: {
					target_image: Buffer.from('hello world!').toString('base64'),
					swap_image: 'https://example.com/b.png',
				},
			},
		],
		[
			'a data URI (PiAPI documents plain base64)',
			{ input: { target_image: `data:image/png;base64,${png}`, swap_image: 'https://example.com/b.png' } },
		],
		[
			'a numeric face index',
			{
				input: {
					target_image: 'https://example.com/a.png',
					swap_image: 'https://example.com/b.png',
					swap_faces_index: 0,
				},
			},
		],
		[
			'a malformed face index',
			{
				input: {
					target_image: 'https://example.com/a.png',
					swap_image: 'https://example.com/b.png',
					target_faces_index: '0;1',
				},
			},
		],
		['an unknown service_mode', { config: { service_mode: 'turbo' } }],
	];

	it.each(cases)('rejects %s with 400 "invalid request" and creates no task', async (_name, override) => {
		const before = sim.tasks().length;
		const body = { ...unifiedBody(sim), ...override };
		const response = await apiClient(sim).post('/api/v1/task', body);
		expect(response.status).toBe(400);
		expect(response.data).toMatchObject({ code: 400, message: 'invalid request' });
		expect(typeof response.data.detail).toBe('string');
		expect(sim.tasks()).toHaveLength(before);
	});

	it('rejects a body that is not JSON', async () => {
		const response = await apiClient(sim).post('/api/v1/task', '{"model":', {
			headers: { 'Content-Type': 'application/json' },
		});
		expect(response.status).toBe(400);
		expect(response.data.message).toBe('invalid request');
	});

	it('rejects base64 images over 2048 pixels', async () => {
		const big = await sharp({ create: { width: 2100, height: 50, channels: 3, background: '#fff' } })
			.png()
			.toBuffer();
		const response = await apiClient(sim).post(
			'/api/v1/task',
			unifiedBody(sim, { target_image: big.toString('base64') }),
		);
		expect(response.status).toBe(400);
		expect(response.data.detail).toMatch(/2048/);
	});

	it('accepts face indexes like "0" and "0,1,2", base64 images, and data URIs when acceptDataUris is set', async () => {
		const client = apiClient(sim);
		await createUnified(client, unifiedBody(sim, { swap_faces_index: '0', target_faces_index: '0,1,2' }));
		await createUnified(client, unifiedBody(sim, { target_image: png }));
		sim.configure({ acceptDataUris: true });
		await createUnified(client, unifiedBody(sim, { target_image: `data:image/png;base64,${png}` }));
		const mismatched = await client.post(
			'/api/v1/task',
			unifiedBody(sim, { target_image: `data:image/jpeg;base64,${png}` }),
		);
		expect(mismatched.status).toBe(400);
	});
});
