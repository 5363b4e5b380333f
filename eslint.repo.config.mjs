// The rest of the repository, beside what `n8n-node lint` checks with n8n's own config (eslint.config.mjs, kept as n8n's
// default for its strict mode: every .ts file, package.json): the JavaScript of the simulator, benchmarks, scripts and
// test harness gets ESLint's recommended rules for Node.js, and every other .json file (examples, fixtures) gets n8n's
// community-node rules, as n8n's verification scanner applies them to whatever the package contains.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import globals from 'globals';
import { createRequire } from 'node:module';

// The TypeScript parser that @n8n/node-cli itself ships (its version matches the rules).
const requireFromCli = createRequire(createRequire(import.meta.url).resolve('@n8n/node-cli/eslint'));
const { parser } = requireFromCli('typescript-eslint');

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**', '.cache/**', '**/*.ts'] },
	{
		files: ['**/*.js'],
		...js.configs.recommended,
		languageOptions: { ecmaVersion: 2024, sourceType: 'commonjs', globals: { ...globals.node, ...globals.jest } },
		rules: {
			...js.configs.recommended.rules,
			'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
		},
	},
	{
		files: ['**/*.mjs'],
		...js.configs.recommended,
		languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: globals.node },
	},
	{
		files: ['**/*.json'],
		ignores: ['package.json', 'package-lock.json'],
		...n8nCommunityNodesPlugin.configs.recommended,
		languageOptions: { parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
];
