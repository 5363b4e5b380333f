import { ImageInputError } from '../../shared/formats/bytes';

// Base64 text as users paste it (plain, or a data URI), decoded strictly, for images and videos alike. Errors are
// ImageInputError, the file-input error that helpers/imageInput.ts and helpers/videoInput.ts turn into field errors.

/**
 * Decodes plain base64 (whitespace ignored) or a `data:<type>;base64,` URI. `declaredType`: the data URI's type
 * (lowercase), for the caller to compare with the bytes. `noun` and `example` word the messages.
 */
export function decodeBase64Text(
	text: string,
	{ noun, example }: { noun: string; example: string },
): { bytes: Buffer; declaredType?: string } {
	const trimmed = text.trim();
	if (trimmed === '') throw new ImageInputError(`is empty; enter the ${noun} as base64 text`);
	if (/^data:/i.test(trimmed)) {
		const comma = trimmed.indexOf(',');
		const parameters = trimmed.slice(5, comma === -1 ? undefined : comma).split(';');
		if (comma === -1 || !parameters.slice(1).some((p) => p.trim().toLowerCase() === 'base64')) {
			throw new ImageInputError(`is a data URI that is not base64-encoded; it must look like data:${example};base64,…`);
		}
		return { bytes: decodeStrictBase64(trimmed.slice(comma + 1)), declaredType: parameters[0].trim().toLowerCase() };
	}
	if (/^https?:\/\//i.test(trimmed)) throw new ImageInputError('is a URL, not base64 data: use the URL source for it');
	return { bytes: decodeStrictBase64(trimmed) };
}

/**
 * Node's decoder silently skips invalid characters and stops at stray padding, which would turn a damaged
 * paste into a different (possibly still parseable) file: validate the text first. Both the standard and the
 * URL-safe alphabet are accepted (not mixed), since the node re-encodes the bytes before sending them.
 */
function decodeStrictBase64(data: string): Buffer {
	const invalid = /[^A-Za-z0-9+/=_\-\s]/u.exec(data);
	if (invalid) {
		const shown = JSON.stringify(invalid[0]);
		throw new ImageInputError(
			`is not valid base64: character ${invalid.index + 1} of the data is ${shown}, but base64 uses only A–Z, a–z, 0–9, + and / (or - and _), with = padding at the end`,
		);
	}
	const compact = data.replace(/\s+/g, '');
	if (compact === '') throw new ImageInputError('is empty: the data URI has no data after the comma');
	if (/[+/]/.test(compact) && /[-_]/.test(compact)) {
		throw new ImageInputError('is not valid base64: it mixes the standard (+ /) and URL-safe (- _) alphabets');
	}
	const padding = compact.indexOf('=');
	if (padding !== -1 && !/^={1,2}$/.test(compact.slice(padding))) {
		throw new ImageInputError('is not valid base64: "=" padding may only appear once or twice, at the very end');
	}
	if ((padding !== -1 && compact.length % 4 !== 0) || compact.length % 4 === 1) {
		throw new ImageInputError(
			`is not valid base64: its length (${compact.length} characters without whitespace) is impossible, so characters are missing or extra`,
		);
	}
	return Buffer.from(compact, 'base64');
}
