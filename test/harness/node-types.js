// @ts-check
// The INodeTypes registry the engine resolves `node.type` against: the package's nodes (only when the workflow
// uses one, so harness-only runs do not depend on dist/) with the `…Tool` types n8n generates from them, `harness.input`,
// the two stand-ins and the AI Agent stand-in (agent-stand-in.js).
const { NodeHelpers } = require('n8n-workflow');
const { AGENT_TYPE, agentStandIn, toolTypeOf } = require('./agent-stand-in');
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
	/** @type {Record<string, AnyNodeType>} */
	const toolTypes = {};
	for (const [name, type] of Object.entries(packageTypes)) {
		// Versioned types are left out: the package has none, and n8n handles them per version.
		if ('nodeVersions' in type || !type.description.usableAsTool) continue;
		toolTypes[`${name}Tool`] = toolTypeOf(/** @type {import('n8n-workflow').INodeType} */ (type));
	}
	return new HarnessNodeTypes({
		...packageTypes,
		...toolTypes,
		...standIns,
		[INPUT_NODE_TYPE]: inputNodeType,
		[AGENT_TYPE]: agentStandIn,
	});
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
