// @ts-check
// `npm run test:e2e:queue`: the package in n8n's queue mode (see README.md here). Redis and Postgres on free loopback
// ports, the packed package in the shared user folder's community nodes folder, n8n main + 2 workers + 2 webhook
// processes behind a round-robin proxy, the simulator with an account limit of 10; then the checks, each a step.
// PIAPI_QUEUE_REPORT=1 (or --report) writes the figures into BENCHMARKS.md and RELIABILITY.md (queue-mode sections).
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { startSimulator } = require('../../../simulator');
const { startCounter } = require('../callback-burst');
const { onCleanup } = require('../cleanup');
const { REPO_DIR, installIntoNodesFolder, packRepository } = require('../community-package');
const { loadExamples, writeImportFile } = require('../examples');
const { createN8nCli, freePort } = require('../n8n-cli');
const { N8N_VERSION, ensureN8n } = require('../n8n-install');
const { npmEnv, run } = require('../processes');
const { E2eFailure, info, step } = require('../report');
const { makeRunFolders, runE2e } = require('../run-main');
const { queueSettings, startCluster } = require('./cluster');
const { checks } = require('./checks');
const { startProxy } = require('./proxy');
const { startPostgres, startRedis } = require('./services');

const CREDENTIAL = { id: 'piapiQueueCred001', name: 'PiAPI (queue e2e simulator)', type: 'piApi' };
const ACCOUNT_LIMIT = 10;

async function main() {
	if (Number(process.versions.node.split('.')[0]) < 22) {
		throw new E2eFailure(`n8n ${N8N_VERSION} needs Node.js >= 22 and this is ${process.version}: run \`npm run test:e2e:queue\``);
	}
	const { tempDir, logDir, userFolder } = makeRunFolders('piapi-queue-', 0o755); // Postgres runs as its own user below it

	const n8n = await step(`n8n ${N8N_VERSION} in the cache folder`, () => ensureN8n(logDir));
	await step('redis-server and postgresql installed (apt, once per machine)', async () => {
		const { stdout } = await run('bash', [path.join(__dirname, 'install-services.sh')], {
			cwd: tempDir,
			env: npmEnv(),
			logPrefix: path.join(logDir, 'install-services'),
			label: 'scripts/e2e/queue/install-services.sh',
			timeoutMs: 10 * 60_000,
		});
		info(stdout.trim());
	});
	const [redis, postgres, proxy, simulator, counter] = await step('Redis, Postgres, the proxy, the simulator and a counter', async () => {
		const started = await Promise.all([
			startRedis({ dir: path.join(tempDir, 'redis'), logDir }),
			startPostgres({ dir: path.join(tempDir, 'postgres'), logDir, n8nDir: n8n.dir }),
			startProxy(),
			startSimulator({ port: 0, concurrency: ACCOUNT_LIMIT }),
			startCounter(),
		]);
		onCleanup('stop the simulator', () => started[3].stop());
		onCleanup('stop the counter', () => started[4].stop());
		info(`redis 127.0.0.1:${started[0].port}, postgres 127.0.0.1:${started[1].port}, proxy ${started[2].url}, simulator ${started[3].url}, counter ${started[4].url}`);
		return started;
	});
	await step('npm pack, installed as a community package in the shared user folder', async () => {
		const { tarball } = await packRepository(tempDir);
		await installIntoNodesFolder({ tarball, userFolder, logDir });
	});

	const settings = queueSettings({ redisPort: redis.port, postgresPort: postgres.port, webhookUrl: proxy.url });
	const cli = await createN8nCli({ bin: n8n.bin, userFolder, logDir, settings });
	const mainPort = await freePort();
	// The agent example needs the stand-in model and its credential, which only the main e2e starts (agent.js).
	const examples = loadExamples({ simulatorUrl: simulator.url, n8nUrl: proxy.url, credential: CREDENTIAL }).filter(
		({ role }) => role !== 'agent',
	);
	const suite = checks({ examples, credential: CREDENTIAL, simulator, proxy, postgres, n8nDir: n8n.dir, accountLimit: ACCOUNT_LIMIT, counter });
	await step('n8n import:credentials, import:workflow, publish:workflow (migrates Postgres)', async () => {
		const credentials = path.join(tempDir, 'credentials.json');
		writeFileSync(credentials, JSON.stringify([{ ...CREDENTIAL, data: { apiKey: simulator.apiKey, baseUrl: simulator.url, uploadUrl: simulator.url } }]));
		await cli.run(['import:credentials', `--input=${credentials}`], 'import-credentials');
		const workflows = path.join(tempDir, 'workflows.json');
		writeImportFile([...examples, ...suite.workflows], workflows);
		await cli.run(['import:workflow', `--input=${workflows}`], 'import-workflows');
		for (const id of suite.published) await cli.run(['publish:workflow', `--id=${id}`], `publish-${id}`);
	});
	const cluster = await step('n8n main, 2 workers, 2 webhook processes in queue mode (started together)', async () => {
		const started = await startCluster({ cli, mainPort });
		proxy.setTargets(started.webhooks.map(({ port }) => port));
		return started;
	});
	await suite.run({ cluster, tempDir });
	// Also kept in out/ (not committed), to render the sections again after a change to their text (report-sections.js).
	mkdirSync(path.join(REPO_DIR, 'out'), { recursive: true });
	for (const file of [path.join(logDir, 'queue-figures.json'), path.join(REPO_DIR, 'out', 'queue-figures.json')]) writeFileSync(file, suite.saved());
	await step('stop n8n', () => cluster.stop());
	if (process.env.PIAPI_QUEUE_REPORT === '1' || process.argv.includes('--report')) {
		await step('figures into BENCHMARKS.md and RELIABILITY.md (queue-mode sections)', async () => suite.report());
	}
}

runE2e(main);
