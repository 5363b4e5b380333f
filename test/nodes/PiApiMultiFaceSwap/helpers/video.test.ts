// The target-video checks run before any paid request: PiAPI's limits (MP4, 10 MB, 720p, 600 frames) exactly at and
// just over each limit, and video URLs checked as far as they can be without downloading them.
import {
	VIDEO_LIMITS,
	VideoInputError,
	checkVideoBytes,
	checkVideoUrl,
} from '../../../../nodes/PiApiMultiFaceSwap/helpers/video';
import * as videos from '../../../fixtures/videos';
import * as edit from '../../../fixtures/videos/edit';

const load = (name: string) => videos.loadVideo(name);

function refusal(check: () => unknown): string {
	let thrown: unknown = 'nothing: the input was accepted';
	try {
		check();
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(VideoInputError);
	return (thrown as VideoInputError).message;
}

/** A valid MP4 of exactly `size` bytes: a small fixture with a `free` box appended (built in memory, not committed). */
const mp4OfSize = (size: number) => edit.withFreeBoxAppended(load('x264-moov-last.mp4'), size - load('x264-moov-last.mp4').length);

describe('the video limits', () => {
	it('are PiAPI\'s: 10 MB, 720p in either orientation, 600 frames', () => {
		expect(VIDEO_LIMITS).toEqual({ maxBytes: 10 * 1024 * 1024, maxLongSide: 1280, maxShortSide: 720, maxFrames: 600 });
		expect(Object.isFrozen(VIDEO_LIMITS)).toBe(true);
	});
});

describe('checking a target video before sending it', () => {
	it.each(['frames-600.mp4', 'landscape-1280x720.mp4', 'portrait-720x1280.mp4', 'rotated-90.mp4', 'fragmented.mp4'])(
		'accepts %s, which is within every limit',
		(name) => {
			expect(checkVideoBytes(load(name))).toMatchObject({ format: 'mp4', mimeType: 'video/mp4' });
		},
	);

	it('accepts exactly 600 frames and refuses 601, naming both figures', () => {
		expect(checkVideoBytes(load('frames-600.mp4')).frames).toBe(600);
		expect(refusal(() => checkVideoBytes(load('frames-601.mp4')))).toMatch(/^has 601 frames; PiAPI takes at most 600: shorten/);
	});

	it('refuses a video over 720p, naming its size and the limit', () => {
		expect(refusal(() => checkVideoBytes(load('hd-1920x1080.mp4')))).toMatch(
			/^is 1920×1080 px; PiAPI takes at most 720p \(1280×720, or 720×1280 upright\): shorten, scale or compress it first/,
		);
	});

	it('accepts exactly 10 MB and refuses one byte more', () => {
		expect(checkVideoBytes(mp4OfSize(VIDEO_LIMITS.maxBytes)).bytes).toBe(10 * 1024 * 1024);
		expect(refusal(() => checkVideoBytes(mp4OfSize(VIDEO_LIMITS.maxBytes + 1)))).toMatch(
			/^is 10\.00 MB \(10485761 bytes\); PiAPI takes at most 10 MB \(10485760 bytes\): /,
		);
	});

	it('names every broken limit in one message', () => {
		const big = edit.withFreeBoxAppended(load('hd-1920x1080.mp4'), 11 * 1024 * 1024);
		expect(refusal(() => checkVideoBytes(big))).toMatch(/^is 11\.00 MB .*, and is 1920×1080 px; .*: shorten/);
	});

	it('passes on what the MP4 reader says about a file that is not an MP4 video', () => {
		expect(refusal(() => checkVideoBytes(load('webm-renamed.mp4')))).toMatch(/^is a WebM video, not MP4/);
		expect(refusal(() => checkVideoBytes(load('audio-only.m4a')))).toMatch(/^has no video track/);
	});
});

describe('checking a target video URL without downloading it', () => {
	it.each([
		'https://cdn.example.com/clips/greeting.mp4',
		'https://cdn.example.com/clips/greeting.M4V',
		'http://cdn.example.com/video?id=42',
		'https://bucket.s3.amazonaws.com/clip.mp4?X-Amz-Signature=abc&X-Amz-Expires=3600',
		'https://cdn.example.com/download/7f3a9c',
		'https://files.example.com/download.php?file=greeting.mp4',
	])('accepts %s (an MP4 or no extension: what is behind it cannot be known without downloading)', (url) => {
		expect(checkVideoUrl(`  ${url} `)).toBe(url);
	});

	it.each([
		['https://cdn.example.com/clip.mov', /^ends in \.mov, so it is a QuickTime \(MOV\) video, not an MP4/],
		['https://cdn.example.com/clip.webm?token=1', /^ends in \.webm, so it is a WebM video/],
		['https://cdn.example.com/clip.MKV', /^ends in \.mkv, so it is a Matroska \(MKV\) video/],
		['https://cdn.example.com/clip.avi', /^ends in \.avi, so it is an AVI video/],
		['https://cdn.example.com/funny.gif', /^ends in \.gif, so it is an image/],
		['https://cdn.example.com/face.jpg', /^ends in \.jpg, so it is an image/],
		['https://cdn.example.com/clips/index.html', /^ends in \.html, so it is a web page/],
		['https://cdn.example.com/live/index.m3u8', /^ends in \.m3u8, so it is a streaming playlist/],
		['https://cdn.example.com/my%20clip.webm', /^ends in \.webm/],
		['https://www.youtube.com/watch?v=dQw4w9WgXcQ', /^is a page on www\.youtube\.com, not a link to an MP4 file/],
		['https://youtu.be/dQw4w9WgXcQ', /^is a page on youtu\.be/],
		['ftp://files.example.com/clip.mp4', /^uses the ftp: scheme; PiAPI can only download http:\/\/ and https:\/\//],
		['https://user:secret@cdn.example.com/clip.mp4', /^contains a user name or password/],
		['https://cdn.example.com/my clip.mp4', /^contains spaces or line breaks/],
		['cdn.example.com/clip.mp4', /^is not a valid URL/],
		['https:cdn.example.com/clip.mp4', /^is not a valid URL/],
		['data:video/mp4;base64,AAAA', /^is a data URI, not a web address: use the Base64 source/],
		['   ', /^is empty; enter the video URL$/],
	])('refuses %s, saying why', (url, message) => {
		expect(refusal(() => checkVideoUrl(url))).toMatch(message);
	});
});
