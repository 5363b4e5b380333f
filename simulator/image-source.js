// @ts-check
// Gets the bytes of a task's input image: base64 is decoded already; URLs of this simulator are read directly;
// other loopback URLs are fetched; anything else gets a placeholder, since the simulator has no internet.

const { isLoopbackHost, loopbackRequest } = require('./http-client');
const { formatFromName } = require('./formats');
const { placeholderImage } = require('./images');

/** @typedef {import('./validate').ImageInput} ImageInput */

/**
 * @typedef {object} ImageSourceContext
 * @property {() => number} ownPort the simulator's port
 * @property {(pathname: string) => { bytes: Buffer }|undefined} readLocal a /samples/, /uploads/ or /results/ file,
 *   if it exists
 * @property {AbortSignal} signal aborted when the simulator stops
 */

/**
 * @param {ImageInput} image
 * @param {ImageSourceContext} context
 * @returns {Promise<Buffer>}
 */
async function loadImage(image, context) {
	if (image.kind === 'base64') return image.bytes;
	const url = new URL(image.url);
	if (!isLoopbackHost(url.hostname)) return placeholderImage(image.url, formatFromName(image.url) ?? 'png');
	if (url.protocol === 'http:' && Number(url.port || 80) === context.ownPort()) {
		const local = context.readLocal(decodeURIComponent(url.pathname));
		if (!local) throw new Error(`${url.pathname} does not exist on the simulator`);
		return local.bytes;
	}
	const response = await loopbackRequest({ method: 'GET', url, signal: context.signal });
	if (response.status !== 200) throw new Error(`GET ${image.url} answered HTTP ${response.status}`);
	return response.body;
}

module.exports = { loadImage };
