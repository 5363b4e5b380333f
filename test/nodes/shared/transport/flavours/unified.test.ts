// Where a finished task's result sits in PiAPI's unified task JSON: image tasks as before; video tasks in
// output.video_url, output.video, or (not confirmed either way) the image fields of a task of the video model.
import type { INode } from 'n8n-workflow';

import { toSnapshot } from '../../../../../nodes/shared/transport/flavours/unified';

const node = { name: 'PiAPI Multi Face Swap' } as INode;
const ctx = { getNode: () => node };
const VIDEO = 'https://img.theapi.app/ephemeral/3c6e.mp4';
const IMAGE = 'https://img.theapi.app/ephemeral/3c6e.png';

const snapshotOf = (model: string, output: Record<string, unknown> | null) =>
	toSnapshot(ctx, { task_id: 't-1', status: 'completed', model, output }, 0);

describe('a video task’s result', () => {
	it.each([
		['output.video_url', { video_url: VIDEO }],
		['output.video', { video: VIDEO }],
		['output.image_url', { image_url: VIDEO }],
		['output.image_urls', { image_urls: ['', VIDEO] }],
	])('is read from %s', (_where, output) => {
		const snapshot = snapshotOf('Qubico/video-toolkit', output);
		expect(snapshot).toMatchObject({ kind: 'video', videoUrl: VIDEO });
		expect(snapshot.imageUrl).toBeUndefined();
		expect(snapshot.imageBase64).toBeUndefined();
	});

	it('prefers output.video_url over the other fields', () => {
		const output = { video: `${VIDEO}?video`, image_url: `${VIDEO}?image`, video_url: VIDEO };
		expect(snapshotOf('Qubico/video-toolkit', output).videoUrl).toBe(VIDEO);
	});

	it('is a video when output.video_url is there, even if the model is not echoed', () => {
		expect(snapshotOf('', { video_url: VIDEO })).toMatchObject({ kind: 'video', videoUrl: VIDEO });
	});

	it('is missing, not invented, while the task has no output', () => {
		const snapshot = snapshotOf('Qubico/video-toolkit', null);
		expect(snapshot.kind).toBe('video');
		expect(snapshot.videoUrl).toBeUndefined();
	});

	it('ignores a video field that is not an http(s) URL', () => {
		expect(snapshotOf('Qubico/video-toolkit', { video_url: 'not a url' }).videoUrl).toBeUndefined();
	});
});

describe('an image task’s result', () => {
	it('stays an image result', () => {
		const snapshot = snapshotOf('Qubico/image-toolkit', { image_url: IMAGE });
		expect(snapshot.kind).toBeUndefined();
		expect(snapshot.imageUrl).toBe(IMAGE);
		expect(snapshot.videoUrl).toBeUndefined();
	});
});

describe('a failed task’s message', () => {
	const failed = (error: Record<string, unknown>) =>
		toSnapshot(ctx, { task_id: 't-1', status: 'failed', model: 'Qubico/video-toolkit', error }, 0).errorMessage;

	it('is PiAPI’s message, with its detail when there is one', () => {
		expect(failed({ code: 10000, message: 'invalid request', detail: 'video has 601 frames' })).toBe(
			'invalid request (video has 601 frames)',
		);
		expect(failed({ code: 10000, message: 'invalid request, no face found in the image', detail: null })).toBe(
			'invalid request, no face found in the image',
		);
	});

	it('falls back to raw_message, or to the detail alone', () => {
		expect(failed({ message: '', raw_message: 'internal error' })).toBe('internal error');
		expect(failed({ message: '', detail: 'video has 601 frames' })).toBe('video has 601 frames');
	});
});
