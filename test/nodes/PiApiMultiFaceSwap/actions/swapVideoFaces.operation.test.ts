// Swap Faces in Video in n8n's real engine against the simulator's video tasks: the target video by URL or uploaded
// from bytes, the result MP4 streamed into n8n's binary store, and what PiAPI's file upload can refuse.
import { readBinary, runNode } from '../../../harness';
import { loadVideo } from '../../../fixtures/videos';
import { withFreeBoxAppended } from '../../../fixtures/videos/edit';
import { paddedBytes } from '../../../../simulator/mp4-padding';
import { createdBodies, credentialsFor, startFastSimulator, videoParameters, type Simulator } from '../simulated';

let sim: Simulator;
let tasksBefore = 0;
const newTasks = () => sim.tasks().slice(tasksBefore);
const SAMPLE = loadVideo('x264-faststart.mp4');

beforeAll(async () => {
	sim = await startFastSimulator();
});
afterAll(async () => await sim.stop());
beforeEach(() => {
	sim.configure({ videoOutputField: 'video_url', videoResultBytes: 0, accountPlan: 'creator', processingMs: 150 });
	sim.clearFaults();
	sim.resetCounters();
	tasksBefore = sim.tasks().length;
});

const run = (parameters: Parameters<typeof videoParameters>[1] = {}, options: Partial<Parameters<typeof runNode>[0]> = {}) =>
	runNode({ parameters: videoParameters(sim, parameters), credentials: credentialsFor(sim), ...options });

/** The uploads PiAPI's file upload received, oldest first. */
const uploadBodies = () => createdBodies(sim, '/api/ephemeral_resource') as Array<{ file_name: string; file_data: string }>;
const binaryInput = (bytes: Buffer) => [{ binary: { data: { bytes, mimeType: 'video/mp4', fileName: 'clip.mp4' } } }];

