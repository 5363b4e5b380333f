// @ts-check
// Must be required before anything loads n8n-core: n8n writes its settings under N8N_USER_FOLDER (a temp folder
// here, deleted on exit) and logs unless told to be silent. Every benchmark process (the main one and its children)
// starts with this.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'piapi-bench-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
process.env.N8N_LOG_LEVEL ??= 'silent';

module.exports = {};
