// The MP4 reader against two independent readers: ffprobe (its committed answers, kept fresh by
// scripts/fixtures/check-videos.js) and mp4box.js, on files from several encoders and layouts; then the files it must
// refuse, each with a message that says what the file is. Damaged bytes: mp4-damaged.test.ts.
import { VideoInputError, isMp4Signature, readMp4Info } from '../../../../nodes/shared/formats/mp4';
import type { VideoInfo } from '../../../../nodes/shared/formats/mp4';
import * as videos from '../../../fixtures/videos';
import * as edit from '../../../fixtures/videos/edit';

const NAMES = videos.videoNames();
const READABLE = NAMES.filter((name) => !(name in videos.REFUSED));
const REFUSED = Object.entries(videos.REFUSED);
const probes = videos.committedProbes();
const load = (name: string) => videos.loadVideo(name);

/** The reader's message for bytes it refuses (fails the test when it reads them or throws something else). */
function refusal(bytes: Uint8Array): string {
	let thrown: unknown = 'nothing: the bytes were read';
	try {
		readMp4Info(bytes);
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(VideoInputError);
	return (thrown as VideoInputError).message;
}

function agreesWithMp4box(info: VideoInfo, bytes: Uint8Array): void {
	const other = videos.readWithMp4box(bytes);
	expect({ width: info.width, height: info.height, frames: info.frames }).toEqual({
		width: other.width,
		height: other.height,
		frames: other.frames,
	});
	expect(info.durationS).toBeCloseTo(other.durationS ?? NaN, 3);
}

describe('the fixtures', () => {
	it('have ffprobe answers recorded for every file, and no answers for files that are gone', () => {
		expect(Object.keys(probes).sort()).toEqual(NAMES);
	});

	it('include the layouts and encoders the reader must handle', () => {
		const layout = (name: string) => videos.readWithMp4box(load(name)).topLevel?.join(' ');
		expect(layout('x264-moov-last.mp4')).toMatch(/mdat moov$/);
		expect(layout('x264-faststart.mp4')).toMatch(/^ftyp moov .*mdat$/);
		expect(layout('fragmented.mp4')).toMatch(/^ftyp moov moof mdat moof mdat/);
		expect(videos.readWithMp4box(load('audio-track-first.mp4')).tracks).toEqual(['audio', 'video']);
		expect(NAMES).toEqual(expect.arrayContaining(['mpeg4.mp4', 'x265.mp4', 'video-audio.mp4', 'anamorphic.mp4']));
	});
});

describe('reading an MP4 video', () => {
	it.each(READABLE)('reads %s as ffprobe does (frame size, frames, duration)', (name) => {
		const info = readMp4Info(load(name));
		expect(videos.differences(name, info, probes[name])).toEqual([]);
		expect(info).toMatchObject({ format: 'mp4', mimeType: 'video/mp4', extension: 'mp4', bytes: load(name).length });
	});

	it.each(READABLE)('reads %s as mp4box.js does', (name) => {
		agreesWithMp4box(readMp4Info(load(name)), load(name));
	});

	it('gives the stored frame size, not the display size, for non-square pixels (tkhd says 192 wide)', () => {
		expect(readMp4Info(load('anamorphic.mp4'))).toMatchObject({ width: 96, height: 64 });
	});

	it('counts every stored frame of a file trimmed by an edit list (20), not only the presented ones (ffprobe decodes 15)', () => {
		expect(readMp4Info(load('trimmed-edit-list.mp4'))).toMatchObject({ frames: 20, durationS: 2 });
		expect(probes['trimmed-edit-list.mp4']).toMatchObject({ nb_frames: '20', nb_read_frames: '15', duration: '1.550000' });
	});

	it('counts 600 and 601 frames exactly', () => {
		expect(readMp4Info(load('frames-600.mp4')).frames).toBe(600);
		expect(readMp4Info(load('frames-601.mp4')).frames).toBe(601);
	});

	it.each([
		['a 64-bit box size (size field 1)', edit.withLargeMdatSize],
		['version-1 track and media headers', edit.withVersion1Headers],
		['compact sample sizes (stz2)', edit.withCompactSampleSizes],
		['64-bit chunk offsets (co64)', edit.withLargeChunkOffsets],
	])('reads %s the same as the original, as mp4box.js does', (_, change) => {
		const original = readMp4Info(load('x264-moov-last.mp4'));
		const changed = change(load('x264-moov-last.mp4'));
		expect(changed).not.toEqual(load('x264-moov-last.mp4'));
		const info = readMp4Info(changed);
		expect({ ...info, bytes: original.bytes }).toEqual(original);
		agreesWithMp4box(info, changed);
	});

	it.each(['trun', 'trex'] as const)(
		'reads fragments whose frame durations are in the %s box instead of the fragment header, as mp4box.js does',
		(where) => {
			const original = readMp4Info(load('fragmented.mp4'));
			const changed = edit.withFragmentDurationsIn(load('fragmented.mp4'), where);
			const info = readMp4Info(changed);
			expect({ ...info, bytes: original.bytes }).toEqual(original);
			agreesWithMp4box(info, changed);
		},
	);

	it('reads a last box whose size is 0 ("to the end of the file") the same as the original', () => {
		for (const name of ['x264-faststart.mp4', 'x264-moov-last.mp4']) {
			expect(readMp4Info(edit.withLastBoxSizeZero(load(name)))).toEqual(readMp4Info(load(name)));
		}
	});
});

describe('refusing what is not an MP4 video', () => {
	it.each(REFUSED)('refuses %s, saying what it is', (name, message) => {
		expect(refusal(load(name))).toMatch(message);
	});

	it.each([
		['nothing', '', /^is empty \(0 bytes\)$/],
		['an HTML error page', '<!DOCTYPE html><html><body>403 Forbidden', /^is an HTML page, not a video/],
		['JSON', '{"error":"not found"}', /^is JSON text, not a video$/],
		['an HLS playlist', '#EXTM3U\n#EXT-X-VERSION:3\n', /^is an HLS playlist \(\.m3u8\)/],
		['a URL as text', 'https://example.com/clip.mp4', /^is a URL written as text/],
		['a PNG image', '\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR', /^is a PNG image, not a video; PiAPI accepts MP4$/],
		['a JPEG image', '\xff\xd8\xff\xe0\0\x10JFIF\0', /^is a JPEG image, not a video/],
		['a WebP image', 'RIFF\x24\0\0\0WEBPVP8 ', /^is a WebP image, not a video/],
		['an AVI header', 'RIFF\x24\0\0\0AVI LIST', /^is an AVI video, not MP4/],
		['a WAV header', 'RIFF\x24\0\0\0WAVEfmt ', /^is a WAV audio file, not a video; PiAPI needs a video with a face in it$/],
		['a Flash video', 'FLV\x01\x05\0\0\0\x09', /^is a Flash video \(FLV\)/],
		['an MPEG program stream', '\0\0\x01\xba\x44\0\x04\0\x04\x01', /^is an MPEG program stream/],
		['a Windows Media file', '\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa', /^is a Windows Media \(WMV\/ASF\) file, not MP4/],
		['a FLAC file', 'fLaC\0\0\0\x22\x10\0\x10\0', /^is a FLAC audio file, not a video; PiAPI needs a video/],
		['an Ogg stream', 'OggS\0\x02\0\0\0\0\0\0\0\0', /^is an Ogg file/],
		['an MP3 with ID3 tags', 'ID3\x04\0\0\0\0\0\x0f', /^is an MP3 audio file, not a video; PiAPI needs a video/],
		['a HEIC photo', '\0\0\0\x18ftypheic\0\0\0\0mif1heic', /^is a HEIC\/HEIF image/],
		['an AVIF image', '\0\0\0\x1cftypavif\0\0\0\0avifmif1', /^is an AVIF image, not a video/],
		['an old QuickTime movie without ftyp', '\0\0\0\x08wide\0\0\0\x10mdat', /^is a QuickTime \(MOV\) movie or an old MP4 without/],
		['a few random bytes', '\x01\x02\x03', /^is only 3 bytes long, too short to be a video/],
		['unknown binary data', '\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10', /^is not an MP4 video \(it starts with the bytes 01 02 03 04/],
		['an ftyp cut inside its brand', '\0\0\0\x18ftypis', /^is a truncated MP4 file: it ends inside its file-type \(ftyp\) box/],
	])('refuses %s, saying what it is', (_, text, message) => {
		expect(refusal(Buffer.from(text, 'latin1'))).toMatch(message);
	});

	it('names an MPEG transport stream by its sync byte every 188 bytes', () => {
		const stream = Buffer.alloc(376, 0xff);
		stream[0] = 0x47;
		stream[188] = 0x47;
		expect(refusal(stream)).toMatch(/^is an MPEG transport stream \(\.ts\)/);
	});

	it('refuses a box that runs past the end of the box that holds it', () => {
		const damaged = edit.mapBoxes(load('x264-moov-last.mp4'), (type: string, whole: Buffer) =>
			type === 'tkhd' ? Buffer.concat([Buffer.from([0, 1, 0, 0]), whole.subarray(4)]) : undefined,
		);
		expect(refusal(damaged)).toMatch(/^is a corrupt MP4 file \(the "tkhd" box at byte \d+ runs past the end of its "trak" box\)$/);
	});

	it('refuses an index whose time and size tables disagree on the frame count', () => {
		expect(refusal(edit.withSttsCountOffBy(load('x264-moov-last.mp4'), 1))).toBe(
			'is a corrupt MP4 file (its sample tables disagree: 30 frames by size (stsz), 31 by time (stts))',
		);
	});

	it('refuses a faststart file cut right after its index: the video data it points at is missing', () => {
		const bytes = load('x264-faststart.mp4');
		const mdat = edit.topLevelBoxes(bytes).find((box) => box.type === 'mdat');
		expect(refusal(bytes.subarray(0, mdat?.start))).toMatch(/^is a truncated MP4 file: it ends inside its video data/);
	});

	it.each([
		['32-bit (stco)', (bytes: Buffer) => bytes],
		['64-bit (co64)', edit.withLargeChunkOffsets],
	])('refuses an index whose %s chunk offsets point past the end of the file', (_, layout) => {
		expect(refusal(edit.withFirstChunkPastTheEnd(layout(load('x264-moov-last.mp4'))))).toMatch(
			/^is a truncated MP4 file: it ends inside its video data: the index points at byte \d+, but the file has \d+ bytes/,
		);
	});

	it('refuses a file cut before its index (moov comes last), saying it was probably cut short', () => {
		const bytes = load('x264-moov-last.mp4');
		const moov = edit.topLevelBoxes(bytes).find((box) => box.type === 'moov');
		expect(refusal(bytes.subarray(0, moov?.start))).toMatch(/^is a truncated MP4 file: it has video data but no index \(moov box\)/);
	});

	it('refuses a fragmented file whose fragments are all missing', () => {
		const bytes = load('fragmented.mp4');
		const moof = edit.topLevelBoxes(bytes).find((box) => box.type === 'moof');
		expect(refusal(bytes.subarray(0, moof?.start))).toMatch(/^is a fragmented MP4 without any video frames/);
	});
});

describe('an MP4 signature in the first bytes of a stream', () => {
	it.each(READABLE)('is found in the first 64 bytes of %s', (name) => {
		expect(isMp4Signature(load(name).subarray(0, 64))).toBe(true);
	});

	it.each(['quicktime.mov', 'webm-renamed.mp4', 'avi-renamed.mp4', 'animation-renamed.mp4'])('is not found in %s', (name) => {
		expect(isMp4Signature(load(name).subarray(0, 64))).toBe(false);
	});

	it('needs twelve bytes (box size, "ftyp", brand)', () => {
		expect(isMp4Signature(load('x264-faststart.mp4').subarray(0, 11))).toBe(false);
	});
});