describe('Swap Faces in Video', () => {
	it('creates a video face-swap task from a video URL, waits, and returns the result MP4 as binary', async () => {
		const { items, error } = await run();

		expect(error).toBeUndefined();
		const [task] = newTasks();
		expect(createdBodies(sim)).toEqual([
			{
				model: 'Qubico/video-toolkit',
				task_type: 'face-swap',
				input: {
					swap_image: sim.sampleUrl('swap.png'),
					target_video: sim.sampleUrl('target.mp4'),
					swap_faces_index: '0',
					target_faces_index: '0',
				},
			},
		]);
		expect(items[0].json).toMatchObject({ taskId: task.id, status: 'completed', api: 'unified', videoUrl: task.resultUrl });
		// No price: PiAPI's rate per frame is not confirmed. The frames come from PiAPI's usage (a URL is not downloaded).
		expect(items[0].json).not.toHaveProperty('costUsd');
		expect(items[0].json).toMatchObject({ frames: task.video?.frames, durationS: task.video?.durationSeconds });
		expect(items[0].binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `piapi-faceswap-${task.id}.mp4` });
		expect((await readBinary(items[0], 'data')).equals(task.resultBytes as Buffer)).toBe(true);
		expect(sim.counters()).toMatchObject({ uploads: 0, videoTasksCreated: 1, resultDownloads: 1 });
	});

	it('uploads a binary MP4 through PiAPI’s file upload first and sends its URL, with the frames read from the file', async () => {
		const { items, error } = await run({ targetVideoSource: 'binary' }, { input: binaryInput(SAMPLE) });

		expect(error).toBeUndefined();
		expect(uploadBodies()).toEqual([{ file_name: 'target.mp4', file_data: SAMPLE.toString('base64') }]);
		const targetVideo = (createdBodies(sim)[0].input as Record<string, string>).target_video;
		expect(targetVideo).toMatch(new RegExp(`^${sim.url}/uploads/[\\w-]+\\.mp4$`));
		const [task] = newTasks();
		expect(items[0].json).toMatchObject({ status: 'completed', frames: task.video?.frames });
		expect(items[0].json.durationS).toBeCloseTo(task.video?.durationSeconds as number, 1);
	});

	it('uploads a base64 data URI as the bare file', async () => {
		const { error } = await run({
			targetVideoSource: 'base64',
			targetVideoBase64: `data:video/mp4;base64,${SAMPLE.toString('base64')}`,
		});
		expect(error).toBeUndefined();
		expect(uploadBodies().map((body) => body.file_data)).toEqual([SAMPLE.toString('base64')]);
		expect(sim.counters().videoTasksCreated).toBe(1);
	});

	it('streams a large result into filesystem binary mode, byte for byte', async () => {
		sim.configure({ videoResultBytes: 3 * 1024 * 1024 + 17 });
		const { items, error } = await run({}, { binaryMode: 'filesystem' });

		expect(error).toBeUndefined();
		const [task] = newTasks();
		expect(task.resultSize).toBe(3 * 1024 * 1024 + 17);
		expect(items[0].binary?.data.id).toEqual(expect.stringMatching(/^filesystem/));
		const stored = await readBinary(items[0], 'data');
		expect(stored.equals(paddedBytes(task.resultBytes as Buffer, task.resultSize as number))).toBe(true);
	});

	it('refuses a result over 200 MB from its declared length, naming the task', async () => {
		sim.configure({ videoResultBytes: 200 * 1024 * 1024 + 1 });
		const { error } = await run();
		expect(error?.message).toMatch(/^The result video at \S+ is 209715201 bytes, over the 209715200-byte limit$/);
		// The task is done and paid for: the error names it, so Get Task can collect it.
		expect(error?.context).toMatchObject({ taskId: newTasks()[0].id });
	});

	it('polls on the video schedule by default: a task done within 10 s is seen by the first poll', async () => {
		sim.configure({ videoMsPerFrame: 100 }); // 48 frames: about 5 s, when the image schedule would poll several times
		try {
			const { items, error } = await run({ options: {} });
			expect(error).toBeUndefined();
			expect(items[0].json.status).toBe('completed');
			expect(sim.counters().polls).toBe(1);
		} finally {
			sim.configure({ videoMsPerFrame: 2 });
		}
	});

	it('returns only the URL with Video URL output, downloading nothing', async () => {
		const { items } = await run({ output: 'url' });
		expect(items[0].binary).toBeUndefined();
		expect(items[0].json.videoUrl).toBe(newTasks()[0].resultUrl);
		expect(sim.counters().resultDownloads).toBe(0);
	});

	it.each(['video_urls', 'video', 'image_url', 'image_urls'] as const)('reads the result PiAPI puts in output.%s', async (field) => {
		sim.configure({ videoOutputField: field });
		const { items, error } = await run();
		expect(error).toBeUndefined();
		expect(items[0].json.videoUrl).toBe(newTasks()[0].resultUrl);
		expect(items[0].json).not.toHaveProperty('imageUrl');
		expect(items[0].binary?.data.mimeType).toBe('video/mp4');
	});

	it('a result host that refuses the video names the task and the status, not the API key', async () => {
		sim.injectFault({ route: 'result', kind: '401', times: 10 });
		const { items } = await run({}, { continueOnFail: true });
		const [task] = newTasks();
		expect(items[0].json).toMatchObject({
			error: `Could not download the result video of task ${task.id}: the result host answered HTTP 401; PiAPI's result links expire, Get Task shows the task again`,
			taskId: task.id,
		});
		expect(JSON.stringify(items[0].json)).not.toMatch(/API key/i);
	});

	it('returns the task at once without waiting, and passes face indices, callback and service mode', async () => {
		const { items } = await run({
			waitForCompletion: false,
			swapFacesIndex: '1, 0',
			targetFacesIndex: '0,1',
			options: { webhookUrl: 'https://n8n.example.com/webhook/piapi', webhookSecret: 's3cret', serviceMode: 'public' },
		});
		expect(items[0].json).toMatchObject({ taskId: newTasks()[0].id, model: 'Qubico/video-toolkit' });
		expect(sim.counters()).toMatchObject({ videoTasksCreated: 1, polls: 0 });
		const [body] = createdBodies(sim);
		expect(body.input).toMatchObject({ swap_faces_index: '1,0', target_faces_index: '0,1' });
		expect(body.config).toEqual({
			webhook_config: { endpoint: 'https://n8n.example.com/webhook/piapi', secret: 's3cret' },
			service_mode: 'public',
		});
	});

	it('refuses a result URL that answers with a web page instead of an MP4, naming the task', async () => {
		sim.configure({ resultBody: 'html', resultContentType: 'application/octet-stream' });
		try {
			const { error } = await run();
			const [task] = newTasks();
			expect(error?.message).toMatch(
				new RegExp(`^The result of task ${task.id} is not an MP4 video: the file at its URL starts with "<!DOCTYPE html>`),
			);
		} finally {
			sim.configure({ resultBody: 'image', resultContentType: 'actual' });
		}
	});

	it('fails the item with PiAPI’s message when PiAPI refuses a video the URL check could not judge', async () => {
		const { error } = await run({ targetVideoUrl: sim.sampleUrl('too-many-frames.mp4') });
		// PiAPI's error.detail says why (the simulator's words here).
		expect(error?.message).toMatch(/^PiAPI could not complete the face swap: invalid request \(.*601.*\)$/);
		expect(error?.description).toContain(newTasks()[0].id);
	});
});

