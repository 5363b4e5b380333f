// @ts-check
// Child process for the footprint scenario: how long n8n's own loader (n8n-core's PackageDirectoryLoader, as n8n
// loads an installed community package) takes to load this package, in a fresh process.
require('./env');
const path = require('node:path');

async function main() {
	const requireStarted = process.hrtime.bigint();
	const { PackageDirectoryLoader } = require('n8n-core');
	const requireCoreMs = Number(process.hrtime.bigint() - requireStarted) / 1e6;
	const loadStarted = process.hrtime.bigint();
	const loader = new PackageDirectoryLoader(path.resolve(__dirname, '..'));
	await loader.loadAll();
	const loadMs = Number(process.hrtime.bigint() - loadStarted) / 1e6;
	return {
		requireCoreMs,
		loadMs,
		nodes: Object.keys(loader.nodeTypes).length,
		credentials: Object.keys(loader.credentialTypes).length,
	};
}

main().then(
	(report) => process.send?.({ report }, () => process.exit(0)),
	(error) => process.send?.({ error: String(error?.stack ?? error) }, () => process.exit(1)),
);
