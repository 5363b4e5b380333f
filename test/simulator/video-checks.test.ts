// What PiAPI refuses in a video face swap. A malformed request is always a 400 that creates nothing; a target video
// over PiAPI's limits is a 400 or a task that fails, per videoRejection (PiAPI's choice is not known): both are tested.
import type { AxiosInstance } from 'axios';
import sharp from 'sharp';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, pollUnified, videoBody } from './client';
import { withSettings } from './settings';

let sim: Simulator;
let client: AxiosInstance;
beforeAll(async () => {
	sim = await startSimulator({ pendingMs: 5, videoMsPerFrame: 1 });
	client = apiClient(sim);
});
afterAll(() => sim.stop());
beforeEach(() => sim.resetCounters());

const REFUSED_VIDEOS = [
	['too-many-frames.mp4', 'target_video: 601 frames, more than 600'],
	['too-large-dims.mp4', 'target_video: 1920x1080 is over 720p (1280x720)'],
	['just-over-720p.mp4', 'target_video: 1282x720 is over 720p (1280x720)'],
	['too-large-file.mp4', 'target_video: larger than 10 MB'],
	['audio-only.mp4', 'target_video: the MP4 file has no video track'],
	['webm-renamed.mp4', 'target_video: not an MP4 file'],
	['quicktime.mp4', 'target_video: not an MP4 file'],
	['truncated.mp4', 'target_video: the MP4 file cannot be read (truncated or damaged)'],
	['missing.mp4', 'target_video: /samples/missing.mp4 does not exist on the simulator'],
] as const;

describe('with videoRejection "task" (the default): the task is created, then fails', () => {
	it.each(REFUSED_VIDEOS)('%s', async (name, detail) => {
		const response = await client.post('/api/v1/task', videoBody(sim, { target_video: sim.sampleUrl(name) }));
		expect(response.status).toBe(200);
		const { data } = await pollUnified(client, response.data.data.task_id, ['completed', 'failed']);
		expect(data).toMatchObject({
			status: 'failed',
			output: null,
			error: { code: 10000, message: 'invalid request', raw_message: 'invalid request', detail },
		});
		expect(data.meta.usage).toMatchObject({ frozen: 0, consume: 0 });
		expect(sim.counters()).toMatchObject({ tasksCreated: 1, videoTasksCreated: 1, videoChecksFailed: 1 });
	});
});

describe('with videoRejection "create": the creation answers 400 and makes nothing', () => {
	it.each(REFUSED_VIDEOS)('%s', async (name, detail) => {
		await withSettings(sim, { videoRejection: 'create' }, async () => {
			const response = await client.post('/api/v1/task', videoBody(sim, { target_video: sim.sampleUrl(name) }));
			expect(response.status).toBe(400);
			expect(response.data).toEqual({ code: 400, message: 'invalid request', data: null, detail });
			expect(sim.counters()).toMatchObject({ tasksCreated: 0, videoTasksCreated: 0, videoChecksFailed: 1 });
			const item = `${sim.sampleUrl(name)} + ${sim.sampleUrl('swap.png')}`;
			expect(sim.creations()).toEqual([{ item, requests: [{ answer: 'refused', taskId: null, fault: null }] }]);
		});
	});
});

describe('malformed requests: 400 with either videoRejection, nothing created', () => {
	const TARGET_MP4_BASE64 = 'AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDE=';
	it.each([
		['target_video as base64', { target_video: TARGET_MP4_BASE64 }, 'must be an http(s) URL'],
		['target_video as a data URI', { target_video: `data:video/mp4;base64,${TARGET_MP4_BASE64}` }, 'http(s) URL'],
		['no target_video', { target_video: undefined }, 'target_video: required'],
		['a swap_image that is a video', { swap_image: 'http://127.0.0.1:1/face.mp4' }, 'swap_image: URL must end with'],
		['a swap_image that is not base64', { swap_image: 'not base64!' }, 'swap_image: neither an http(s) URL'],
		['face indexes that are not numbers', { target_faces_index: 'first' }, 'input.target_faces_index must be'],
	])('%s', async (_case, input, detail) => {
		for (const videoRejection of ['task', 'create'] as const) {
			await withSettings(sim, { videoRejection }, async () => {
				const response = await client.post('/api/v1/task', videoBody(sim, input));
				expect(response.status).toBe(400);
				expect(response.data).toEqual({
					code: 400,
					message: 'invalid request',
					data: null,
					detail: expect.stringContaining(detail),
				});
			});
		}
		expect(sim.counters()).toMatchObject({ tasksCreated: 0, videoChecksFailed: 0 });
	});

	it('refuses a target_video URL not ending with .mp4 only with videoUrlMustEndMp4', async () => {
		const target = `${sim.sampleUrl('target.mp4')}?version=2`;
		const lenient = await client.post('/api/v1/task', videoBody(sim, { target_video: target }));
		expect(lenient.status).toBe(200);
		await withSettings(sim, { videoUrlMustEndMp4: true }, async () => {
			const strict = await client.post('/api/v1/task', videoBody(sim, { target_video: target }));
			expect([strict.status, strict.data.detail]).toEqual([400, 'target_video: URL must end with .mp4']);
		});
		expect(sim.counters().tasksCreated).toBe(1);
	});

	it('takes only task type face-swap with the video model', async () => {
		const response = await client.post('/api/v1/task', videoBody(sim, {}, { task_type: 'multi-face-swap' }));
		expect(response.status).toBe(400);
		expect(response.data.detail).toBe('task_type must be "face-swap" for Qubico/video-toolkit');
		expect(sim.counters().tasksCreated).toBe(0);
	});

	it('names both models when the model is unknown', async () => {
		const response = await client.post('/api/v1/task', videoBody(sim, {}, { model: 'Qubico/audio-toolkit' }));
		expect(response.data.detail).toBe('model must be "Qubico/image-toolkit" or "Qubico/video-toolkit"');
	});
});

describe('the swap image, checked as for image tasks', () => {
	it('refuses a base64 swap_image over 2048 px at creation', async () => {
		const wide = await sharp({ create: { width: 2049, height: 16, channels: 3, background: '#888' } })
			.png()
			.toBuffer();
		const response = await client.post('/api/v1/task', videoBody(sim, { swap_image: wide.toString('base64') }));
		expect(response.status).toBe(400);
		expect(response.data.detail).toBe('swap_image: 2049x16 is over 2048x2048');
	});

	it('fails the task when the swap_image URL cannot be read', async () => {
		const response = await client.post('/api/v1/task', videoBody(sim, { swap_image: sim.sampleUrl('gone.png') }));
		const { data } = await pollUnified(client, response.data.data.task_id, ['completed', 'failed']);
		const detail = expect.stringContaining('/samples/gone.png');
		expect(data.error).toMatchObject({ message: 'invalid request', detail });
	});
});

it('fails a task whose target_video URL carries the noface marker, as for images', async () => {
	const target = sim.sampleUrl('target.mp4', 'noface');
	const response = await client.post('/api/v1/task', videoBody(sim, { target_video: target }));
	const { data } = await pollUnified(client, response.data.data.task_id, ['completed', 'failed']);
	expect(data.error.message).toBe('invalid request, no face found in the image');
	expect(sim.counters().videoChecksFailed).toBe(0);
});
