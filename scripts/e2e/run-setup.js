// @ts-check
// The set-up that run.js and run-agent.js share: the packed package installed as a community package, the PiAPI
// simulator, the stand-in model, and their credentials imported (which creates n8n's database).
const { writeFileSync } = require('node:fs');
const path = require('node:path');
const { startSimulator } = require('../../simulator');
const { onCleanup } = require('./cleanup');
const { installIntoNodesFolder, packRepository, registerInstalledPackage } = require('./community-package');
const { PIAPI_NODE_TYPE, loadExamples } = require('./examples');
const { startModelStandIn } = require('./model-stand-in');
const { createN8nCli, freePort } = require('./n8n-cli');
const { N8N_VERSION, ensureN8n } = require('./n8n-install');
const { check, info, step } = require('./report');
const { makeRunFolders } = require('./run-main');

const CREDENTIAL = { id: 'piapiE2eCred0001', name: 'PiAPI (e2e simulator)', type: 'piApi' };
/** n8n's OpenAI credential, its Base URL on the stand-in model (model-stand-in.js). */
const MODEL_CREDENTIAL = { id: 'piapiE2eModel001', name: 'OpenAI (e2e stand-in model)', type: 'openAiApi' };

/**
 * `npm pack`, unpacked into the user folder's nodes folder; returns the package folder (registerPackageRows needs it).
 * @param {{ tempDir: string, userFolder: string, logDir: string }} options
 */
function packAndInstall({ tempDir, userFolder, logDir }) {
	return step('npm pack, installed as a community package', async () => {
		const { tarball, files } = await packRepository(tempDir);
		info(`${path.basename(tarball)}: ${files} files`);
		const installed = await installIntoNodesFolder({ tarball, userFolder, logDir });
		info(`unpacked into ${path.relative(tempDir, installed.packageDir)}, ledger nodes/package.json updated`);
		return installed.packageDir;
	});
}

/**
 * The simulator and the stand-in model on free loopback ports (stopped at cleanup), and both credentials imported.
 * @param {{ cli: import('./n8n-cli').N8nCli, tempDir: string }} options
 */
async function startServices({ cli, tempDir }) {
	const simulator = await step('PiAPI simulator', async () => {
		const sim = await startSimulator({ port: 0 });
		onCleanup('stop the simulator', () => sim.stop());
		info(`${sim.url} (key ${sim.apiKey})`);
		return sim;
	});
	const standIn = await step('stand-in model (OpenAI Chat Completions, scripted)', async () => {
		const model = await startModelStandIn();
		onCleanup('stop the stand-in model', () => model.stop());
		info(model.url);
		return model;
	});
	await step('n8n import:credentials (creates the database)', async () => {
		const file = path.join(tempDir, 'credentials.json');
		const credentials = [
			{ ...CREDENTIAL, data: { apiKey: simulator.apiKey, baseUrl: simulator.url, uploadUrl: simulator.url } },
			{ ...MODEL_CREDENTIAL, data: { apiKey: standIn.apiKey, url: standIn.url } },
		];
		writeFileSync(file, JSON.stringify(credentials));
		await cli.run(['import:credentials', `--input=${file}`], 'import-credentials');
	});
	return { simulator, standIn };
}

/**
 * The installed_packages / installed_nodes rows (after the database exists), checked by loading the package with n8n-core.
 * @param {{ n8nDir: string, packageDir: string, userFolder: string, logDir: string }} options
 */
function registerPackageRows({ n8nDir, packageDir, userFolder, logDir }) {
	return step('installed_packages / installed_nodes rows, loaded by n8n-core', async () => {
		const loaded = await registerInstalledPackage({ n8nDir, packageDir, userFolder, logDir });
		info(`nodes: ${loaded.nodes.map((node) => `${node.type} v${node.version} "${node.name}"`).join(', ')}`);
		check(loaded.nodes.some((node) => node.type === PIAPI_NODE_TYPE), `n8n-core loads ${PIAPI_NODE_TYPE} from the installed package`);
		check(loaded.credentials.includes(CREDENTIAL.type), `n8n-core loads the ${CREDENTIAL.type} credential type`);
	});
}

/**
 * Everything before the first check: the run's folders, n8n, the package installed and registered, the services, a
 * free port for n8n and the examples pointed at them.
 * @param {string} folderPrefix
 */
async function prepareRun(folderPrefix) {
	const folders = makeRunFolders(folderPrefix);
	const { tempDir, logDir, userFolder } = folders;
	const n8n = await step(`n8n ${N8N_VERSION} in the cache folder`, () => ensureN8n(logDir));
	const packageDir = await packAndInstall(folders);
	const cli = await createN8nCli({ bin: n8n.bin, userFolder, logDir });
	const { simulator, standIn } = await startServices({ cli, tempDir });
	await registerPackageRows({ n8nDir: n8n.dir, packageDir, userFolder, logDir });
	const n8nPort = await freePort();
	const examples = loadExamples({
		simulatorUrl: simulator.url,
		n8nUrl: `http://127.0.0.1:${n8nPort}`,
		credential: { id: CREDENTIAL.id, name: CREDENTIAL.name },
		modelCredential: { id: MODEL_CREDENTIAL.id, name: MODEL_CREDENTIAL.name },
	});
	return { ...folders, n8n, cli, simulator, standIn, n8nPort, examples };
}

module.exports = { CREDENTIAL, MODEL_CREDENTIAL, prepareRun };
