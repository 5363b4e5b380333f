/**
 * Checks image inputs before any paid request: a request PiAPI rejects can still cost the user money, so
 * everything it is known to reject (wrong format, over 10 MB, over 2048×2048 px, bad base64, URLs not ending
 * in an image extension) is refused here with a message that says what to fix. Pure functions, no n8n context.
 */
import { ImageInputError, formatName } from '../../shared/formats/bytes';
import type { ImageInfo } from '../../shared/formats/bytes';
import { readImageInfo } from '../../shared/formats/index';
import { decodeBase64Text } from './base64';

export { ImageInputError } from '../../shared/formats/bytes';
export type { ImageFormat, ImageInfo } from '../../shared/formats/bytes';
export { readImageInfo } from '../../shared/formats/index';

/** PiAPI's documented input limits. A side of exactly 2048 px is accepted, 2049 is not. */
export const IMAGE_LIMITS: Readonly<{ maxBytes: number; maxDimension: number }> = Object.freeze({
	maxBytes: 10 * 1024 * 1024,
	maxDimension: 2048,
});

const RESIZE_HINT = 'scale or compress it first, e.g. with the Edit Image node';

/** readImageInfo plus PiAPI's size and dimension limits; every broken limit is named in one message. */
export function checkImageBytes(bytes: Uint8Array): ImageInfo {
	return checkLimits(readImageInfo(bytes));
}

function checkLimits(info: ImageInfo): ImageInfo {
	const { maxBytes, maxDimension } = IMAGE_LIMITS;
	const problems: string[] = [];
	if (info.bytes > maxBytes) {
		const megabytes = (info.bytes / 1024 / 1024).toFixed(2);
		problems.push(`is ${megabytes} MB (${info.bytes} bytes); PiAPI accepts at most 10 MB (${maxBytes} bytes)`);
	}
	if (info.width > maxDimension || info.height > maxDimension) {
		problems.push(`is ${info.width}×${info.height} px; PiAPI accepts at most ${maxDimension}×${maxDimension}`);
	}
	if (problems.length > 0) throw new ImageInputError(`${problems.join(', and ')}: ${RESIZE_HINT}`);
	return info;
}

/** Declared data-URI types that do not contradict the bytes, besides the exact MIME type. */
export const GENERIC_DECLARED_TYPES = ['', 'application/octet-stream'];
const JPEG_TYPE_ALIASES = ['image/jpg', 'image/pjpeg'];

/**
 * Decodes plain base64 (whitespace ignored) or a `data:image/…;base64,` URI and checks the image. The caller sends
 * `encodeBase64(bytes)`, so a pasted data-URI prefix never reaches PiAPI (whether it accepts one is undocumented).
 */
export function decodeBase64Image(text: string): { bytes: Buffer; info: ImageInfo } {
	const { bytes, declaredType } = decodeBase64Text(text, { noun: 'image', example: 'image/png' });
	const info = readImageInfo(bytes);
	if (declaredType !== undefined && !declaredTypeMatches(declaredType, info)) {
		throw new ImageInputError(
			`is a data URI that says ${declaredType} but contains a ${formatName(info.format)} image (${info.mimeType})`,
		);
	}
	return { bytes, info: checkLimits(info) };
}

function declaredTypeMatches(declaredType: string, info: ImageInfo): boolean {
	if (GENERIC_DECLARED_TYPES.includes(declaredType) || declaredType === info.mimeType) return true;
	return info.format === 'jpeg' && JPEG_TYPE_ALIASES.includes(declaredType);
}

const IMAGE_URL_ENDINGS = ['.png', '.jpg', '.jpeg', '.webp'];
const USE_BINARY_SOURCE = 'download the image with an HTTP Request node and use the Binary source instead';

/** Returns the trimmed URL if PiAPI can download it: absolute http(s), no credentials, ending in an image extension. */
export function checkImageUrl(value: string): string {
	const url = value.trim();
	if (url === '') throw new ImageInputError('is empty; enter the image URL');
	if (/^data:/i.test(url)) {
		throw new ImageInputError('is a data URI, not a web address: use the Base64 source for data URIs');
	}
	if (/\s/.test(url)) throw new ImageInputError('contains spaces or line breaks; encode spaces in a URL as %20');
	// The textual check also refuses forms the URL parser repairs (http:host, http:\\host), which PiAPI may not.
	if (!URL.canParse(url) || (/^https?:/i.test(url) && !/^https?:\/\//i.test(url))) {
		throw new ImageInputError(
			`is not a valid URL ("${shorten(url)}"); it must be a full address starting with https://`,
		);
	}
	const parsed = new URL(url);
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		throw new ImageInputError(`uses the ${parsed.protocol} scheme; PiAPI can only download http:// and https:// URLs`);
	}
	if (parsed.username !== '' || parsed.password !== '') {
		throw new ImageInputError(
			`contains a user name or password (user:pass@); PiAPI cannot sign in to download it and the credentials would be passed on, so ${USE_BINARY_SOURCE}`,
		);
	}
	if (!IMAGE_URL_ENDINGS.some((ending) => url.toLowerCase().endsWith(ending))) {
		throw new ImageInputError(
			`does not end in .png, .jpg, .jpeg or .webp (${describeUrlEnding(parsed)}), and PiAPI rejects such URLs; ${USE_BINARY_SOURCE}`,
		);
	}
	return url;
}

function describeUrlEnding(parsed: URL): string {
	if (parsed.search !== '' || parsed.hash !== '') return 'it ends in a query string or fragment such as ?… or #…';
	const extension = /\.([^./]+)$/.exec(parsed.pathname)?.[1];
	return extension ? `it ends in .${extension}` : 'it has no file extension';
}

function shorten(text: string): string {
	return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Plain base64 (no data-URI prefix), the form PiAPI documents for image inputs. */
export function encodeBase64(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
