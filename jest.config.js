// Three projects: `unit` (engines, plain TypeScript), `node` (workflows run through n8n's
// real execution engine, WorkflowExecute from n8n-core) and `e2e` (a real n8n process
// loading the packed package). `npm test` runs all three (scripts/test-all.mjs).
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] };

module.exports = {
	projects: [
		{ displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], transform: tsJest, testEnvironment: 'node' },
		{ displayName: 'node', testMatch: ['<rootDir>/test/node/**/*.test.ts'], transform: tsJest, testEnvironment: 'node' },
		{ displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'], transform: tsJest, testEnvironment: 'node' },
	],
};
