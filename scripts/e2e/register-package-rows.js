// @ts-check
// Child process of the e2e run (see community-package.js, step 4): loads the installed community package with
// n8n-core's PackageDirectoryLoader from the n8n install, then saves the rows n8n's Community Nodes install saves
// (installed-packages.repository.ts persistPackageWithNodes): one `installed_packages` row and one
// `installed_nodes` row per node, named by the node's display name, typed `<package>.<node>`, latestVersion = the
// loaded version. Prints what it loaded as JSON.
// Usage: NODE_PATH=<n8n>/node_modules node register-package-rows.js <n8n dir> <package dir> <database.sqlite>
const { createRequire } = require('node:module');
const path = require('node:path');

/**
 * @typedef {object} SqliteDatabase the part of sqlite3's Database used here
 * @property {(sql: string, params: unknown[], done: (error: Error | null) => void) => void} run
 * @property {(done: (error: Error | null) => void) => void} close
 */

async function main() {
	const [n8nDir, packageDir, databaseFile] = process.argv.slice(2);
	if (!databaseFile) throw new Error('usage: register-package-rows.js <n8n dir> <package dir> <database.sqlite>');
	const requireFromN8n = createRequire(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'));
	/** @type {typeof import('n8n-core')} */
	const { PackageDirectoryLoader } = requireFromN8n('n8n-core');
	/** @type {{ Database: new (file: string, done: (error: Error | null) => void) => SqliteDatabase }} */
	const sqlite3 = requireFromN8n('sqlite3');

	const loader = new PackageDirectoryLoader(packageDir);
	await loader.loadAll();
	const { packageJson, loadedNodes, nodeTypes } = loader;
	if (loadedNodes.length === 0) throw new Error(`n8n loaded no nodes from ${packageDir}`);
	const author = /** @type {{ name?: string, email?: string } | undefined} */ (packageJson.author);
	const nodes = loadedNodes.map(({ name, version }) => ({
		name: nodeTypes[name].type.description.displayName,
		type: `${packageJson.name}.${name}`,
		version,
	}));

	/** @type {SqliteDatabase} */
	const db = await new Promise((resolve, reject) => {
		const opened = new sqlite3.Database(databaseFile, (error) => (error ? reject(error) : resolve(opened)));
	});
	/** @param {string} sql @param {unknown[]} [params] @returns {Promise<void>} */
	const exec = (sql, params = []) =>
		new Promise((resolve, reject) => db.run(sql, params, (error) => (error ? reject(error) : resolve())));
	const now = "STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')";
	try {
		await exec('BEGIN');
		await exec(
			`INSERT INTO "installed_packages" ("packageName", "installedVersion", "authorName", "authorEmail", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ${now}, ${now})`,
			[packageJson.name, packageJson.version, author?.name ?? null, author?.email ?? null],
		);
		for (const node of nodes) {
			await exec('INSERT INTO "installed_nodes" ("name", "type", "latestVersion", "package") VALUES (?, ?, ?, ?)', [
				node.name,
				node.type,
				node.version,
				packageJson.name,
			]);
		}
		await exec('COMMIT');
	} finally {
		await new Promise((resolve) => db.close(() => resolve(undefined)));
	}
	const credentials = Object.keys(loader.credentialTypes);
	process.stdout.write(`${JSON.stringify({ nodes, credentials })}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
