// Result images, samples and uploads: real images of the right format, served with the right headers.
import axios from 'axios';
import sharp from 'sharp';
import { startSimulator, type Simulator } from '../../simulator';
import { apiClient, createUnified, pollUnified, unifiedBody } from './client';
import { waitFor } from './helpers';

async function download(url: string) {
	const response = await axios.get(url, { responseType: 'arraybuffer', validateStatus: () => true });
	return { status: response.status, headers: response.headers, bytes: Buffer.from(response.data) };
}

describe('simulator images', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ pendingMs: 5, processingMs: 30 });
	});
	afterAll(() => sim.stop());
	afterEach(() =>
		sim.configure({
			resultBytes: 0,
			chunkedResults: false,
			accountPlan: 'creator',
			resultContentType: 'actual',
			resultBody: 'image',
		}),
	);

	async function resultOf(input: Record<string, unknown>) {
		const client = apiClient(sim);
		const created = await createUnified(client, unifiedBody(sim, input));
		const { data } = await pollUnified(client, created.task_id, ['completed', 'failed']);
		expect(data.status).toBe('completed');
		return { url: data.output?.image_url as string, task: sim.task(created.task_id)! };
	}

	it.each([
		['target.png', 'png', 'image/png'],
		['target.jpg', 'jpeg', 'image/jpeg'],
		['target.webp', 'webp', 'image/webp'],
		['group.jpg', 'jpeg', 'image/jpeg'],
	])("derives the result of %s in the target's format and serves exactly its bytes", async (sample, format, mime) => {
		const { url, task } = await resultOf({ target_image: sim.sampleUrl(sample) });
		const served = await download(url);
		expect(served.status).toBe(200);
		expect(served.headers['content-type']).toBe(mime);
		expect(Number(served.headers['content-length'])).toBe(served.bytes.length);
		expect(served.bytes.equals(task.resultBytes as Buffer)).toBe(true);
		expect(task.resultMimeType).toBe(mime);

		const target = (await download(sim.sampleUrl(sample))).bytes;
		const [resultMeta, targetMeta] = await Promise.all([sharp(served.bytes).metadata(), sharp(target).metadata()]);
		expect(resultMeta.format).toBe(format);
		expect([resultMeta.width, resultMeta.height]).toEqual([targetMeta.width, targetMeta.height]);
		// Visibly changed (banner and inset), not a copy of the target.
		const [a, b] = await Promise.all([sharp(served.bytes).raw().toBuffer(), sharp(target).raw().toBuffer()]);
		expect(a.equals(b)).toBe(false);
	});

	it('keeps the format of a base64 target', async () => {
		const webp = await sharp((await download(sim.sampleUrl('target.png'))).bytes)
			.webp()
			.toBuffer();
		const { task } = await resultOf({ target_image: webp.toString('base64') });
		expect(task.resultMimeType).toBe('image/webp');
		expect((await sharp(task.resultBytes as Buffer).metadata()).format).toBe('webp');
	});

	it.each(['target.png', 'target.jpg', 'target.webp'])(
		'pads %s results to about resultBytes and keeps them valid',
		async (sample) => {
			sim.configure({ resultBytes: 2_000_000 });
			const { url, task } = await resultOf({ target_image: sim.sampleUrl(sample) });
			const served = await download(url);
			expect(served.bytes.length).toBeGreaterThan(1_990_000);
			expect(served.bytes.length).toBeLessThan(2_010_000);
			expect(served.bytes.equals(task.resultBytes as Buffer)).toBe(true);
			const { width } = await sharp(served.bytes).metadata();
			expect(width).toBe(512);
			await sharp(served.bytes).raw().toBuffer(); // decodes fully
		},
	);

	it('with chunkedResults, sends results without Content-Length (chunked), byte for byte, and counts the bytes', async () => {
		sim.configure({ chunkedResults: true, resultBytes: 300_000 });
		const { url, task } = await resultOf({ target_image: sim.sampleUrl('target.png') });
		sim.resetCounters();
		const served = await download(url);
		expect(served.headers['content-length']).toBeUndefined();
		expect(served.headers['transfer-encoding']).toBe('chunked');
		expect(served.bytes.equals(task.resultBytes as Buffer)).toBe(true);
		expect(sim.counters()).toMatchObject({ resultDownloads: 1, resultBytesSent: served.bytes.length, resultDownloadsCutOff: 0 });
	});

	it.each([
		['application/octet-stream', 'target.png', 'application/octet-stream'],
		['binary/octet-stream', 'target.jpg', 'binary/octet-stream'],
		['none', 'target.png', undefined],
		['wrong', 'target.png', 'image/jpeg'],
		['wrong', 'target.jpg', 'image/png'],
		['wrong', 'target.webp', 'image/png'],
	] as const)('with resultContentType %s, serves the %s result byte for byte as %s', async (option, sample, header) => {
		sim.configure({ resultContentType: option });
		const { url, task } = await resultOf({ target_image: sim.sampleUrl(sample) });
		const served = await download(url);
		expect(served.headers['content-type']).toBe(header);
		expect(served.bytes.equals(task.resultBytes as Buffer)).toBe(true);
	});

	it.each([
		['html', /^<!DOCTYPE html>/, 'text/html; charset=utf-8'],
		['json', /^\{"code":404,/, 'application/json; charset=utf-8'],
	] as const)('with resultBody %s, answers the result URL with 200 and that body, counted as sent', async (body, start, type) => {
		sim.configure({ resultBody: body });
		const { url } = await resultOf({ target_image: sim.sampleUrl('target.png') });
		sim.resetCounters();
		const served = await download(url);
		expect(served.status).toBe(200);
		expect(served.headers['content-type']).toBe(type);
		expect(served.bytes.toString('utf8')).toMatch(start);
		await waitFor(() => sim.counters().resultBytesSent === served.bytes.length);
		sim.configure({ resultContentType: 'wrong' });
		expect((await download(url)).headers['content-type']).toBe('image/png');
	});

	it('refuses unknown resultContentType and resultBody values', () => {
		expect(() => sim.configure({ resultContentType: 'text/html' as never })).toThrow(/resultContentType/);
		expect(() => sim.configure({ resultBody: 'xml' as never })).toThrow(/resultBody/);
	});

	it('stops sending a result when the client closes the connection, and counts the download as cut off', async () => {
		sim.configure({ chunkedResults: true, resultBytes: 100_000_000 });
		const { url } = await resultOf({ target_image: sim.sampleUrl('target.png') });
		sim.resetCounters();
		const response = await axios.get(url, { responseType: 'stream' });
		let received = 0;
		await new Promise<void>((resolve) => {
			response.data.on('data', (chunk: Buffer) => {
				received += chunk.length;
				if (received > 1_000_000) response.data.destroy();
			});
			response.data.on('close', resolve);
		});
		await waitFor(() => sim.counters().resultDownloadsCutOff === 1);
		// Far below the 100 MB: only what the socket buffers could hold beyond what was read.
		expect(sim.counters().resultBytesSent).toBeLessThan(60_000_000);
	});

	it('answers 404 for results of unfinished or unknown tasks', async () => {
		sim.configure({ pendingMs: 5000 });
		try {
			const created = await createUnified(apiClient(sim), unifiedBody(sim));
			expect((await download(`${sim.url}/results/${created.task_id}.png`)).status).toBe(404);
			expect((await download(`${sim.url}/results/00000000-0000-0000-0000-000000000000.png`)).status).toBe(404);
		} finally {
			sim.configure({ pendingMs: 5 });
		}
	});

	it.each([
		['target.png', 'png'],
		['target.jpg', 'jpeg'],
		['swap.png', 'png'],
		['swap.webp', 'webp'],
		['group.jpg', 'jpeg'],
		['noface.png', 'png'],
	])('serves sample %s as a valid %s image, without an API key', async (name, format) => {
		const served = await download(sim.sampleUrl(name));
		expect(served.status).toBe(200);
		expect(served.headers['content-type']).toBe(`image/${format}`);
		expect((await sharp(served.bytes).metadata()).format).toBe(format);
	});

	it('answers 404 for an unknown sample', async () => {
		expect((await download(sim.sampleUrl('nobody.png'))).status).toBe(404);
	});

	it('stores uploads (base64 or data URI) and uses their URL as task input', async () => {
		const bytes = (await download(sim.sampleUrl('target.jpg'))).bytes;
		const client = apiClient(sim);
		for (const fileData of [bytes.toString('base64'), `data:image/jpeg;base64,${bytes.toString('base64')}`]) {
			const response = await client.post('/api/ephemeral_resource', { file_name: 'me.jpg', file_data: fileData });
			expect(response.status).toBe(200);
			expect(response.data).toEqual({
				code: 200,
				data: { url: expect.stringMatching(/\/uploads\/[0-9a-f-]+\.jpg$/) },
				message: 'success',
			});
			const served = await download(response.data.data.url);
			expect(served.headers['content-type']).toBe('image/jpeg');
			expect(served.bytes.equals(bytes)).toBe(true);
			const { task } = await resultOf({ target_image: response.data.data.url });
			expect(task.resultMimeType).toBe('image/jpeg');
		}
	});

	it('rejects bad uploads, and answers 403 on a free plan', async () => {
		const client = apiClient(sim);
		expect((await client.post('/api/ephemeral_resource', { file_name: 'x', file_data: 'AAAA' })).status).toBe(400);
		expect((await client.post('/api/ephemeral_resource', { file_name: 'x.png', file_data: '***' })).status).toBe(400);
		sim.configure({ accountPlan: 'free' });
		const forbidden = await client.post('/api/ephemeral_resource', { file_name: 'x.png', file_data: 'AAAA' });
		expect(forbidden.status).toBe(403);
		expect(forbidden.data).toEqual({ code: 403, message: 'Insufficient plan level' });
	});
});
