// The legacy endpoints: POST /api/face_swap/v1/async and POST /api/face_swap/v1/fetch.
import axios, { type AxiosInstance } from 'axios';
import sharp from 'sharp';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, expectStatusesInOrder } from './client';
import { sleep, waitFor } from './helpers';

interface LegacyData {
	task_id: string;
	status: string;
	image: string;
	error_messages: string[];
}

async function fetchUntil(client: AxiosInstance, taskId: string, statuses: string[]) {
	const seen: string[] = [];
	const deadline = Date.now() + 30_000; // generous: a loaded CI machine is slow
	while (Date.now() < deadline) {
		const response = await client.post('/api/face_swap/v1/fetch', { task_id: taskId });
		expect(response.status).toBe(200);
		expect(response.data).toMatchObject({ code: 200, message: 'success' });
		const data = response.data.data as LegacyData;
		if (seen[seen.length - 1] !== data.status) seen.push(data.status);
		if (statuses.includes(data.status)) return { data, seen };
		await sleep(10);
	}
	throw new Error(`legacy task ${taskId} never reached ${statuses.join('/')}`);
}

describe('simulator legacy API', () => {
	let sim: Simulator;
	let client: AxiosInstance;
	beforeEach(async () => {
		sim = await startSimulator({ pendingMs: 50, processingMs: 100 });
		client = apiClient(sim);
	});
	afterEach(() => sim.stop());

	async function create(body: Record<string, unknown>): Promise<string> {
		const response = await client.post('/api/face_swap/v1/async', body);
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ code: 200, data: { task_id: expect.any(String) }, message: 'success' });
		return response.data.data.task_id;
	}

	it('runs pending -> processing -> success and returns a URL when result_type is "url"', async () => {
		const id = await create({
			target_image: sim.sampleUrl('target.jpg'),
			swap_image: sim.sampleUrl('swap.webp'),
			result_type: 'url',
		});
		const { data, seen } = await fetchUntil(client, id, ['success', 'failed']);
		expectStatusesInOrder(seen, ['pending', 'processing', 'success']);
		expect(data).toEqual({ task_id: id, status: 'success', image: `${sim.url}/results/${id}.jpg`, error_messages: [] });
		const download = await axios.get(data.image, { responseType: 'arraybuffer' });
		expect(download.headers['content-type']).toBe('image/jpeg');
		expect(Buffer.from(download.data).equals(sim.task(id)?.resultBytes as Buffer)).toBe(true);
	});

	it('spells a pending task "pending" and a processing one "processing"', async () => {
		const body = { target_image: sim.sampleUrl('target.png'), swap_image: sim.sampleUrl('swap.png') };
		// Long phases hold each task in its status, however slow the machine.
		sim.configure({ pendingMs: 60_000 });
		const pending = await create(body);
		sim.configure({ pendingMs: 0, processingMs: 60_000 });
		const processing = await create(body);
		await waitFor(() => sim.task(processing)?.status === 'processing');
		const fetched = async (taskId: string) =>
			(await client.post('/api/face_swap/v1/fetch', { task_id: taskId })).data.data as LegacyData;
		expect(await fetched(pending)).toEqual({ task_id: pending, status: 'pending', image: '', error_messages: [] });
		expect(await fetched(processing)).toEqual({
			task_id: processing,
			status: 'processing',
			image: '',
			error_messages: [],
		});
	});

	it('returns base64 by default', async () => {
		const id = await create({ target_image: sim.sampleUrl('target.png'), swap_image: sim.sampleUrl('swap.png') });
		const { data } = await fetchUntil(client, id, ['success', 'failed']);
		const bytes = Buffer.from(data.image, 'base64');
		expect(bytes.equals(sim.task(id)?.resultBytes as Buffer)).toBe(true);
		expect((await sharp(bytes).metadata()).format).toBe('png');
	});

	it('accepts base64 inputs', async () => {
		const target = (await axios.get(sim.sampleUrl('target.webp'), { responseType: 'arraybuffer' })).data;
		const swap = (await axios.get(sim.sampleUrl('swap.jpg'), { responseType: 'arraybuffer' })).data;
		const id = await create({
			target_image: Buffer.from(target).toString('base64'),
			swap_image: Buffer.from(swap).toString('base64'),
			result_type: 'url',
		});
		const { data } = await fetchUntil(client, id, ['success', 'failed']);
		expect(data.image).toMatch(/\.webp$/);
	});

	it('fails with error_messages when no face is found', async () => {
		const id = await create({ target_image: sim.sampleUrl('noface.png'), swap_image: sim.sampleUrl('swap.png') });
		const { data } = await fetchUntil(client, id, ['success', 'failed']);
		expect(data).toEqual({
			task_id: id,
			status: 'failed',
			image: '',
			error_messages: ['invalid request, no face found in the image'],
		});
	});

	it.each([
		['missing swap_image', { target_image: 'https://example.com/a.png' }],
		[
			'URL not ending in an image extension',
			{ target_image: 'https://example.com/a.gif', swap_image: 'https://example.com/b.png' },
		],
		[
			'unknown result_type',
			{ target_image: 'https://example.com/a.png', swap_image: 'https://example.com/b.png', result_type: 'file' },
		],
	])('rejects %s with 400 "invalid request" and creates nothing', async (_name, body) => {
		const response = await client.post('/api/face_swap/v1/async', body);
		expect(response.status).toBe(400);
		expect(response.data).toMatchObject({ code: 400, data: null, message: 'invalid request' });
		expect(sim.tasks()).toHaveLength(0);
	});

	it('answers "task not found" for unknown ids and for unified task ids', async () => {
		const unified = await client.post('/api/v1/task', {
			model: 'Qubico/image-toolkit',
			task_type: 'face-swap',
			input: { target_image: sim.sampleUrl('target.png'), swap_image: sim.sampleUrl('swap.png') },
		});
		for (const taskId of ['nope', unified.data.data.task_id]) {
			const response = await client.post('/api/face_swap/v1/fetch', { task_id: taskId });
			expect(response.status).toBe(400);
			expect(response.data).toEqual({ code: 400, data: null, message: 'task not found' });
		}
	});

	it('spells statuses "Success" with statusCase capitalized', async () => {
		sim.configure({ statusCase: 'capitalized' });
		const id = await create({ target_image: sim.sampleUrl('target.png'), swap_image: sim.sampleUrl('swap.png') });
		const { data } = await fetchUntil(client, id, ['Success', 'Failed']);
		expect(data.status).toBe('Success');
	});
});
