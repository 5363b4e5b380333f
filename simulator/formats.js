// @ts-check
// The three image formats PiAPI accepts: recognising them and naming their MIME types and file extensions.

/** @typedef {'png'|'jpeg'|'webp'} ImageFormat */

/** @type {Record<ImageFormat, string>} */
const MIME_BY_FORMAT = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };
/** @type {Record<ImageFormat, string>} */
const EXT_BY_FORMAT = { png: 'png', jpeg: 'jpg', webp: 'webp' };

/**
 * Format from the file's first bytes (its "magic number").
 * @param {Buffer} bytes
 * @returns {ImageFormat|undefined}
 */
function sniffImageFormat(bytes) {
	if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
		return 'webp';
	}
	return undefined;
}

/**
 * Format from a file name or URL path ending.
 * @param {string} name
 * @returns {ImageFormat|undefined}
 */
function formatFromName(name) {
	const match = /\.(png|jpe?g|webp)$/i.exec(name);
	if (!match) return undefined;
	const ext = match[1].toLowerCase();
	return ext === 'png' ? 'png' : ext === 'webp' ? 'webp' : 'jpeg';
}

module.exports = { MIME_BY_FORMAT, EXT_BY_FORMAT, sniffImageFormat, formatFromName };
