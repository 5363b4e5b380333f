// The published package holds exactly what n8n needs: compiled nodes and credentials, icons, codex, README, LICENSE.
import { expectedCompiledFiles, packedFiles } from './tarball';

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

	it('points main at a real file, or has none', () => {
		if (packageJson.main !== undefined) expect(files).toContain(packageJson.main);
	});

	it('has light and dark icons and the codex file next to the node', () => {
		for (const file of ['piapi.svg', 'piapi.dark.svg', 'PiApiMultiFaceSwap.node.json']) {
			expect(files).toContain(`dist/nodes/PiApiMultiFaceSwap/${file}`);
		}
		for (const file of ['piapi.svg', 'piapi.dark.svg', 'PiApiTrigger.node.json']) {
			expect(files).toContain(`dist/nodes/PiApiTrigger/${file}`);
		}
	});

	it('declares no runtime dependencies and only n8n-workflow as a peer', () => {
		expect(packageJson.dependencies).toBeUndefined();
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.license).toBe('MIT');
	});
});
