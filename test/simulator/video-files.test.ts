// Video files: where target videos are read from (loopback URLs, uploads, the internet's stand-in), MP4 uploads, and
// video results as served (padded with a `free` box, chunked, other content types, faults, a client that stops
// reading).
import axios, { type AxiosInstance } from 'axios';
import { createHash } from 'node:crypto';
import { startSimulator, type Simulator } from '../../simulator';
import { paddedBytes } from '../../simulator/mp4-padding';
import { readVideo } from '../../simulator/video-check';
import { apiClient, createUnified, pollUnified, videoBody } from './client';
import { startFileServer, waitFor } from './helpers';
import { withSettings } from './settings';

let sim: Simulator;
let client: AxiosInstance;
let targetMp4: Buffer;
beforeAll(async () => {
	sim = await startSimulator({ pendingMs: 5, videoMsPerFrame: 1 });
	client = apiClient(sim);
	targetMp4 = await download(sim.sampleUrl('target.mp4')).then(({ bytes }) => bytes);
});
afterAll(() => sim.stop());
beforeEach(() => sim.resetCounters());

async function download(url: string) {
	const response = await axios.get(url, { responseType: 'arraybuffer', validateStatus: () => true });
	return { status: response.status, headers: response.headers, bytes: Buffer.from(response.data) };
}

/** Creates a video task and waits until it is final. */
async function finished(input: Record<string, unknown> = {}) {
	const created = await createUnified(client, videoBody(sim, input));
	return (await pollUnified(client, created.task_id, ['completed', 'failed'])).data;
}

describe('target videos', () => {
	it('are downloaded from any loopback URL, 10 MB at most', async () => {
		const host = await startFileServer({ '/clip.mp4': targetMp4, '/big.mp4': 11 * 1024 * 1024 });
		try {
			const clip = await finished({ target_video: `${host.url}/clip.mp4` });
			expect(clip).toMatchObject({ status: 'completed', meta: { usage: { frames: 48, duration: 2 } } });
			const big = await finished({ target_video: `${host.url}/big.mp4` });
			expect(big.error.detail).toBe('target_video: larger than 10 MB');
			const missing = await finished({ target_video: `${host.url}/gone.mp4` });
			expect(missing.error.detail).toBe(`target_video: GET ${host.url}/gone.mp4 answered HTTP 404`);
			expect(host.requested).toEqual(['/clip.mp4', '/big.mp4', '/gone.mp4']);
		} finally {
			await host.stop();
		}
	});

	it('include a sample over 10 MB: target.mp4 with a free box, streamed', async () => {
		const served = await download(sim.sampleUrl('too-large-file.mp4'));
		expect(served.bytes.length).toBe(10 * 1024 * 1024 + 64 * 1024);
		expect(served.bytes.equals(paddedBytes(targetMp4, served.bytes.length))).toBe(true);
	});

	it('answer HEAD with their size and type, the over-10 MB sample included', async () => {
		for (const [name, size] of [
			['target.mp4', targetMp4.length],
			['too-large-file.mp4', 10 * 1024 * 1024 + 64 * 1024],
		] as const) {
			const head = await axios.head(sim.sampleUrl(name));
			expect([head.headers['content-length'], head.headers['content-type']]).toEqual([String(size), 'video/mp4']);
		}
	});

	it('on the internet stand for target.mp4 (the simulator has no internet)', async () => {
		const data = await finished({ target_video: 'https://videos.example.com/clip.mp4' });
		expect(data).toMatchObject({ status: 'completed', meta: { usage: { frames: 48 } } });
	});
});

