// @ts-check
// n8n-core ships its own copy of @n8n/di (nested under node_modules/n8n-core), and a different top-level copy is
// installed too. The harness must talk to the Container n8n-core itself uses, so it loads @n8n/di from n8n-core's
// folder. `require` with a resolved path keeps jest's module registry (one instance per test file) in the loop.
const path = require('node:path');

const coreDir = path.dirname(require.resolve('n8n-core/package.json'));

/**
 * The part of @n8n/di's Container the harness uses.
 * @typedef {{ get<T>(type: new (...args: any[]) => T): T }} DiContainer
 */

/** @type {{ Container: DiContainer }} */
const di = require(require.resolve('@n8n/di', { paths: [coreDir] }));

module.exports = { Container: di.Container };
