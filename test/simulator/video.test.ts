// Video face swap tasks (model Qubico/video-toolkit): the envelope, time per frame, the output field, usage, and the
// target video checked as PiAPI states its limits: refused at creation or as a failed task, per videoRejection.
import axios from 'axios';
import { startSimulator, type Simulator } from '../../simulator';
import { readVideo } from '../../simulator/video-check';
import { apiClient, createUnified, expectStatusesInOrder, getUnified, pollUnified, VIDEO_MODEL, videoBody } from './client';
import { startReceiver, waitFor } from './helpers';
import { withSettings } from './settings';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ pendingMs: 50, videoMsPerFrame: 2 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.resetCounters());

describe('a video PiAPI takes', () => {
	it('goes pending -> processing -> completed and gives a real MP4 under output.video_url', async () => {
		const client = apiClient(sim);
		const body = videoBody(sim, { swap_faces_index: '0', target_faces_index: '0' });
		const created = await createUnified(client, body);
		expect(created).toMatchObject({ model: VIDEO_MODEL, task_type: 'face-swap', status: 'pending', output: null });
		expect(created.input).toEqual(body.input);
		const { data, seen } = await pollUnified(client, created.task_id, ['completed', 'failed']);
		expectStatusesInOrder(seen, ['pending', 'processing', 'completed']);
		expect(Date.parse(data.meta.started_at)).toBeGreaterThanOrEqual(Date.parse(data.meta.created_at));
		expect(data.output).toEqual({ video_url: `${sim.url}/results/${created.task_id}.mp4` });

		const download = await axios.get(data.output?.video_url as string, { responseType: 'arraybuffer' });
		const bytes = Buffer.from(download.data);
		expect(download.headers['content-type']).toBe('video/mp4');
		expect(bytes.equals(sim.task(created.task_id)?.resultBytes as Buffer)).toBe(true);
		expect(readVideo(bytes)).toEqual({ ok: true, info: { frames: 24, width: 480, height: 270, durationSeconds: 2 } });
		expect(sim.counters()).toMatchObject({ tasksCreated: 1, videoTasksCreated: 1, videoChecksFailed: 0 });
		expect(sim.counters().byKey[sim.apiKey]).toMatchObject({ tasksCreated: 1, videoTasksCreated: 1 });
	});

	it('shows frames and duration in meta.usage, points held while running and consumed once completed', async () => {
		const client = apiClient(sim);
		const created = await createUnified(client, videoBody(sim));
		expect(created.meta.usage).toEqual({ type: 'point', frozen: 480000, consume: 0, frames: 48, duration: 2 });
		const { data } = await pollUnified(client, created.task_id, ['completed']);
		expect(data.meta.usage).toEqual({ type: 'point', frozen: 0, consume: 480000, frames: 48, duration: 2 });
		expect(sim.task(created.task_id)?.video).toEqual({ frames: 48, width: 640, height: 360, durationSeconds: 2 });
	});

	it('processes for frames x videoMsPerFrame, jitter applied; cancellable while pending', async () => {
		await withSettings(sim, { pendingMs: 60000, videoMsPerFrame: 10 }, async () => {
			const client = apiClient(sim);
			const plan = async (name: string) => {
				const created = await createUnified(client, videoBody(sim, { target_video: sim.sampleUrl(name) }));
				expect((await client.delete(`/api/v1/task/${created.task_id}`)).data.data.status).toBe('cancelled');
				return sim.task(created.task_id)?.plannedProcessingMs;
			};
			expect(await plan('target.mp4')).toBe(480);
			expect(await plan('portrait.mp4')).toBe(20);
			sim.configure({ jitter: 0.2 });
			const jittered = [await plan('target.mp4'), await plan('target.mp4'), await plan('target.mp4')];
			sim.configure({ jitter: 0 });
			for (const ms of jittered) {
				expect(ms).toBeGreaterThanOrEqual(384);
				expect(ms).toBeLessThanOrEqual(576);
			}
			expect(new Set(jittered).size).toBeGreaterThan(1);
		});
	});

	it.each([
		['video_url', (url: string) => ({ video_url: url })],
		['video', (url: string) => ({ video: url })],
		['image_url', (url: string) => ({ image_url: url })],
		['image_urls', (url: string) => ({ image_urls: [url] })],
		['video_urls', (url: string) => ({ video_urls: [url] })],
	] as const)('puts the result URL in output.%s when videoOutputField says so', async (field, expected) => {
		await withSettings(sim, { videoOutputField: field }, async () => {
			const client = apiClient(sim);
			const created = await createUnified(client, videoBody(sim));
			const { data } = await pollUnified(client, created.task_id, ['completed']);
			expect(data.output).toEqual(expected(`${sim.url}/results/${created.task_id}.mp4`));
		});
	});

	it.each([
		['portrait.mp4', { frames: 2, width: 720, height: 1280 }],
		['moov-at-end.mp4', { frames: 24, width: 320, height: 180, durationSeconds: 2 }],
		['fragmented.mp4', { frames: 24, width: 320, height: 180, durationSeconds: 2 }],
		['frames-600.mp4', { frames: 600, width: 160, height: 90, durationSeconds: 20 }],
		['landscape-720p.mp4', { frames: 2, width: 1280, height: 720 }],
		['exactly-10mb.mp4', { frames: 48, width: 640, height: 360 }],
	])('takes %s', async (name, video) => {
		const client = apiClient(sim);
		const created = await createUnified(client, videoBody(sim, { target_video: sim.sampleUrl(name) }));
		expect((await pollUnified(client, created.task_id, ['completed', 'failed'])).data.status).toBe('completed');
		expect(sim.task(created.task_id)?.video).toMatchObject(video);
	});

	it('checks the video settings when set, in code and over HTTP', async () => {
		for (const bad of [
			{ videoRejection: 'later' },
			{ videoMsPerFrame: -1 },
			{ videoOutputField: 'videos' },
			{ videoResultBytes: '50MB' },
			{ videoUrlMustEndMp4: 'yes' },
		]) {
			expect(() => sim.configure(bad as never)).toThrow(`invalid value for simulator option "${Object.keys(bad)[0]}"`);
		}
		const patch = { videoRejection: 'create', videoMsPerFrame: 3, videoOutputField: 'video', videoResultBytes: 1 };
		const response = await axios.post(`${sim.url}/__simulator/config`, patch);
		expect(response.data.config).toMatchObject(patch);
		sim.configure({ videoRejection: 'task', videoMsPerFrame: 2, videoOutputField: 'video_url', videoResultBytes: 0 });
	});

	it('calls back when done, with the secret, as for image tasks', async () => {
		const receiver = await startReceiver();
		try {
			const config = { webhook_config: { endpoint: receiver.url, secret: 'video-secret' } };
			const created = await createUnified(apiClient(sim), videoBody(sim, {}, { config }));
			await pollUnified(apiClient(sim), created.task_id, ['completed']);
			await waitFor(() => receiver.received.length === 1);
			const [{ headers, body }] = receiver.received;
			expect(headers['x-webhook-secret']).toBe('video-secret');
			expect(body.data).toEqual(await getUnified(apiClient(sim), created.task_id));
			expect(body.data.output.video_url).toMatch(/\.mp4$/);
		} finally {
			await receiver.stop();
		}
	});
});
