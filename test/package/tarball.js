// @ts-check
// What `npm pack` would publish, and the source files that must be in it compiled (a .ts test may not spawn processes).
const { execFileSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join, relative } = require('node:path');
const { loadPackage, PACKAGE_DIR } = require('../harness');

/** @returns {{ files: string[], size: number, packageJson: Record<string, any> }} */
function packedFiles() {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: PACKAGE_DIR,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const [pack] = JSON.parse(output);
	return {
		files: pack.files.map((/** @type {{ path: string }} */ file) => file.path).sort(),
		size: pack.size,
		packageJson: require(join(PACKAGE_DIR, 'package.json')),
	};
}

/** Every .ts file under credentials/ and nodes/, as the .js path the build must produce. @returns {string[]} */
function expectedCompiledFiles() {
	/** @param {string} dir @returns {string[]} */
	const walk = (dir) =>
		readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
			entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
		);
	return ['credentials', 'nodes']
		.flatMap((folder) => walk(join(PACKAGE_DIR, folder)))
		.filter((file) => file.endsWith('.ts'))
		.map((file) => `dist/${relative(PACKAGE_DIR, file).replace(/\.ts$/, '.js')}`)
		.sort();
}

/**
 * The icon files n8n resolves for each node and credential of the built package, as package-relative paths.
 * @returns {Promise<Array<{ owner: string, light: string, dark: string }>>}
 */
async function iconFiles() {
	const { nodeTypes, credentialTypes, iconFile, directory } = await loadPackage();
	/** @type {Array<[string, unknown]>} */
	const icons = [
		...Object.entries(nodeTypes).map(([name, type]) => /** @type {[string, unknown]} */ ([name, /** @type {any} */ (type).description.iconUrl])),
		...Object.entries(credentialTypes).map(([name, type]) => /** @type {[string, unknown]} */ ([name, type.iconUrl])),
	];
	return icons.map(([owner, icon]) => {
		const { light, dark } = /** @type {{ light: string, dark: string }} */ (icon);
		return { owner, light: relative(directory, iconFile(light)), dark: relative(directory, iconFile(dark)) };
	});
}

module.exports = { packedFiles, expectedCompiledFiles, iconFiles };
