// The lint n8n's node CLI (@n8n/node-cli, "configWithoutCloudSupport") runs on community
// packages: @n8n/community-nodes' rules plus eslint-plugin-n8n-nodes-base's node,
// credential and package.json rules. Three deliberate differences, each explained below.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const communityNodes = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

// 1. This package targets self-hosted n8n and ships handlebars, luxon and ipaddr.js as
//    runtime dependencies (n8n installs them with the package); n8n Cloud's verification
//    refuses logic nodes anyway.
const selfHosted = { '@n8n/community-nodes/no-runtime-dependencies': 'off' };

// 2. package.json names no author email: the project has no shared contact address, and a
//    placeholder one would mislead. A publisher sets their own (CONTRIBUTING.md, "Publishing"); the
//    release workflow refuses to publish without it (.github/workflows/release.yml).
const noAuthorEmailUntilPublished = { '@n8n/community-nodes/valid-author': 'off' };

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-output/**', '.cache/**'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'prefer-spread': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	// What ships: the nodes and credentials.
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [communityNodes],
		rules: { ...selfHosted, 'no-console': 'error' },
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		extends: [communityNodes],
		rules: { ...n8nNodesBase.configs.community.rules, ...selfHosted, ...noAuthorEmailUntilPublished },
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	// 3. The engines (nodes/shared, nodes/*/engine) are plain TypeScript that knows nothing
	//    of n8n: they throw their own error types, which the *.node.ts adapters turn into
	//    NodeApiError / NodeOperationError. The rule stays on for the adapters.
	{
		files: ['nodes/shared/**/*.ts', 'nodes/*/engine/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: {
			globals: {
				require: 'readonly', module: 'writable', exports: 'writable', process: 'readonly', console: 'readonly',
				Buffer: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', setTimeout: 'readonly',
				clearTimeout: 'readonly', fetch: 'readonly', __dirname: 'readonly', performance: 'readonly',
			},
		},
	},
);
