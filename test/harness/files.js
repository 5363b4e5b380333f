// @ts-check
// File checks for tests (test .ts files may not import node built-ins under the repository's lint).
const { existsSync, readFileSync, statSync } = require('node:fs');
const path = require('node:path');
const { PACKAGE_DIR } = require('./package');

/**
 * Facts about a file, given absolute or relative to the package root.
 * @param {string} file
 * @returns {{ path: string, relative: string, isFile: boolean, text: string }} relative uses '/', text '' if absent
 */
function packageFile(file) {
	const absolute = path.resolve(PACKAGE_DIR, file);
	const isFile = existsSync(absolute) && statSync(absolute).isFile();
	return {
		path: absolute,
		relative: path.relative(PACKAGE_DIR, absolute).split(path.sep).join('/'),
		isFile,
		text: isFile ? readFileSync(absolute, 'utf8') : '',
	};
}

module.exports = { packageFile };
