/**
 * Names what a file that is not an MP4 video looks like (a WebM, a MOV, an image, a web page saved as "video.mp4"),
 * so the user learns what they actually sent. Messages complete the sentence "The target video …".
 */
import { ascii, u32be } from './bytes';

const ACCEPTED = 'PiAPI accepts MP4';
const CONVERT = `${ACCEPTED} (convert it first, e.g. ffmpeg -i input -c:v libx264 output.mp4)`;

/** ISO base media brands that are not MP4 video: QuickTime, and the HEIF/AVIF still-image formats. */
export function describeNonMp4Brand(brand: string): string | undefined {
	if (brand === 'qt  ') return `is a QuickTime (MOV) video, not MP4; ${CONVERT}`;
	if (/^(avif|avis)$/.test(brand)) return `is an AVIF image, not a video; ${ACCEPTED}`;
	if (/^(hei.|hev.|mif1|msf1)$/.test(brand)) return `is a HEIC/HEIF image (the iPhone photo format), not a video; ${ACCEPTED}`;
	return undefined;
}

/** A complete message for bytes that do not start with an MP4 `ftyp` box. */
export function describeNonMp4(bytes: Uint8Array): string {
	// Images first: a GIF's "G" is also the MPEG-TS sync byte.
	const image = nameImage(bytes);
	if (image) return `is ${image}, not a video; ${ACCEPTED}`;
	const container = nameContainer(bytes);
	if (container) return `is ${container}; ${CONVERT}`;
	const audio = nameAudio(bytes);
	if (audio) return `is ${audio}, not a video; PiAPI needs a video with a face in it`;
	if (looksLikeText(bytes.subarray(0, 512))) return describeText(ascii(bytes, 0, 512));
	if (bytes.length < 16) {
		return `is only ${bytes.length} byte${bytes.length === 1 ? '' : 's'} long, too short to be a video; ${ACCEPTED}`;
	}
	const firstBytes = Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
	return `is not an MP4 video (it starts with the bytes ${firstBytes}); ${ACCEPTED}`;
}

/** Old QuickTime movies and bare ISO files start with a movie, data or padding box instead of `ftyp`. */
const BOXES_WITHOUT_FTYP = ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'];

function nameContainer(bytes: Uint8Array): string | undefined {
	const head = ascii(bytes, 0, 64);
	if (head.startsWith('\x1a\x45\xdf\xa3')) {
		// EBML header: its DocType says "webm" or "matroska" within the first few dozen bytes.
		return head.includes('webm') ? 'a WebM video, not MP4' : 'a Matroska (MKV) video, not MP4';
	}
	if (head.startsWith('RIFF') && head.slice(8, 12) === 'AVI ') return 'an AVI video, not MP4';
	if (BOXES_WITHOUT_FTYP.includes(head.slice(4, 8)) && u32be(bytes, 0) >= 8) {
		return 'a QuickTime (MOV) movie or an old MP4 without a file-type (ftyp) header, not an MP4 PiAPI can be sure to read';
	}
	if (head.startsWith('FLV\x01')) return 'a Flash video (FLV), not MP4';
	if (head.startsWith('\x30\x26\xb2\x75\x8e\x66\xcf\x11')) return 'a Windows Media (WMV/ASF) file, not MP4';
	if (head.startsWith('OggS')) return 'an Ogg file (Theora video or Vorbis/Opus audio), not MP4';
	if (head.startsWith('\0\0\x01\xba')) return 'an MPEG program stream (.mpg), not MP4';
	if (bytes[0] === 0x47 && bytes.length > 188 && bytes[188] === 0x47) return 'an MPEG transport stream (.ts), not MP4';
	return undefined;
}

function nameAudio(bytes: Uint8Array): string | undefined {
	const head = ascii(bytes, 0, 12);
	if (head.startsWith('RIFF') && head.slice(8, 12) === 'WAVE') return 'a WAV audio file';
	// MPEG audio frame sync (11 set bits); a JPEG's 0xff 0xd8 does not match it, and images are named first.
	if (head.startsWith('ID3') || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0)) return 'an MP3 audio file';
	if (head.startsWith('fLaC')) return 'a FLAC audio file';
	return undefined;
}

function nameImage(bytes: Uint8Array): string | undefined {
	const head = ascii(bytes, 0, 16);
	if (/^GIF8[79]a/.test(head)) return 'a GIF image (animated GIFs are images too)';
	if (head.startsWith('\x89PNG')) return 'a PNG image';
	if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'a JPEG image';
	if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'a WebP image';
	if (head.startsWith('%PDF-')) return 'a PDF document';
	if (head.startsWith('PK\x03\x04')) return 'a ZIP archive';
	return undefined;
}

const TEXT_CONTROL_BYTES = [0x09, 0x0a, 0x0c, 0x0d];

/** True when the sample is valid UTF-8 without control characters besides tab, line breaks and form feed. */
function looksLikeText(sample: Uint8Array): boolean {
	if (sample.length === 0 || !sample.every((byte) => byte >= 0x20 || TEXT_CONTROL_BYTES.includes(byte))) return false;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
		return true;
	} catch {
		return false;
	}
}

function describeText(head: string): string {
	const lower = head.replace(/^\xef\xbb\xbf/, '').trimStart().toLowerCase();
	if (/^<(!doctype html|html|head|body)\b/.test(lower)) {
		return 'is an HTML page, not a video (a download link often returns a web page, e.g. a login or error page)';
	}
	if (lower.startsWith('{') || lower.startsWith('[')) return 'is JSON text, not a video';
	if (/^https?:\/\//.test(lower)) return 'is a URL written as text, not video bytes: use the URL source for it';
	if (lower.startsWith('#extm3u')) return 'is an HLS playlist (.m3u8), not a video file; PiAPI accepts one MP4 file';
	return `is text, not a video; ${ACCEPTED}`;
}
