// @ts-check
// The INodeTypes registry the engine resolves `node.type` against: the package's nodes (only when the workflow
// uses one, so harness-only runs do not depend on dist/), `harness.input` and the two stand-ins.
const { NodeHelpers } = require('n8n-workflow');
const { inputNodeType, INPUT_NODE_TYPE } = require('./input-node');
const { loadPackage, PACKAGE_NAME } = require('./package');
const { standIns } = require('./stand-ins');

/**
 * @typedef {import('./package').AnyNodeType} AnyNodeType
 * @typedef {import('n8n-workflow').INodeTypes} INodeTypes
 */

/** @implements {INodeTypes} */
class HarnessNodeTypes {
	/** @param {Record<string, AnyNodeType>} types */
	constructor(types) {
		this.types = types;
	}

	/** @param {string} nodeType */
	getByName(nodeType) {
		const type = this.types[nodeType];
		if (!type) {
			const known = Object.keys(this.types).join(', ');
			throw new Error(`The harness has no node type "${nodeType}" (it has: ${known})`);
		}
		return type;
	}

	/**
	 * @param {string} nodeType
	 * @param {number} [version]
	 */
	getByNameAndVersion(nodeType, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

/**
 * @param {Iterable<string>} usedTypes node types the workflow references
 * @returns {Promise<HarnessNodeTypes>}
 */
async function createNodeTypes(usedTypes) {
	const usesPackage = [...usedTypes].some((type) => type.startsWith(`${PACKAGE_NAME}.`));
	const packageTypes = usesPackage ? (await loadPackage()).nodeTypes : {};
	return new HarnessNodeTypes({ ...packageTypes, ...standIns, [INPUT_NODE_TYPE]: inputNodeType });
}

/**
 * Latest version of a node type, the one the editor puts on a new node.
 * @param {AnyNodeType} type
 */
function latestVersion(type) {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version, defaultVersion } = type.description;
	if (defaultVersion !== undefined) return defaultVersion;
	return Array.isArray(version) ? Math.max(...version) : version;
}

module.exports = { HarnessNodeTypes, createNodeTypes, latestVersion };
