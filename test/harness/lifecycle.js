// @ts-check
// Process-wide engine state: the expression engine n8n uses on this Node.js and engine line (started once, on first
// run; see expressionEngineName) and the binary storage folder. shutdown() releases both; test/harness/teardown.js
// calls it after every test file that started the engine (it finds it through a global, so test files that never
// run the engine load nothing).
const { Expression } = require('n8n-workflow');
const { removeBinaryStorage } = require('./binary');
const { Container } = require('./core');
const { N8N_MAJOR, NODE_MAJOR } = require('./engine');

const SHUTDOWN_KEY = Symbol.for('n8n-nodes-piapi-faceswap.harness.shutdown');

/** @type {Promise<void> | undefined} */
let engine;

/**
 * The engine n8n evaluates expressions with here. n8n's default (ExpressionEngineConfig, N8N_EXPRESSION_ENGINE) is
 * 'vm', which runs on isolated-vm; n8n 1.x's copy (isolated-vm 6) needs Node.js 22+, and n8n-workflow 1.x itself
 * defaults to 'legacy' (in-process). So n8n 1.x on Node.js 20 evaluates with 'legacy' (n8n 1.123.81's start-up
 * code, as read: it starts the configured engine and exits when that fails, so there it runs only with
 * N8N_EXPRESSION_ENGINE=legacy). N8N_EXPRESSION_ENGINE overrides, as in n8n.
 * @returns {'vm' | 'legacy'}
 */
function expressionEngineName() {
	const chosen = process.env.N8N_EXPRESSION_ENGINE;
	if (chosen === 'vm' || chosen === 'legacy') return chosen;
	return N8N_MAJOR === 1 && NODE_MAJOR < 22 ? 'legacy' : 'vm';
}

/** Starts the expression engine with n8n's defaults (ExpressionEngineConfig), once. */
function ensureEngine() {
	engine ??= Expression.initExpressionEngine({
		engine: expressionEngineName(),
		poolSize: 1,
		maxCodeCacheSize: 1024,
		bridgeTimeout: 5000,
		bridgeMemoryLimit: 128,
	});
	/** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[SHUTDOWN_KEY] = shutdown;
	return engine;
}

/** Disposes the expression engine and deletes binary files; safe to call more than once. */
async function shutdown() {
	const started = engine;
	engine = undefined;
	if (started) {
		await started.catch(() => undefined); // a failed start has nothing to dispose
		await Expression.disposeExpressionEngine();
		stopSshClientsManager();
	}
	removeBinaryStorage();
}

/**
 * n8n-core creates its SSHClientsManager (SSH tunnels) for every node context it builds, and that starts a cleanup
 * interval: 2.x unrefs it, 1.x does not, which keeps the process (jest) alive. n8n stops it on shutdown; so do we.
 * The class is not exported by n8n-core's index, hence its module path; a version without it has nothing to stop.
 */
function stopSshClientsManager() {
	/** @type {typeof import('n8n-core/dist/execution-engine/ssh-clients-manager').SSHClientsManager | undefined} */
	let SSHClientsManager;
	try {
		({ SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager'));
	} catch {
		return;
	}
	if (typeof SSHClientsManager?.prototype.onShutdown === 'function') Container.get(SSHClientsManager).onShutdown();
}

module.exports = { ensureEngine, expressionEngineName, shutdown, SHUTDOWN_KEY };
