// @ts-check
// Loads the built package (dist/) exactly as n8n loads an installed community package: n8n-core's
// PackageDirectoryLoader reads package.json's `n8n` section, requires every listed file, validates the node
// descriptions and rewrites `file:` icons to `icons/<package>/<path>` URLs. Loaded once per process (per jest file).
const { existsSync } = require('node:fs');
const path = require('node:path');
const { PackageDirectoryLoader } = require('n8n-core');

/** @typedef {import('n8n-workflow').INodeType | import('n8n-workflow').IVersionedNodeType} AnyNodeType */

/**
 * @typedef {object} LoadedPackage
 * @property {PackageDirectoryLoader} loader the n8n-core loader itself (known, types, nodesByCredential…)
 * @property {string} packageName
 * @property {string} directory the package root the loader read
 * @property {Record<string, AnyNodeType>} nodeTypes keyed like n8n keys community nodes: `<package>.<node>`
 * @property {Record<string, import('n8n-workflow').ICredentialType>} credentialTypes keyed by credential name
 * @property {(iconUrl: string) => string} iconFile absolute file behind an `icons/<package>/…` URL
 */

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');

/** @type {{ name: string }} */
const packageJson = require('../../package.json');
const PACKAGE_NAME = packageJson.name;

/** @type {Promise<LoadedPackage> | undefined} */
let cached;

/** @returns {Promise<LoadedPackage>} */
function loadPackage() {
	cached ??= readPackage(PACKAGE_DIR).catch((error) => {
		cached = undefined; // let the next test retry (e.g. after a build) instead of caching the failure
		throw error;
	});
	return cached;
}

/**
 * @param {string} directory
 * @returns {Promise<LoadedPackage>}
 */
async function readPackage(directory) {
	const loader = new PackageDirectoryLoader(directory);
	try {
		await loader.loadAll();
	} catch (error) {
		const hint = existsSync(path.join(directory, 'dist')) ? '' : ' (no dist/ folder: run `npm run build` first)';
		throw new Error(`n8n could not load the package at ${directory}${hint}: ${String(error)}`, { cause: error });
	}
	const { packageName } = loader;

	/** @type {Record<string, AnyNodeType>} */
	const nodeTypes = {};
	for (const [name, { type }] of Object.entries(loader.nodeTypes)) nodeTypes[`${packageName}.${name}`] = type;

	/** @type {Record<string, import('n8n-workflow').ICredentialType>} */
	const credentialTypes = {};
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) credentialTypes[name] = type;

	const prefix = `icons/${packageName}/`;
	/** @param {string} iconUrl */
	const iconFile = (iconUrl) => {
		if (!iconUrl.startsWith(prefix)) throw new Error(`Icon URL "${iconUrl}" does not start with "${prefix}"`);
		return path.join(loader.directory, iconUrl.slice(prefix.length));
	};

	return { loader, packageName, directory: loader.directory, nodeTypes, credentialTypes, iconFile };
}

module.exports = { loadPackage, PACKAGE_DIR, PACKAGE_NAME };
