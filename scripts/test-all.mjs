#!/usr/bin/env node
// `npm test`: everything, in the order a failure is cheapest to find.
//   lint → unused code → type check → build → (install the pinned n8n lines once; check them) →
//   unit + node + e2e on n8n 2.x → e2e again on n8n 1.x. Each step prints how long it took.
// The last line is "tests: N passed, N failed" over every test that ran; a suite that failed
// outside its tests (a hook, an import) counts and is named above it, with jest's message,
// so the end of the output says what broke.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const outputDir = join(root, 'test-output');
mkdirSync(outputDir, { recursive: true });

const took = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

function step(title, command, args) {
	const name = title || [command, ...args].join(' ');
	const started = Date.now();
	if (title) process.stdout.write(`\n=== ${title}\n`);
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		process.stdout.write(`\n${name} failed (exit ${result.status ?? result.signal}) after ${took(started)}\n`);
		process.exit(result.status || 1);
	}
	process.stdout.write(`(${name}: ${took(started)})\n`);
}

const npx = (...args) => ['npx', ['--no-install', ...args]];

step('lint', ...npx('eslint', '.'));
// Exports, files and dependencies nothing uses (knip.json says what it reads).
step('unused code (knip)', ...npx('knip'));
step('type check', ...npx('tsc', '-p', 'tsconfig.json', '--noEmit'));
step('build', 'npm', ['run', '--silent', 'build']);
// A first run installs them (10-25 min); every run checks that the cached ones still work.
step('pinned n8n 2.x and 1.x (installed once into the cache, checked every time)', 'node', ['scripts/ensure-n8n.mjs', '2']);
step('', 'node', ['scripts/ensure-n8n.mjs', '1']);

/** Suites jest marked failed although none of their tests failed: a hook or the file itself. */
function suitesFailedOutsideTests(results) {
	return results.testResults
		.filter((suite) => suite.status === 'failed' && !suite.assertionResults.some((test) => test.status === 'failed'))
		.map((suite) => ({ path: relative(root, suite.name), message: stripVTControlCharacters(suite.message).trim() }));
}

/** Runs jest with these arguments and environment; returns its counts. */
function jest(title, args, env = {}) {
	const resultsFile = join(outputDir, `jest-results-${title.replace(/\W+/g, '-')}.json`);
	process.stdout.write(`\n=== tests: ${title}\n`);
	const started = Date.now();
	const run = spawnSync('npx', ['--no-install', 'jest', '--runInBand', '--json', `--outputFile=${resultsFile}`, ...args], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, ...env },
	});
	process.stdout.write(`(tests: ${title}: ${took(started)})\n`);
	try {
		const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
		const suiteFailures = suitesFailedOutsideTests(results);
		return { ok: run.status === 0, passed: results.numPassedTests, failed: results.numFailedTests, skipped: results.numPendingTests, suiteFailures };
	} catch {
		return { ok: false, passed: 0, failed: 1, skipped: 0, suiteFailures: [{ path: title, message: `jest wrote no results (exit ${run.status ?? run.signal})` }] };
	}
}

const runs = [
	jest('unit, redis (a real redis-server), node (n8n execution engine), package (the tarball), e2e and reliability (a real n8n 2.41.1)', []),
	jest('e2e on n8n 1.123.81', ['--selectProjects', 'e2e'], { N8N_LINE: '1' }),
];
const total = (key) => runs.reduce((sum, run) => sum + run[key], 0);
const suiteFailures = runs.flatMap((run) => run.suiteFailures);
for (const { path, message } of suiteFailures) process.stdout.write(`\nFAILED outside its tests: ${path}\n${message}\n`);
let summary = `tests: ${total('passed')} passed, ${total('failed')} failed`;
if (total('skipped')) summary += `, ${total('skipped')} skipped`;
if (suiteFailures.length) summary += `; ${suiteFailures.length} suite(s) failed outside their tests`;
process.stdout.write(`\n${summary}\n`);
process.exit(runs.every((run) => run.ok) ? 0 : 1);
