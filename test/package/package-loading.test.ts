// The built package, loaded by n8n-core's PackageDirectoryLoader as n8n loads an installed community package:
// the node and the credential are found, their icons resolve to SVG files inside dist/, and they reference
// each other.
import type { INodeTypeDescription } from 'n8n-workflow';

import { CREDENTIAL_TYPE, loadPackage, packageFile, PACKAGE_NAME, SWAP_NODE_TYPE } from '../harness';

const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.piApiTrigger`;

type IconUrl = string | { light: string; dark: string } | undefined;

/** Every version's description (a versioned node has one per version). */
function descriptions(type: unknown): INodeTypeDescription[] {
	const node = type as {
		description: INodeTypeDescription;
		nodeVersions?: Record<number, { description: INodeTypeDescription }>;
	};
	return node.nodeVersions ? Object.values(node.nodeVersions).map((v) => v.description) : [node.description];
}

async function expectThemedSvgIcons(iconUrl: IconUrl) {
	const { iconFile } = await loadPackage();
	expect(iconUrl).toEqual({ light: expect.any(String), dark: expect.any(String) });
	const { light, dark } = iconUrl as { light: string; dark: string };
	expect(light).not.toBe(dark);
	for (const url of [light, dark]) {
		const file = packageFile(iconFile(url));
		expect(file.relative).toMatch(/^dist\/.+\.svg$/);
		expect(file.isFile).toBe(true);
		expect(file.text).toContain('<svg');
	}
}

describe('package loading through n8n-core', () => {
	it('finds exactly the two nodes and the credential', async () => {
		const { loader, packageName, nodeTypes, credentialTypes } = await loadPackage();
		expect(packageName).toBe(PACKAGE_NAME);
		expect(Object.keys(nodeTypes).sort()).toEqual([SWAP_NODE_TYPE, TRIGGER_NODE_TYPE]);
		expect(Object.keys(credentialTypes)).toEqual([CREDENTIAL_TYPE]);
		expect(loader.known.nodes.piApiMultiFaceSwap.className).toBe('PiApiMultiFaceSwap');
		expect(loader.known.nodes.piApiTrigger.className).toBe('PiApiTrigger');
		expect(loader.known.credentials.piApi.className).toBe('PiApi');
	});

	it('has every path of the package.json n8n section on disk', async () => {
		const { loader } = await loadPackage();
		const { nodes = [], credentials = [] } = loader.packageJson.n8n ?? {};
		expect(nodes.length).toBeGreaterThan(0);
		expect(credentials.length).toBeGreaterThan(0);
		for (const file of [...nodes, ...credentials]) {
			expect(packageFile(file)).toMatchObject({ relative: expect.stringMatching(/^dist\//), isFile: true });
		}
	});

	it('resolves the node icons to light and dark SVGs in dist', async () => {
		const { nodeTypes } = await loadPackage();
		for (const description of [SWAP_NODE_TYPE, TRIGGER_NODE_TYPE].flatMap((type) => descriptions(nodeTypes[type]))) {
			await expectThemedSvgIcons(description.iconUrl as IconUrl);
		}
	});

	it('resolves the credential icons to light and dark SVGs in dist', async () => {
		const { credentialTypes } = await loadPackage();
		await expectThemedSvgIcons(credentialTypes[CREDENTIAL_TYPE].iconUrl as IconUrl);
	});

	it('links the node to the piApi credential', async () => {
		const { loader, nodeTypes } = await loadPackage();
		for (const description of descriptions(nodeTypes[SWAP_NODE_TYPE])) {
			expect(description.credentials).toEqual([expect.objectContaining({ name: CREDENTIAL_TYPE, required: true })]);
		}
		// The trigger asks for no credential: callbacks carry a secret, not the API key, and result files are public.
		expect(descriptions(nodeTypes[TRIGGER_NODE_TYPE])[0].credentials).toBeUndefined();
		expect(loader.nodesByCredential[CREDENTIAL_TYPE]).toEqual(['piApiMultiFaceSwap']);
		expect(loader.known.credentials[CREDENTIAL_TYPE].supportedNodes).toEqual(['piApiMultiFaceSwap']);
	});

	it('is usable as an AI tool', async () => {
		const { nodeTypes } = await loadPackage();
		for (const description of descriptions(nodeTypes[SWAP_NODE_TYPE])) {
			expect(description.usableAsTool).toBe(true);
			// A model reads the description when the tool's is set automatically: it says what the tool answers.
			expect(description.description).toMatch(/billed task.*imageUrl or videoUrl, taskId, status and costUsd/);
		}
		// n8n's lint forbids it on triggers: they cannot be called as tools.
		expect(descriptions(nodeTypes[TRIGGER_NODE_TYPE])[0].usableAsTool).toBeUndefined();
	});
});
