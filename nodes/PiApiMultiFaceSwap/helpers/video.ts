/**
 * Checks target videos before any paid request, as helpers/image.ts does for images: everything PiAPI is known to
 * reject (not MP4, over 10 MB, over 720p, over 600 frames) is refused here with a message that says what to fix.
 * Pure functions, no n8n context. Messages complete the sentence "The target video …".
 */
import { VideoInputError, readMp4Info } from '../../shared/formats/mp4';
import type { VideoInfo } from '../../shared/formats/mp4';

export { VideoInputError, isMp4Signature, readMp4Info } from '../../shared/formats/mp4';
export type { VideoInfo } from '../../shared/formats/mp4';

/**
 * PiAPI's video limits. Confirmed: 600 frames (unified video-toolkit page); MP4 only, 10 MB and "720p" (legacy video
 * face-swap page). "720p" is read as at most 1280×720 in either orientation (long side ≤ 1280, short side ≤ 720):
 * PiAPI does not say how it treats portrait video, and this reading refuses nothing a 720p camera records.
 */
export const VIDEO_LIMITS: Readonly<{ maxBytes: number; maxLongSide: number; maxShortSide: number; maxFrames: number }> =
	Object.freeze({ maxBytes: 10 * 1024 * 1024, maxLongSide: 1280, maxShortSide: 720, maxFrames: 600 });

const FIX_HINT = 'shorten, scale or compress it first (e.g. ffmpeg -i in.mp4 -vf scale=-2:720 -frames:v 600 out.mp4)';

/** readMp4Info plus PiAPI's size, resolution and frame limits; every broken limit is named in one message. */
export function checkVideoBytes(bytes: Uint8Array): VideoInfo {
	const info = readMp4Info(bytes);
	const { maxBytes, maxLongSide, maxShortSide, maxFrames } = VIDEO_LIMITS;
	const problems: string[] = [];
	if (info.bytes > maxBytes) {
		const megabytes = (info.bytes / 1024 / 1024).toFixed(2);
		problems.push(`is ${megabytes} MB (${info.bytes} bytes); PiAPI takes at most 10 MB (${maxBytes} bytes)`);
	}
	if (Math.max(info.width, info.height) > maxLongSide || Math.min(info.width, info.height) > maxShortSide) {
		const limit = `${maxLongSide}×${maxShortSide}, or ${maxShortSide}×${maxLongSide} upright`;
		problems.push(`is ${info.width}×${info.height} px; PiAPI takes at most 720p (${limit})`);
	}
	if (info.frames > maxFrames) problems.push(`has ${info.frames} frames; PiAPI takes at most ${maxFrames}`);
	if (problems.length > 0) throw new VideoInputError(`${problems.join(', and ')}: ${FIX_HINT}`);
	return info;
}

/** Path endings of files that are not MP4, with what they are. */
const OTHER_FILE_TYPES: Array<[RegExp, string]> = [
	[/\.(mov|qt)$/, 'a QuickTime (MOV) video'],
	[/\.webm$/, 'a WebM video'],
	[/\.mkv$/, 'a Matroska (MKV) video'],
	[/\.avi$/, 'an AVI video'],
	[/\.(wmv|asf)$/, 'a Windows Media video'],
	[/\.flv$/, 'a Flash video'],
	[/\.(mpe?g|ts|m2ts|mts|vob)$/, 'an MPEG stream'],
	[/\.(3gp|3g2|ogv|ogg)$/, 'a video in another format'],
	[/\.(m3u8|mpd)$/, 'a streaming playlist (HLS/DASH), not a single file'],
	[/\.(gif|png|jpe?g|webp|heic|avif)$/, 'an image'],
	[/\.(m4a|mp3|wav|aac)$/, 'an audio file'],
	[/\.html?$/, 'a web page'],
];

/** Sites whose links open a player page, not a video file PiAPI could download. */
const VIDEO_PAGE_HOSTS = /(^|\.)(youtube\.com|youtu\.be|vimeo\.com|tiktok\.com|instagram\.com|facebook\.com|x\.com|twitter\.com)$/;

const USE_BINARY = 'download the MP4 with an HTTP Request node and use the Binary source instead';

/**
 * Returns the trimmed URL if it may be an MP4 PiAPI can download: absolute http(s), no spaces or credentials, not a
 * known video page, and not ending in another format's extension (no extension, .mp4 and .m4v pass: the bytes behind
 * a URL cannot be known without downloading them).
 */
export function checkVideoUrl(value: string): string {
	const url = value.trim();
	if (url === '') throw new VideoInputError('is empty; enter the video URL');
	if (/^data:/i.test(url)) throw new VideoInputError('is a data URI, not a web address: use the Base64 source for it');
	if (/\s/.test(url)) throw new VideoInputError('contains spaces or line breaks; encode spaces in a URL as %20');
	// The textual check also refuses forms the URL parser repairs (http:host, http:\\host), which PiAPI may not.
	if (!URL.canParse(url) || (/^https?:/i.test(url) && !/^https?:\/\//i.test(url))) {
		throw new VideoInputError(`is not a valid URL ("${shorten(url)}"); it must be a full address starting with https://`);
	}
	const parsed = new URL(url);
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw new VideoInputError(`uses the ${parsed.protocol} scheme; PiAPI can only download http:// and https:// URLs`);
	}
	if (parsed.username !== '' || parsed.password !== '') {
		throw new VideoInputError(
			'contains a user name or password (user:pass@); PiAPI cannot sign in to download it and the credentials would ' +
				`be passed on, so ${USE_BINARY}`,
		);
	}
	if (VIDEO_PAGE_HOSTS.test(parsed.hostname.toLowerCase())) {
		throw new VideoInputError(
			`is a page on ${parsed.hostname}, not a link to an MP4 file; PiAPI needs a direct link to the file`,
		);
	}
	const path = decodeURIComponentSafe(parsed.pathname).toLowerCase();
	const other = OTHER_FILE_TYPES.find(([ending]) => ending.test(path));
	if (other) {
		const extension = /\.[^./]+$/.exec(path)?.[0];
		throw new VideoInputError(`ends in ${extension}, so it is ${other[1]}, not an MP4; PiAPI accepts MP4 videos only`);
	}
	return url;
}

function decodeURIComponentSafe(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

function shorten(text: string): string {
	return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
