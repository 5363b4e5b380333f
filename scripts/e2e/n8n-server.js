// @ts-check
// `n8n start` for the steps that need the server (credential test, editor in a browser): offline on a free port of
// 127.0.0.1, ready once its REST routes answer, owner set up and logged in over REST. Stopped by the caller when
// the last of those steps is done, and on any failure by the run's cleanup (processes.js).
const { freePort } = require('./n8n-cli');
const { tail } = require('./processes');
const { createRestClient } = require('./rest-client');
const { E2eFailure, check, info } = require('./report');

const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-owner-Passw0rd' };

/**
 * @typedef {object} N8nServer
 * @property {string} baseUrl e.g. http://127.0.0.1:5678
 * @property {ReturnType<typeof createRestClient>} rest logged in as the owner
 * @property {{ email: string, password: string }} owner
 * @property {import('./processes').Started} process
 * @property {() => Promise<void>} stop
 */

/**
 * @param {import('./processes').Started} server
 * @param {ReturnType<typeof createRestClient>} rest
 * @param {number} timeoutMs
 */
async function waitUntilReady(server, rest, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!server.running()) throw new E2eFailure(`n8n start exited before it was ready${tail(server.errFile)}${tail(server.outFile)}`);
		// /healthz answers before the REST routes exist; the public settings route answers once they do.
		const answer = await rest.request('GET', '/rest/settings').catch(() => undefined);
		if (answer?.status === 200 && typeof answer.json === 'object') return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new E2eFailure(`n8n start was not ready within ${timeoutMs / 1000} s${tail(server.errFile)}${tail(server.outFile)}`);
}

/**
 * @param {{ cli: import('./n8n-cli').N8nCli, port?: number, env?: Record<string, string> }} options the port, when URLs
 *   to it were needed earlier; env: more settings of this process (queue mode's main)
 * @returns {Promise<N8nServer>}
 */
async function startN8nServer({ cli, port = 0, env = {} }) {
	port ||= await freePort();
	const server = cli.start(['start'], 'n8n-start', {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		...env,
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	const rest = createRestClient(baseUrl);
	async function stop() {
		const stopping = Date.now();
		await server.stop();
		info(`n8n start stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
	}
	try {
		const began = Date.now();
		await waitUntilReady(server, rest, 180_000);
		info(`n8n start answers on 127.0.0.1:${port} after ${((Date.now() - began) / 1000).toFixed(1)} s`);
		await rest.call('POST', '/rest/owner/setup', OWNER);
		await rest.call('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		check(rest.hasSession(), 'owner set up and logged in (n8n-auth cookie)');
	} catch (error) {
		await stop();
		throw error;
	}
	return { baseUrl, rest, owner: { email: OWNER.email, password: OWNER.password }, process: server, stop };
}

module.exports = { startN8nServer };
