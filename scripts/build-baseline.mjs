#!/usr/bin/env node
// A build of this package at another commit, for the benchmarks' --baseline option: they load
// its compiled modules next to the current code and measure both in the same run, so that a
// refactor's before and after share the machine's load.
//
//   node scripts/build-baseline.mjs <commit> [dir]    prints the folder (default
//                                                     <tmp>/chat-actions-baseline-<commit>)
//   npm run bench:http -- --baseline <dir>
//
// The commit's files come from `git archive` (the working tree, the index and .git stay as
// they are); this checkout's node_modules is linked in, so a baseline must need no runtime
// dependency that is not installed here; then that commit's own `npm run build`. Outside the
// repository on purpose: a second package.json of the same name inside it would confuse jest.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [commitArgument, dirArgument] = process.argv.slice(2);
if (!commitArgument) {
	console.error('usage: node scripts/build-baseline.mjs <commit> [dir]');
	process.exit(2);
}
const git = (...args) => execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
const commit = git('rev-parse', '--verify', `${commitArgument}^{commit}`);
const dir = resolve(dirArgument ?? join(tmpdir(), `chat-actions-baseline-${commit.slice(0, 7)}`));
const log = (message) => console.error(`[build-baseline] ${message}`);

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
log(`${commit.slice(0, 7)} ${git('log', '-1', '--format=%s', commit).slice(0, 100)}`);
execFileSync('sh', ['-c', 'git archive "$1" | tar -x -C "$2"', 'sh', commit, dir], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
if (!existsSync(join(REPO, 'node_modules'))) throw new Error('npm ci first: the baseline uses this checkout\'s node_modules');
symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: ['ignore', 2, 2] });
// Read by the benchmarks, which print which commit they measured against.
writeFileSync(join(dir, 'BASELINE'), `${commit.slice(0, 12)} ${git('log', '-1', '--format=%cs %s', commit).slice(0, 80)}\n`);
console.log(dir);
