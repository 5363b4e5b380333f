// @ts-check
// The editor's "Test" button for the PiAPI credential, against the real n8n server (`n8n start`, n8n-server.js,
// owner logged in over REST), doing what the credential modal does
// (packages/cli/src/credentials/credentials.controller.ts): GET /rest/credentials/:id?includeData=true (secrets
// come back redacted) and POST /rest/credentials/test with that data — n8n puts the stored key back in place of
// the redaction — and once more with a wrong key typed in. Also asks the server which community packages it
// has (GET /rest/community-packages, what Settings › Community nodes shows; `failedLoading` is false only when
// every node recorded for the package is loaded).
const { check, info } = require('./report');

const WRONG_KEY = 'e2e-wrong-key';

/**
 * @param {{ server: import('./n8n-server').N8nServer, simulator: import('../../simulator').Simulator,
 *   credential: { id: string, name: string, type: string }, packageName: string, nodeType: string }} options
 */
async function testCredentialInEditor({ server, simulator, credential, packageName, nodeType }) {
	const packages = /** @type {{ packageName: string, failedLoading?: boolean, installedNodes: { type: string }[] }[]} */ (
		await server.rest.call('GET', '/rest/community-packages')
	);
	const installed = packages.find((entry) => entry.packageName === packageName);
	check(
		Boolean(installed) && installed?.failedLoading === false && installed.installedNodes.some((node) => node.type === nodeType),
		`the server lists ${packageName} as an installed community package, loaded, with ${nodeType}`,
		JSON.stringify(packages),
	);
	await testCredential({ server, simulator, credential });
}

/**
 * The credential's Test, with the stored key and with a wrong one.
 * @param {{ server: import('./n8n-server').N8nServer, simulator: import('../../simulator').Simulator,
 *   credential: { id: string, name: string, type: string } }} options
 */
async function testCredential({ server, simulator, credential }) {
	const { rest } = server;
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
}

module.exports = { testCredential, testCredentialInEditor };