// PiAPI states for images, not for videos, that a URL must end with the file's extension: tested both ways.
describe.each([false, true])('a PiAPI that refuses video URLs not ending in .mp4: %s', (videoUrlMustEndMp4) => {
	beforeEach(() => sim.configure({ videoUrlMustEndMp4 }));
	afterEach(() => sim.configure({ videoUrlMustEndMp4: false }));

	it('a URL with a query string is sent as given, and PiAPI’s refusal is reported', async () => {
		const { error } = await run({ targetVideoUrl: `${sim.sampleUrl('target.mp4')}?v=2` });
		if (videoUrlMustEndMp4) {
			expect(error?.message).toMatch(/^PiAPI rejected the request \(HTTP 400\)/);
			expect(sim.counters().tasksCreated).toBe(0);
		} else {
			expect(error).toBeUndefined();
		}
	});

	it('an uploaded video passes: its URL ends in .mp4', async () => {
		const { error } = await run({ targetVideoSource: 'binary' }, { input: binaryInput(SAMPLE) });
		expect(error).toBeUndefined();
		expect(sim.counters()).toMatchObject({ uploads: 1, videoTasksCreated: 1 });
	});
});

describe('a binary video over 10 MB', () => {
	it.each(['default', 'filesystem'] as const)('is refused from its stored size, unread, sending nothing (%s binary mode)', async (binaryMode) => {
		const big = withFreeBoxAppended(SAMPLE, 10 * 1024 * 1024);
		const { error } = await run({ targetVideoSource: 'binary' }, { input: binaryInput(big), binaryMode });
		expect(error?.message).toBe(
			`Target Video Binary Field (item 0): is ${(big.length / 1024 / 1024).toFixed(2)} MB (${big.length} bytes); PiAPI takes at most 10 MB (10485760 bytes), so it was not read`,
		);
		expect(sim.requestLog()).toEqual([]);
	});
});

describe('PiAPI’s file upload', () => {
	it('on a plan below Creator (403): says so, and creates no task', async () => {
		sim.configure({ accountPlan: 'free' });
		const { error } = await run({ targetVideoSource: 'binary' }, { input: binaryInput(SAMPLE) });

		expect(error?.message).toBe(
			'PiAPI’s file upload needs the Creator plan or higher (HTTP 403: Insufficient plan level); no task was created',
		);
		expect(error?.description).toMatch(/Target Video Source: URL/);
		expect(sim.counters()).toMatchObject({ uploads: 1, tasksCreated: 0 });
	});

	it('goes to the credential’s Upload URL, not to its Base URL', async () => {
		const uploadHost = await startFastSimulator();
		try {
			const { error } = await run(
				{ targetVideoSource: 'binary' },
				{ input: binaryInput(SAMPLE), credentials: { ...credentialsFor(sim), uploadUrl: `${uploadHost.url}/` } },
			);
			expect(error).toBeUndefined();
			expect(uploadHost.counters().uploads).toBe(1);
			expect(sim.counters()).toMatchObject({ uploads: 0, videoTasksCreated: 1 });
			expect((createdBodies(sim)[0].input as Record<string, string>).target_video).toMatch(`${uploadHost.url}/uploads/`);
		} finally {
			await uploadHost.stop();
		}
	});

	it('goes to https://upload.theapi.app from a credential saved before the Upload URL field existed', async () => {
		const { error, requests } = await run(
			{ targetVideoSource: 'binary' },
			{ input: binaryInput(SAMPLE), credentials: { apiKey: sim.apiKey, baseUrl: sim.url } },
		);
		// No internet here: the host cannot be reached, so nothing is created.
		expect(requests[0].url).toBe('https://upload.theapi.app/api/ephemeral_resource');
		expect(error?.message).toBe('Could not reach PiAPI: host not found');
		expect(sim.counters()).toMatchObject({ uploads: 0, tasksCreated: 0 });
	});
});
