#!/usr/bin/env node
// `npm test`: everything, in the order a failure is cheapest to find.
//   lint → type check → build → unit + node tests → (install the pinned n8n once) → e2e
// The last line is "tests: N passed, N failed" over every test that ran.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outputDir = join(root, 'test-output');
mkdirSync(outputDir, { recursive: true });

function step(title, command, args) {
	process.stdout.write(`\n=== ${title}\n`);
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		process.stdout.write(`\n${title} failed (exit ${result.status ?? result.signal})\n`);
		process.exit(result.status || 1);
	}
}

const npx = (...args) => ['npx', ['--no-install', ...args]];

step('lint', ...npx('eslint', '.'));
step('type check', ...npx('tsc', '-p', 'tsconfig.json', '--noEmit'));
step('build', 'npm', ['run', '--silent', 'build']);
step('pinned n8n (installed once into the cache)', 'node', ['scripts/ensure-n8n.mjs', '2']);

const resultsFile = join(outputDir, 'jest-results.json');
process.stdout.write('\n=== tests: unit, node (n8n execution engine), e2e (real n8n)\n');
const jest = spawnSync('npx', ['--no-install', 'jest', '--runInBand', '--json', `--outputFile=${resultsFile}`], {
	cwd: root,
	stdio: 'inherit',
});
let summary = '';
try {
	const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
	summary = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed`;
	if (results.numPendingTests) summary += `, ${results.numPendingTests} skipped`;
} catch {
	summary = 'tests: results unreadable';
}
process.stdout.write(`\n${summary}\n`);
process.exit(jest.status ?? 1);
