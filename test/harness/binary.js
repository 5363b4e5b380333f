// @ts-check
// Where binaries live during a run, set through n8n-core's own BinaryDataService (the one prepareBinaryData and
// getBinaryDataBuffer use):
//  - 'default': in memory, base64 in `binary.<prop>.data` (n8n-core's test default);
//  - 'filesystem': what the real n8n CLI does: the bytes go to disk, the item keeps an `id` and `data` is only a
//    placeholder, so a node that reads `binary.data` directly breaks here as it breaks in production.
// Switching modes between runs of one process works: init() re-reads the config, and files written in
// filesystem mode stay readable after switching back (the filesystem manager is kept).
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { BinaryDataConfig, BinaryDataService } = require('n8n-core');
const { Container } = require('./core');

/** @typedef {'default' | 'filesystem'} BinaryMode */

/** @type {string | undefined} */
let storageDir;
/** @type {BinaryMode | undefined} */
let currentMode;

/** @param {BinaryMode} mode */
async function useBinaryMode(mode) {
	if (mode !== 'default' && mode !== 'filesystem') throw new Error(`Unknown binary mode "${String(mode)}"`);
	if (mode === currentMode) return;
	storageDir ??= mkdtempSync(path.join(tmpdir(), 'n8n-piapi-binary-'));
	const config = Container.get(BinaryDataConfig);
	config.localStoragePath = storageDir;
	config.mode = mode;
	await Container.get(BinaryDataService).init();
	currentMode = mode;
}

/**
 * The bytes of an item's binary property, in either mode (by id from disk, or from the inline base64).
 * @param {import('n8n-workflow').INodeExecutionData} item
 * @param {string} [property]
 * @returns {Promise<Buffer>}
 */
async function readBinary(item, property = 'data') {
	const binary = item.binary?.[property];
	if (!binary) {
		const has = Object.keys(item.binary ?? {}).join(', ') || 'none';
		throw new Error(`The item has no binary property "${property}" (it has: ${has})`);
	}
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** Deletes the files written in filesystem mode. */
function removeBinaryStorage() {
	if (storageDir) rmSync(storageDir, { recursive: true, force: true });
	storageDir = undefined;
	currentMode = undefined;
}

module.exports = { useBinaryMode, readBinary, removeBinaryStorage };
