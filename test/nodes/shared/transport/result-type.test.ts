// A result's type comes from its bytes, not from the Content-Type its host sends (PiAPI does not publish it): any
// header gives the image with the type and extension of its bytes, and a body that is not an image fails its item.
import { readBinary, runNode } from '../../../harness';
import { credentialsFor, startFastSimulator, swapParameters, withSettings, type Simulator } from '../../PiApiMultiFaceSwap/simulated';

let sim: Simulator;

beforeAll(async () => {
	sim = await startFastSimulator();
});
afterAll(async () => await sim.stop());
beforeEach(() => sim.resetCounters());

const swap = (target: string, binaryMode: 'default' | 'filesystem' = 'default') =>
	runNode({
		parameters: swapParameters(sim, { targetImageUrl: sim.sampleUrl(target) }),
		credentials: credentialsFor(sim),
		binaryMode,
	});

const FILE_TYPES = {
	'target.png': { mimeType: 'image/png', extension: 'png' },
	'target.jpg': { mimeType: 'image/jpeg', extension: 'jpg' },
	'target.webp': { mimeType: 'image/webp', extension: 'webp' },
} as const;

describe('a result image whatever its Content-Type', () => {
	it.each([
		['application/octet-stream', 'target.png', 'default'],
		['application/octet-stream', 'target.webp', 'filesystem'],
		['binary/octet-stream', 'target.jpg', 'default'],
		['none', 'target.png', 'filesystem'],
		['none', 'target.jpg', 'default'],
		['wrong', 'target.png', 'default'],
		['wrong', 'target.jpg', 'filesystem'],
		['wrong', 'target.webp', 'default'],
	] as const)('served as %s: the %s result keeps its bytes and gets their type (%s binary mode)', async (type, target, mode) => {
		await withSettings(sim, { resultContentType: type }, async () => {
			const { items, error } = await swap(target, mode);
			expect(error).toBeUndefined();
			const task = sim.tasks().at(-1);
			const { mimeType, extension } = FILE_TYPES[target];
			expect(items[0].binary?.data).toMatchObject({ mimeType, fileName: `piapi-faceswap-${task?.id}.${extension}` });
			expect((await readBinary(items[0], 'data')).equals(task?.resultBytes as Buffer)).toBe(true);
		});
	});

	it('also when sent without a length (chunked) and large', async () => {
		await withSettings(sim, { resultContentType: 'application/octet-stream', chunkedResults: true, resultBytes: 3_000_000 }, async () => {
			const { items, error } = await swap('target.jpg', 'filesystem');
			expect(error).toBeUndefined();
			const task = sim.tasks().at(-1);
			expect(items[0].binary?.data).toMatchObject({ mimeType: 'image/jpeg', fileName: `piapi-faceswap-${task?.id}.jpg` });
			expect((await readBinary(items[0], 'data')).equals(task?.resultBytes as Buffer)).toBe(true);
		});
	});
});

describe('a result URL that sends something else than an image (status 200)', () => {
	const notAnImage = (taskId: string | undefined, start: string, contentType: string) =>
		`The result of task ${taskId} is not an image: the file at its URL starts with ${start} (${contentType})`;
	// Forty bytes at most, escaped, in quotes.
	const HTML_START = '"<!DOCTYPE html>\\n<html>\\n<head><title>404 "…';
	const JSON_START = '"{\\"code\\":404,\\"message\\":\\"file not found\\",\\""…';

	it.each([
		['html', 'actual', HTML_START, 'content type "text/html; charset=utf-8"'],
		['html', 'wrong', HTML_START, 'content type "image/png"'],
		['json', 'none', JSON_START, 'no content type'],
		['json', 'application/octet-stream', JSON_START, 'content type "application/octet-stream"'],
	] as const)('a %s body served as %s fails the item, naming the task and showing what came', async (body, type, start, named) => {
		await withSettings(sim, { resultBody: body, resultContentType: type }, async () => {
			const { items, error } = await swap('target.png');
			const task = sim.tasks().at(-1);
			expect(task?.status).toBe('completed');
			expect(items).toEqual([]);
			expect(error?.message).toBe(notAnImage(task?.id, start, named));
			expect(error).toMatchObject({ context: expect.objectContaining({ itemIndex: 0, taskId: task?.id }) });
			expect(sim.counters().resultDownloads).toBe(1);
		});
	});

	it('with Continue On Fail, each item gets its own error, in order, paired with its input', async () => {
		await withSettings(sim, { resultBody: 'html' }, async () => {
			const { items, error } = await runNode({
				parameters: swapParameters(sim, { targetImageUrl: '={{ $json.target }}' }),
				input: [{ json: { target: sim.sampleUrl('target.jpg') } }, { json: { target: sim.sampleUrl('target.png') } }],
				credentials: credentialsFor(sim),
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			// Each item's task is the one made from its own input, and its error names that task.
			const tasks = items.map((item) => sim.task(item.json.taskId as string));
			expect(tasks.map((task) => task?.input.target_image)).toEqual([sim.sampleUrl('target.jpg'), sim.sampleUrl('target.png')]);
			for (const [index, item] of items.entries()) {
				expect(item.json.error).toBe(notAnImage(tasks[index]?.id, HTML_START, 'content type "text/html; charset=utf-8"'));
			}
			expect(items.every((item) => item.binary === undefined)).toBe(true);
		});
	});
});
