/**
 * Names what a file that is not PNG, JPEG or WebP looks like, so the user learns what they actually sent
 * (an HTML error page saved as "image.png" is a common surprise).
 */
const ACCEPTED = 'PiAPI accepts PNG, JPEG or WebP';

/** Returns a complete message such as "is a GIF image; PiAPI accepts PNG, JPEG or WebP". */
export function describeUnsupportedContent(bytes: Uint8Array): string {
	// Latin-1 keeps one character per byte, so offsets and binary signatures stay comparable.
	const head = String.fromCharCode(...bytes.subarray(0, 512));
	const binaryFormat = nameBinaryFormat(head, bytes.length);
	if (binaryFormat) return `is ${binaryFormat}; ${ACCEPTED}`;
	if (looksLikeText(bytes.subarray(0, 512))) return describeText(head.replace(/^\xef\xbb\xbf/, '').trimStart());
	if (bytes.length < 16) {
		const length = `${bytes.length} byte${bytes.length === 1 ? '' : 's'}`;
		return `is only ${length} long, too short to be an image; ${ACCEPTED}`;
	}
	const firstBytes = Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
	return `is not a PNG, JPEG or WebP image (it starts with the bytes ${firstBytes}); ${ACCEPTED}`;
}

function nameBinaryFormat(head: string, length: number): string | undefined {
	if (/^GIF8[79]a/.test(head)) return 'a GIF image';
	// BMP: "BM", then the file size, then four reserved zero bytes.
	if (head.startsWith('BM') && length >= 26 && head.slice(6, 10) === '\0\0\0\0') return 'a BMP image';
	if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'a TIFF image';
	if (head.startsWith('\0\0\x01\0') && length >= 22 && head.charCodeAt(4) > 0) return 'an ICO icon';
	if (head.startsWith('%PDF-')) return 'a PDF document, not an image';
	if (head.startsWith('8BPS')) return 'a Photoshop (PSD) file';
	if (head.startsWith('\xff\x0a') || head.startsWith('\0\0\0\x0cJXL ')) return 'a JPEG XL image';
	if (head.startsWith('\0\0\0\x0cjP  ')) return 'a JPEG 2000 image';
	if (head.startsWith('PK\x03\x04')) return 'a ZIP archive (or a document in a ZIP-based format), not an image';
	if (head.startsWith('RIFF')) return `a RIFF ${head.slice(8, 12).trim() || 'file'} file, not a WebP image`;
	if (head.slice(4, 8) === 'ftyp') {
		const brand = head.slice(8, 12);
		if (brand.startsWith('avi')) return 'an AVIF image';
		if (/^(hei|hev|mif1|msf1)/.test(brand)) return 'a HEIC/HEIF image (the iPhone photo format)';
		return 'a video or other media file, not an image';
	}
	return undefined;
}

const TEXT_CONTROL_BYTES = [0x09, 0x0a, 0x0c, 0x0d];

/** True when the sample is valid UTF-8 without control characters besides tab, line breaks and form feed. */
function looksLikeText(sample: Uint8Array): boolean {
	if (!sample.every((byte) => byte >= 0x20 || TEXT_CONTROL_BYTES.includes(byte))) return false;
	try {
		// stream: a character cut at the end of the sample is not an error.
		new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
		return true;
	} catch {
		return false;
	}
}

function describeText(text: string): string {
	const lower = text.slice(0, 512).toLowerCase();
	if (lower.startsWith('<svg') || (lower.startsWith('<?xml') && lower.includes('<svg'))) {
		return `is an SVG (vector) image; ${ACCEPTED}: convert it to PNG first`;
	}
	if (/^<(!doctype html|html|head|body)\b/.test(lower)) {
		return 'is an HTML page, not an image (a download link often returns a web page, e.g. a login or error page)';
	}
	if (lower.startsWith('{') || lower.startsWith('[')) return 'is JSON text, not an image';
	if (/^(data:image\/|ivborw0kggo|\/9j\/|uklgr)/.test(lower)) {
		return 'is base64 text, not image bytes: use the Base64 source for it';
	}
	if (/^https?:\/\//.test(lower)) return 'is a URL written as text, not image bytes: use the URL source for it';
	return `is text, not an image; ${ACCEPTED}`;
}

/**
 * The first bytes of a file as short, safe text for an error message: printable ASCII as it is, line breaks and tabs
 * escaped, other bytes as \xNN, quoted; "…" when there is more.
 */
export function printableStart(bytes: Uint8Array, maxBytes = 40): string {
	const escapes: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };
	const shown = Array.from(bytes.subarray(0, maxBytes), (byte) =>
		escapes[byte] ?? (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`),
	).join('');
	return `"${shown}"${bytes.length > maxBytes ? '…' : ''}`;
}
