// Lints the whole repository the way n8n's verification scanner does: every .ts and .json file outside
// node_modules, dist and .git gets n8n's community-node rules, tests and tooling included.
import { createRequire } from 'node:module';
import { config } from '@n8n/node-cli/eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

// The TypeScript parser that @n8n/node-cli itself ships (its version matches the rules).
const requireFromCli = createRequire(createRequire(import.meta.url).resolve('@n8n/node-cli/eslint'));
const { parser } = requireFromCli('typescript-eslint');

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**', '.cache/**'] },
	...config,
	{
		files: ['**/*.json'],
		ignores: ['package.json', 'package-lock.json'],
		...n8nCommunityNodesPlugin.configs.recommended,
		languageOptions: { parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
];
