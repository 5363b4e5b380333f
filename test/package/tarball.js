// @ts-check
// What `npm pack` would publish, and the source files that must be in it compiled (a .ts test may not spawn processes).
const { execFileSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join, relative } = require('node:path');
const { PACKAGE_DIR } = require('../harness');

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

module.exports = { packedFiles, expectedCompiledFiles };