describe('MP4 uploads (POST /api/ephemeral_resource)', () => {
	it.each([
		['base64', (base64: string) => base64],
		['a data URI', (base64: string) => `data:video/mp4;base64,${base64}`],
	])('take an MP4 as %s, serve it as video/mp4 and as a target_video', async (_form, encode) => {
		const upload = await client.post('/api/ephemeral_resource', {
			file_name: 'clip.mp4',
			file_data: encode(targetMp4.toString('base64')),
		});
		expect(upload.status).toBe(200);
		const url = upload.data.data.url as string;
		expect(url).toMatch(new RegExp(`^${sim.url}/uploads/[0-9a-f-]{36}\\.mp4$`));
		const served = await download(url);
		expect(served.headers['content-type']).toBe('video/mp4');
		expect(served.bytes.equals(targetMp4)).toBe(true);
		expect(await finished({ target_video: url })).toMatchObject({ status: 'completed' });
	});

	it('refuse a file over 10 MB', async () => {
		const file_data = Buffer.alloc(10 * 1024 * 1024 + 1).toString('base64');
		const upload = await client.post('/api/ephemeral_resource', { file_name: 'big.mp4', file_data });
		expect({ status: upload.status, detail: upload.data.detail }).toEqual({ status: 400, detail: 'file larger than 10 MB' });
	});

	it('answer 403 "Insufficient plan level" on plans below Creator (accountPlan "free")', async () => {
		await withSettings(sim, { accountPlan: 'free' }, async () => {
			const body = { file_name: 'clip.mp4', file_data: targetMp4.toString('base64') };
			const upload = await client.post('/api/ephemeral_resource', body);
			expect(upload.status).toBe(403);
			expect(upload.data).toEqual({ code: 403, message: 'Insufficient plan level' });
		});
		expect(sim.counters().uploads).toBe(1);
	});
});

describe('video results', () => {
	it('are padded to videoResultBytes with a free box at the end: still a valid MP4, streamed', async () => {
		await withSettings(sim, { videoResultBytes: 3_000_000 }, async () => {
			const data = await finished();
			const task = sim.task(data.task_id);
			const served = await download(data.output?.video_url as string);
			const file = task?.resultBytes as Buffer;
			expect(served.headers['content-length']).toBe('3000000');
			expect(served.bytes.equals(paddedBytes(file, 3_000_000))).toBe(true);
			expect(served.bytes.subarray(0, file.length).equals(file)).toBe(true);
			expect(served.bytes.readUInt32BE(file.length)).toBe(3_000_000 - file.length);
			expect(served.bytes.toString('latin1', file.length + 4, file.length + 8)).toBe('free');
			expect(readVideo(served.bytes)).toMatchObject({ ok: true, info: { frames: 24 } });
			expect(task?.resultSize).toBe(3_000_000);
			const sha256 = createHash('sha256').update(served.bytes).digest('hex');
			expect(sim.resultSha256(data.task_id)).toBe(sha256);
			const digest = await axios.get(`${sim.url}/__simulator/result-sha256`, { params: { id: data.task_id } });
			expect(digest.data).toEqual({ id: data.task_id, sha256 });
			const { tasks } = (await axios.get(`${sim.url}/__simulator/tasks`)).data;
			expect(tasks.find((summary: { id: string }) => summary.id === data.task_id)).toMatchObject({
				resultSize: 3_000_000,
				resultMimeType: 'video/mp4',
				video: { frames: 48, width: 640, height: 360, durationSeconds: 2 },
			});
			expect(sim.counters()).toMatchObject({ resultDownloads: 1, resultBytesSent: 3_000_000 });
		});
	});

	it('follow chunkedResults, resultContentType and resultBody, as image results do', async () => {
		const url = (await finished()).output?.video_url as string;
		await withSettings(sim, { chunkedResults: true, resultContentType: 'none' }, async () => {
			const served = await download(url);
			expect(served.headers['transfer-encoding']).toBe('chunked');
			expect(served.headers['content-type']).toBeUndefined();
			expect(readVideo(served.bytes).ok).toBe(true);
		});
		await withSettings(sim, { resultContentType: 'wrong' }, async () => {
			expect((await download(url)).headers['content-type']).toBe('image/png');
		});
		await withSettings(sim, { resultBody: 'html' }, async () => {
			const served = await download(url);
			expect([served.status, served.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
		});
	});

	it('take faults on route "result"', async () => {
		const url = (await finished()).output?.video_url as string;
		sim.injectFault({ route: 'result', kind: '502-html' });
		expect((await download(url)).status).toBe(502);
		expect((await download(url)).status).toBe(200);
	});

	it('stop streaming when the client stops reading, and count the download as cut off', async () => {
		await withSettings(sim, { videoResultBytes: 50_000_000 }, async () => {
			const url = (await finished()).output?.video_url as string;
			const response = await axios.get(url, { responseType: 'stream' });
			await new Promise((resolve) => response.data.once('data', resolve));
			response.data.destroy();
			await waitFor(() => sim.counters().resultDownloadsCutOff === 1);
			expect(sim.counters().resultBytesSent).toBeLessThan(50_000_000);
		});
	});
});
