// @ts-check
// The credentials helper the engine asks for credential data and for authenticating requests. It hands out the
// test's plain credential data (with the credential type's defaults filled in, as n8n does) and applies the
// credential's `authenticate` in both forms: a function, or the declarative `generic` form whose
// `={{$credentials.x}}` values are resolved with the workflow's expression engine and merged into
// headers/qs/body/auth. (n8n's own test helper only handles the function form, so X-API-Key would go missing.)
// Every authenticated request is recorded, so tests can see what the node asked n8n to send.
const { Credentials } = require('n8n-core');
const { ICredentialsHelper, isExpression } = require('n8n-workflow');

/**
 * @typedef {import('n8n-workflow').ICredentialDataDecryptedObject} CredentialData
 * @typedef {import('n8n-workflow').IHttpRequestOptions} IHttpRequestOptions
 * @typedef {import('n8n-workflow').IRequestOptionsSimplified} IRequestOptionsSimplified
 * @typedef {import('n8n-workflow').INode} INode
 * @typedef {import('n8n-workflow').Workflow} Workflow
 */

/**
 * A request after authentication, as the node handed it to n8n's HTTP helper.
 * @typedef {object} RecordedRequest
 * @property {string} credentialType
 * @property {string} method
 * @property {string} url full URL (baseURL joined with url)
 * @property {Record<string, unknown>} headers
 * @property {Record<string, unknown>} [qs]
 * @property {unknown} [body]
 */

class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {Record<string, import('n8n-workflow').ICredentialType>} credentialTypes
	 * @param {Record<string, CredentialData>} credentials test data keyed by credential type name
	 */
	constructor(credentialTypes, credentials) {
		super();
		this.credentialTypes = credentialTypes;
		this.credentials = credentials;
		/** @type {RecordedRequest[]} */
		this.requests = [];
	}

	/** @param {string} name */
	credentialType(name) {
		const type = this.credentialTypes[name];
		if (!type) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}

	/**
	 * The stored data with the type's defaults for missing fields (n8n's applyDefaultsAndOverwrites does this).
	 * @param {string} type
	 * @param {CredentialData} data
	 * @returns {CredentialData}
	 */
	withDefaults(type, data) {
		/** @type {CredentialData} */
		const result = {};
		for (const property of this.credentialType(type).properties) {
			if (property.default !== undefined) result[property.name] = /** @type {any} */ (property.default);
		}
		return { ...result, ...structuredClone(data) };
	}

	/** @param {string} name @returns {string[]} */
	getParentTypes(name) {
		const parents = this.credentialTypes[name]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode() {
		return true; // only relevant to credentials with restrictToSupportedNodes; PiAPI's has none
	}

	/**
	 * @param {CredentialData} credentials
	 * @param {string} typeName
	 * @param {IHttpRequestOptions | IRequestOptionsSimplified} requestOptions
	 * @param {Workflow} [workflow]
	 * @param {INode} [node]
	 * @returns {Promise<IHttpRequestOptions>}
	 */
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.credentialType(typeName);
		let options = /** @type {IHttpRequestOptions} */ (requestOptions);
		if (typeof authenticate === 'function') {
			options = await authenticate(credentials, options);
		} else if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('Generic credential authentication needs the workflow and the node');
			/** @param {string} value */
			const resolve = (value) => {
				if (!isExpression(value)) return value;
				const resolved = workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentials },
					undefined,
					'',
				);
				return resolved === undefined || resolved === null ? '' : String(resolved);
			};
			const target = /** @type {Record<string, Record<string, unknown>>} */ (/** @type {unknown} */ (options));
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				target[section] ??= {};
				for (const [key, value] of Object.entries(/** @type {Record<string, string>} */ (entries))) {
					target[section][resolve(key)] = resolve(value);
				}
			}
		}
		this.record(typeName, options);
		return options;
	}

	/**
	 * @param {string} credentialType
	 * @param {IHttpRequestOptions} options
	 */
	record(credentialType, options) {
		const absolute = /^[a-z][a-z\d+.-]*:/i.test(options.url);
		// joined the way axios joins baseURL and url
		const url =
			options.baseURL && !absolute
				? `${options.baseURL.replace(/\/+$/, '')}/${options.url.replace(/^\/+/, '')}`
				: options.url;
		this.requests.push({
			credentialType,
			method: (options.method ?? 'GET').toUpperCase(),
			url,
			headers: { ...options.headers },
			qs: options.qs ? { ...options.qs } : undefined,
			body: options.body,
		});
	}

	async preAuthentication() {
		return undefined; // no expirable token to refresh: PiAPI's credential has no preAuthentication
	}

	async runPreAuthentication() {
		return undefined;
	}

	/**
	 * @param {import('n8n-workflow').INodeCredentialsDetails} nodeCredentials
	 * @param {string} type
	 */
	async getCredentials(nodeCredentials, type) {
		return new Credentials(nodeCredentials, type);
	}

	/**
	 * @param {import('n8n-workflow').IWorkflowExecuteAdditionalData} _additionalData
	 * @param {import('n8n-workflow').INodeCredentialsDetails} _nodeCredentials
	 * @param {string} type
	 * @returns {Promise<CredentialData>}
	 */
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		const data = this.credentials[type];
		if (!data) throw new Error(`The test gave no credentials of type "${type}"`);
		return this.withDefaults(type, data);
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	/** @param {string} type */
	getCredentialsProperties(type) {
		return this.credentialType(type).properties;
	}
}

module.exports = { HarnessCredentialsHelper };
