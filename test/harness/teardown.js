// @ts-check
// jest setupFilesAfterEnv: after each test file, shut down the engine if that file started it (see lifecycle.js;
// found through a global so files that never ran the engine load nothing), then delete the temporary n8n user
// folder setup-env.js made for the file.
const { rmSync } = require('node:fs');

afterAll(async () => {
	const registry = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis));
	const shutdown = registry[Symbol.for('n8n-nodes-piapi-faceswap.harness.shutdown')];
	if (typeof shutdown === 'function') await shutdown();
	const folder = process.env.N8N_PIAPI_TEMP_USER_FOLDER;
	if (folder && folder === process.env.N8N_USER_FOLDER) rmSync(folder, { recursive: true, force: true });
});
