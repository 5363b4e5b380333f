// @ts-check
// Which n8n engine line the tests run on: the `n8n-2.x` jest project loads n8n-core 2.x, the `n8n-1.x` project maps
// n8n-core and n8n-workflow to the 1.x copies (see jest.config.js). For the few expectations where n8n itself
// behaves differently between the lines (the harness feature-detects APIs; tests compare behaviour).
/** @type {{ version: string }} */
const corePackage = require('n8n-core/package.json');

const N8N_CORE_VERSION = corePackage.version;
const N8N_MAJOR = Number(N8N_CORE_VERSION.split('.')[0]);

/** The Node.js running the tests, and the one the test script asked for (EXPECTED_NODE_MAJOR), if it did. */
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const EXPECTED_NODE_MAJOR = process.env.EXPECTED_NODE_MAJOR ? Number(process.env.EXPECTED_NODE_MAJOR) : undefined;

module.exports = { N8N_CORE_VERSION, N8N_MAJOR, NODE_MAJOR, EXPECTED_NODE_MAJOR };
