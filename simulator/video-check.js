// @ts-check
// Reads a target video the way PiAPI states its limits: MP4 only, at most 10 MB, at most 720p (1280x720 either way
// round), at most 600 frames, with a video track. Read with mp4box (a dev-only npm MP4 parser), independently of the
// node's own MP4 reader, so the two can be checked against each other.

// mp4box names its types in package.json `exports` only, which this repo's moduleResolution ("node") does not read:
// the types come from the file's path, the module by its name (a name TypeScript does not resolve).
const MP4BOX = 'mp4box';
/** @type {typeof import('mp4box/dist/mp4box.all.cjs')} */
const { createFile, MP4BoxBuffer } = require(MP4BOX);

const MAX_VIDEO_BYTES = 10 * 1024 * 1024;
const MAX_FRAMES = 600;
const MAX_LONG_SIDE = 1280;
const MAX_SHORT_SIDE = 720;

/** @typedef {{ frames: number, width: number, height: number, durationSeconds: number }} VideoInfo */
/** @typedef {{ ok: true, info: VideoInfo } | { ok: false, reason: string, info?: VideoInfo }} VideoReading */

/** The first box's type and, for `ftyp`, its major brand. @param {Buffer} bytes */
function ftypOf(bytes) {
	if (bytes.length < 12 || bytes.toString('latin1', 4, 8) !== 'ftyp') return undefined;
	return { majorBrand: bytes.toString('latin1', 8, 12) };
}

/**
 * The movie as mp4box reads it, or undefined when it cannot (not ISO BMFF, truncated, no moov).
 * @param {Buffer} bytes
 */
function parseMovie(bytes) {
	const file = createFile();
	/** @type {import('mp4box/dist/mp4box.all.cjs').Movie|undefined} */
	let movie;
	let failed = false;
	file.onReady = (info) => (movie = info);
	file.onError = () => (failed = true);
	try {
		const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
		file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, 0));
		file.flush();
	} catch {
		return undefined;
	}
	return failed ? undefined : movie;
}

/**
 * What the video is, and why PiAPI would refuse it (if it would).
 * @param {Buffer} bytes the whole file
 * @returns {VideoReading}
 */
function readVideo(bytes) {
	if (bytes.length > MAX_VIDEO_BYTES) return { ok: false, reason: 'target_video: larger than 10 MB' };
	const ftyp = ftypOf(bytes);
	// QuickTime (.mov) shares MP4's box structure but is not MP4: PiAPI takes MP4 only.
	if (!ftyp || ftyp.majorBrand === 'qt  ') return { ok: false, reason: 'target_video: not an MP4 file' };
	const movie = parseMovie(bytes);
	if (!movie) return { ok: false, reason: 'target_video: the MP4 file cannot be read (truncated or damaged)' };
	const track = movie.videoTracks[0];
	if (!track) return { ok: false, reason: 'target_video: the MP4 file has no video track' };
	const width = track.video?.width || track.track_width;
	const height = track.video?.height || track.track_height;
	// A fragmented file's track header may say 0: its samples' own durations then give the length.
	const seconds = Math.max(track.duration, track.samples_duration) / (track.timescale || 1);
	/** @type {VideoInfo} */
	const info = { frames: track.nb_samples, width, height, durationSeconds: Math.round(seconds * 1000) / 1000 };
	const long = Math.max(width, height);
	const short = Math.min(width, height);
	if (long > MAX_LONG_SIDE || short > MAX_SHORT_SIDE)
		return { ok: false, reason: `target_video: ${width}x${height} is over 720p (1280x720)`, info };
	if (info.frames > MAX_FRAMES)
		return { ok: false, reason: `target_video: ${info.frames} frames, more than ${MAX_FRAMES}`, info };
	if (info.frames === 0) return { ok: false, reason: 'target_video: the video track has no frames', info };
	return { ok: true, info };
}

module.exports = { readVideo, MAX_VIDEO_BYTES, MAX_FRAMES };
