// @ts-check
// The result image: the target picture, visibly marked as simulated, with the swap picture as a small inset.
// No face is swapped: the simulator must never pass for the real service. Output keeps the target's format.

const { sharp } = require('./sharp');
const { MIME_BY_FORMAT, EXT_BY_FORMAT } = require('./formats');
const { padImage } = require('./padding');

/** @typedef {import('./formats').ImageFormat} ImageFormat */
/** @typedef {{ bytes: Buffer, format: ImageFormat, mimeType: string, ext: string }} RenderedImage */

const MAX_SIDE = 2048; // PiAPI: inputs under 2048x2048
const BANNER_TEXT = 'SIMULATED \u2014 no real face swap';

/** @param {string} text */
const escapeXml = (text) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** A translucent diagonal band with the banner text, the size of the image. @param {number} width @param {number} height */
function bannerSvg(width, height) {
	const diagonal = Math.hypot(width, height);
	const angle = (-Math.atan2(height, width) * 180) / Math.PI;
	const fontSize = Math.max(8, Math.round(diagonal / (BANNER_TEXT.length * 0.8)));
	const band = Math.round(fontSize * 1.6);
	return Buffer.from(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
			`<g transform="translate(${width / 2} ${height / 2}) rotate(${angle})">` +
			`<rect x="${-diagonal / 2}" y="${-band / 2}" width="${diagonal}" height="${band}" fill="#000" fill-opacity="0.55"/>` +
			`<text x="0" y="${fontSize * 0.35}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-weight="bold" ` +
			`font-size="${fontSize}" fill="#ffdd00">${escapeXml(BANNER_TEXT)}</text></g></svg>`,
	);
}

/**
 * @param {Buffer} target
 * @param {Buffer} swap
 * @param {number} resultBytes pad to about this size (0 = no padding)
 * @returns {Promise<RenderedImage>}
 */
async function renderResult(target, swap, resultBytes) {
	const meta = await sharp(target).metadata();
	const { width, height } = meta;
	if (width > MAX_SIDE || height > MAX_SIDE) throw new Error(`target_image is ${width}x${height}, over 2048x2048`);
	const swapMeta = await sharp(swap).metadata();
	if (swapMeta.width > MAX_SIDE || swapMeta.height > MAX_SIDE) throw new Error('swap_image is over 2048x2048');

	const format = /** @type {ImageFormat} */ (meta.format === 'jpeg' || meta.format === 'webp' ? meta.format : 'png');
	const insetSide = Math.max(1, Math.round(Math.min(width, height) * 0.3));
	const border = Math.max(1, Math.round(insetSide * 0.04));
	const inset = await sharp(swap)
		.resize(insetSide - 2 * border, insetSide - 2 * border, { fit: 'cover' })
		.extend({ top: border, bottom: border, left: border, right: border, background: '#ffffff' })
		.png()
		.toBuffer();
	const { data, info } = await sharp(target)
		.composite([{ input: bannerSvg(width, height) }, { input: inset, gravity: 'southeast' }])
		.toFormat(format)
		.toBuffer({ resolveWithObject: true });
	const bytes = padImage(
		data,
		{ format, width: info.width, height: info.height, hasAlpha: info.channels === 4 },
		resultBytes,
	);
	return { bytes, format, mimeType: MIME_BY_FORMAT[format], ext: EXT_BY_FORMAT[format] };
}

/**
 * Why a base64 input image is unusable (undecodable or over 2048 px), or undefined when it is fine.
 * @param {import('./validate').ImageInput} image
 * @param {string} field
 * @returns {Promise<string|undefined>}
 */
async function base64ImageProblem(image, field) {
	if (image.kind !== 'base64') return undefined;
	try {
		const { width, height } = await sharp(image.bytes).metadata();
		return width > MAX_SIDE || height > MAX_SIDE ? `${field}: ${width}x${height} is over 2048x2048` : undefined;
	} catch {
		return `${field}: the image data cannot be decoded`;
	}
}

/**
 * Stand-in for an image on the internet, which the simulator cannot reach.
 * @param {string} url
 * @param {ImageFormat} format
 * @returns {Promise<Buffer>}
 */
function placeholderImage(url, format) {
	const host = escapeXml(URL.canParse(url) ? new URL(url).host : 'remote host');
	const svg =
		'<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="100%" height="100%" fill="#777"/>' +
		'<circle cx="256" cy="230" r="130" fill="#ddd"/><circle cx="206" cy="200" r="18" fill="#333"/><circle cx="306" cy="200" r="18" fill="#333"/>' +
		'<text x="256" y="420" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="20" fill="#fff">placeholder: no internet in the simulator</text>' +
		`<text x="256" y="450" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="16" fill="#fff">${host}</text></svg>`;
	return sharp(Buffer.from(svg)).toFormat(format).toBuffer();
}

module.exports = { renderResult, placeholderImage, base64ImageProblem };
