// The published package holds exactly what n8n needs: compiled nodes and credentials, icons, codex, README, LICENSE.
import { expectedCompiledFiles, iconFiles, packedFiles } from './tarball';

const { files, packageJson } = packedFiles();

describe('the npm tarball', () => {
	it('contains only dist/, README.md, LICENSE and package.json', () => {
		const outside = files.filter((file) => !file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file));
		expect(outside).toEqual([]);
	});

	it('ships compiled JavaScript, icons and codex files, and no source maps, typings or build info', () => {
		const unexpected = files.filter((file) => file.startsWith('dist/') && !/\.(js|svg|node\.json)$/.test(file));
		expect(unexpected).toEqual([]);
		expect(files.filter((file) => /\.(map|d\.ts|tsbuildinfo)$|(^|\/)test\/|simulator/.test(file))).toEqual([]);
	});

	it('has every node and credential source compiled', () => {
		const missing = expectedCompiledFiles().filter((file) => !files.includes(file));
		expect(missing).toEqual([]);
	});

	it('has every path of the n8n section', () => {
		const paths: string[] = [...packageJson.n8n.nodes, ...packageJson.n8n.credentials];
		expect(paths.length).toBeGreaterThan(1);
		for (const path of paths) expect(files).toContain(path);
	});

	it('has the n8n section n8n reads: API version 1, strict, the two nodes and the credential', () => {
		expect(packageJson.n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			nodes: ['dist/nodes/PiApiMultiFaceSwap/PiApiMultiFaceSwap.node.js', 'dist/nodes/PiApiTrigger/PiApiTrigger.node.js'],
			credentials: ['dist/credentials/PiApi.credentials.js'],
		});
		expect(packageJson.files).toEqual(['dist']);
	});

	it('ships the light and dark icons that the nodes and the credential name, and each node’s codex file', async () => {
		const icons = await iconFiles();
		expect(icons.map((icon) => icon.owner).sort()).toEqual([
			'n8n-nodes-piapi-faceswap.piApiMultiFaceSwap',
			'n8n-nodes-piapi-faceswap.piApiTrigger',
			'piApi',
		]);
		for (const { light, dark } of icons) {
			expect(light).not.toBe(dark);
			expect(files).toEqual(expect.arrayContaining([light, dark]));
		}
		for (const node of packageJson.n8n.nodes as string[]) expect(files).toContain(node.replace(/\.js$/, '.json'));
	});

	it('runs nothing at install time', () => {
		const installScripts = ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish', 'preprepare', 'postprepare'];
		expect(Object.keys(packageJson.scripts ?? {}).filter((name) => installScripts.includes(name))).toEqual([]);
	});

	it('declares no runtime dependencies and only n8n-workflow as a peer', () => {
		for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
			expect(packageJson[field]).toBeUndefined();
		}
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.license).toBe('MIT');
	});
});
