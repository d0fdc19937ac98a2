// Six projects: `unit` (engines, plain TypeScript, no servers), `redis` (the Redis state
// store against a real redis-server each suite starts), `node` (workflows run through n8n's
// real execution engine, WorkflowExecute from n8n-core), `e2e` (a real n8n process loading
// the packed package), `reliability` (bounded hostile-input, fault, state and load suites,
// also on a real n8n) and `package` (the tarball npm would publish: its files, n8n's
// scanner on it and on the source, the README's manual install on both n8n lines, the release
// workflow). `npm test` runs all six (scripts/test-all.mjs).
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] };
// Suites on a real n8n get a longer default timeout, hooks included (the setup file says why).
const realN8n = { setupFilesAfterEnv: ['<rootDir>/test/real-n8n.setup.ts'] };

module.exports = {
	projects: [
		{ displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], transform: tsJest, testEnvironment: 'node' },
		{ displayName: 'redis', testMatch: ['<rootDir>/test/redis/**/*.test.ts'], transform: tsJest, testEnvironment: 'node' },
		{ displayName: 'node', testMatch: ['<rootDir>/test/node/**/*.test.ts'], transform: tsJest, testEnvironment: 'node' },
		{ displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'], transform: tsJest, testEnvironment: 'node', ...realN8n },
		// Bounded reliability, security and state suites against a real n8n; the full sizes run
		// through documented scripts (see BENCHMARKS.md).
		{ displayName: 'reliability', testMatch: ['<rootDir>/test/reliability/**/*.test.ts'], transform: tsJest, testEnvironment: 'node', ...realN8n },
		// Needs `npm run build` first, as the e2e suites do (npm test builds before jest).
		{ displayName: 'package', testMatch: ['<rootDir>/test/package/**/*.test.ts'], transform: tsJest, testEnvironment: 'node' },
	],
};
