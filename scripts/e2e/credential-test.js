// @ts-check
// The editor's "Test" button for the PiAPI credential, against the real n8n server: `n8n start` offline on a free
// port of 127.0.0.1, owner set up and logged in over REST, then what the credential modal does
// (packages/cli/src/credentials/credentials.controller.ts): GET /rest/credentials/:id?includeData=true (secrets
// come back redacted) and POST /rest/credentials/test with that data — n8n puts the stored key back in place of
// the redaction — and once more with a wrong key typed in. Also asks the server which community packages it
// has (GET /rest/community-packages, what Settings › Community nodes shows; `failedLoading` is false only when
// every node recorded for the package is loaded).
const { freePort } = require('./n8n-cli');
const { tail } = require('./processes');
const { createRestClient } = require('./rest-client');
const { E2eFailure, check, info } = require('./report');

const WRONG_KEY = 'e2e-wrong-key';
const OWNER = { email: 'e2e-owner@example.com', firstName: 'E2E', lastName: 'Owner', password: 'E2e-owner-Passw0rd' };

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
 * @param {{ cli: import('./n8n-cli').N8nCli, simulator: import('../../simulator').Simulator,
 *   credential: { id: string, name: string, type: string }, packageName: string, nodeType: string }} options
 */
async function testCredentialInEditor({ cli, simulator, credential, packageName, nodeType }) {
	const port = await freePort();
	const server = cli.start(['start'], 'n8n-start', {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	});
	const rest = createRestClient(`http://127.0.0.1:${port}`);
	try {
		const began = Date.now();
		await waitUntilReady(server, rest, 180_000);
		info(`n8n start answers on 127.0.0.1:${port} after ${((Date.now() - began) / 1000).toFixed(1)} s`);

		await rest.call('POST', '/rest/owner/setup', OWNER);
		await rest.call('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		check(rest.hasSession(), 'owner set up and logged in (n8n-auth cookie)');

		const packages = /** @type {{ packageName: string, failedLoading?: boolean, installedNodes: { type: string }[] }[]} */ (
			await rest.call('GET', '/rest/community-packages')
		);
		const installed = packages.find((entry) => entry.packageName === packageName);
		check(
			Boolean(installed) && installed?.failedLoading === false && installed.installedNodes.some((node) => node.type === nodeType),
			`the server lists ${packageName} as an installed community package, loaded, with ${nodeType}`,
			JSON.stringify(packages),
		);

		const stored = await rest.call('GET', `/rest/credentials/${credential.id}?includeData=true`);
		const data = /** @type {Record<string, unknown>} */ (stored.data);
		info(`the editor gets the credential with apiKey ${JSON.stringify(data.apiKey)}, baseUrl ${JSON.stringify(data.baseUrl)}`);
		const logged = simulator.requestLog().length;
		const good = await rest.call('POST', '/rest/credentials/test', { credentials: { ...credential, data } });
		check(good?.status === 'OK', `credential test with the stored key passes (${good?.message})`, JSON.stringify(good));
		const bad = await rest.call('POST', '/rest/credentials/test', {
			credentials: { ...credential, data: { ...data, apiKey: WRONG_KEY } },
		});
		check(bad?.status === 'Error', `credential test with a wrong key fails (${bad?.message})`, JSON.stringify(bad));
		const keys = simulator
			.requestLog()
			.slice(logged)
			.filter((entry) => entry.path.startsWith('/account/info'))
			.map((entry) => String(entry.headers['x-api-key']));
		const withGood = keys.filter((key) => key === simulator.apiKey).length;
		const withWrong = keys.filter((key) => key === WRONG_KEY).length;
		check(
			withGood >= 1 && withWrong >= 1 && withGood + withWrong === keys.length,
			`the tests reached the simulator: GET /account/info ${withGood}× with the key, ${withWrong}× with the wrong one`,
			`X-API-Key values seen: ${JSON.stringify(keys)}`,
		);
	} finally {
		const stopping = Date.now();
		await server.stop();
		info(`n8n start stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
	}
}

module.exports = { testCredentialInEditor };
