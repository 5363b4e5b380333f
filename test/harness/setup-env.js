// Runs before every test file, before n8n-core is loaded: n8n writes its config under N8N_USER_FOLDER.
// A folder created here is marked so that teardown.js can delete it after the file.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-piapi-test-'));
	process.env.N8N_PIAPI_TEMP_USER_FOLDER = process.env.N8N_USER_FOLDER;
}
process.env.N8N_LOG_LEVEL ??= 'silent';
