/**
 * What the image readers share: the result type, the error type and its messages, and byte readers.
 */
export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageInfo {
	format: ImageFormat;
	mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
	extension: 'png' | 'jpg' | 'webp';
	width: number;
	height: number;
	bytes: number;
}

/** Input that must not be sent. The message is user-facing and complete; the caller prefixes item and field. */
export class ImageInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ImageInputError';
	}
}

const FORMAT_DETAILS = {
	png: { name: 'PNG', mimeType: 'image/png', extension: 'png' },
	jpeg: { name: 'JPEG', mimeType: 'image/jpeg', extension: 'jpg' },
	webp: { name: 'WebP', mimeType: 'image/webp', extension: 'webp' },
} as const;

export function formatName(format: ImageFormat): string {
	return FORMAT_DETAILS[format].name;
}

/** The MIME type and file extension of a format. */
export function formatFileType(format: ImageFormat): { mimeType: ImageInfo['mimeType']; extension: ImageInfo['extension'] } {
	const { mimeType, extension } = FORMAT_DETAILS[format];
	return { mimeType, extension };
}

export const truncated = (format: ImageFormat) =>
	new ImageInputError(
		`is a truncated ${formatName(format)} file: it ends before the image is complete (was the download or copy cut short?)`,
	);

export const corrupt = (format: ImageFormat, detail: string) =>
	new ImageInputError(`is a corrupt ${formatName(format)} file (${detail})`);

export function imageInfo(format: ImageFormat, width: number, height: number, bytes: number): ImageInfo {
	if (width === 0 || height === 0) {
		throw corrupt(format, `its header gives a size of ${width}×${height} px`);
	}
	return { format, ...formatFileType(format), width, height, bytes };
}

// Big- and little-endian readers (PNG and JPEG are big-endian, RIFF is little-endian); `>>> 0` keeps 32 bits unsigned.
export const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
export const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
export const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
export const u24le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
export const u32le = (b: Uint8Array, i: number) => (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
export const ascii = (b: Uint8Array, start: number, length: number) =>
	String.fromCharCode(...b.subarray(start, start + length));
