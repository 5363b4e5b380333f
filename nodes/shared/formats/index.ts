/**
 * Reads the format and pixel size of PNG, JPEG and WebP files from their structure (one reader a format, in this
 * folder), strictly enough to catch truncated or corrupt files before PiAPI bills a request it would reject.
 * Hand-written because community nodes may not ship runtime dependencies.
 *
 * Width and height are the stored ones; EXIF orientation is ignored on purpose, because PiAPI's size limit applies
 * to the stored pixels, not to how a viewer rotates them.
 */
import { ImageInputError, ascii } from './bytes';
import type { ImageFormat, ImageInfo } from './bytes';
import { describeUnsupportedContent } from './sniff';
import { readJpeg } from './jpeg';
import { readPng } from './png';
import { readWebp } from './webp';

/** The bytes needed to tell PNG, JPEG and WebP apart (WebP's "RIFF", size, "WEBP"). */
export const SIGNATURE_BYTES = 12;

/** The format the file's signature claims (its first SIGNATURE_BYTES bytes), without checking the rest. */
export function imageFormatOf(bytes: Uint8Array): ImageFormat | undefined {
	if (bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return 'png';
	if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
	if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
	return undefined;
}

export function readImageInfo(bytes: Uint8Array): ImageInfo {
	if (bytes.length === 0) throw new ImageInputError('is empty (0 bytes)');
	const format = imageFormatOf(bytes);
	if (format === 'png') return readPng(bytes);
	if (format === 'jpeg') return readJpeg(bytes);
	if (format === 'webp') return readWebp(bytes);
	if (ascii(bytes, 0, 4) === 'RIFF' && bytes.length < 12) {
		throw new ImageInputError('is a truncated file: it ends inside its RIFF header (WebP images start with one)');
	}
	throw new ImageInputError(describeUnsupportedContent(bytes));
}
