// The n8n install the other suites run on proves itself: scripts/ensure-n8n.mjs checks a cached
// install cheaply on every run (marker recipe, native modules loaded and exercised under the
// Node that runs n8n), and a cache whose sqlite3 was never compiled (what an install under
// this project's `ignore-scripts=true` left behind) is found broken, not reused.
//
// The broken copy is cheap: a host folder whose node_modules link to the real install's
// packages, except sqlite3, which is copied without its compiled binding.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type N8nInstall, REPO_ROOT, resolveN8n } from '../../toolkit/n8n/install';

const line = process.env.N8N_LINE === '1' ? 1 : 2;
const SCRIPT = join(REPO_ROOT, 'scripts', 'ensure-n8n.mjs');

function check(hostDir?: string): { ok: boolean; problem?: string } {
	const run = spawnSync(process.execPath, [SCRIPT, '--check', String(line), ...(hostDir ? [hostDir] : [])], { encoding: 'utf8' });
	const verdict = JSON.parse(run.stdout.trim()) as { ok: boolean; problem?: string };
	expect(run.status).toBe(verdict.ok ? 0 : 1);
	return verdict;
}

/** Every .node file below `dir`, relative to it. */
function compiledBindings(dir: string, prefix = ''): string[] {
	return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
		const path = join(prefix, entry.name);
		if (entry.isDirectory()) return compiledBindings(dir, path);
		return entry.name.endsWith('.node') ? [path] : [];
	});
}

describe(`the cached n8n ${line}.x install`, () => {
	let install: N8nInstall;
	let copy: string;

	beforeAll(async () => {
		install = await resolveN8n(line);
		copy = mkdtempSync(join(tmpdir(), 'n8n-install-check-'));
		mkdirSync(join(copy, 'node_modules'));
		for (const name of readdirSync(join(install.hostDir, 'node_modules'))) {
			if (name !== 'sqlite3') symlinkSync(join(install.hostDir, 'node_modules', name), join(copy, 'node_modules', name));
		}
		const sqlite3 = join(copy, 'node_modules', 'sqlite3');
		cpSync(join(install.hostDir, 'node_modules', 'sqlite3'), sqlite3, {
			recursive: true,
			filter: (source) => !source.endsWith('.node') && !source.includes('/sqlite3/build/'),
		});
		writeFileSync(join(copy, '.complete'), readFileSync(join(install.hostDir, '.complete')));
	});

	afterAll(() => rmSync(copy, { recursive: true, force: true }));

	it('passes the check: its sqlite3 opens a database and its isolated-vm runs a script under the Node that runs n8n', () => {
		expect(check()).toEqual({ ok: true });
		expect(compiledBindings(join(install.hostDir, 'node_modules', 'sqlite3')).length).toBeGreaterThan(0);
	});

	it('is found broken when sqlite3 has no compiled binding, and the check names sqlite3', () => {
		expect(compiledBindings(join(copy, 'node_modules', 'sqlite3'))).toEqual([]);
		const verdict = check(copy);
		expect(verdict.ok).toBe(false);
		expect(verdict.problem).toMatch(/^sqlite3 does not work under Node v\d+/);
	});

	it('is found stale when its completion marker comes from an older install script (a bare timestamp)', () => {
		const marker = join(copy, '.complete');
		const kept = readFileSync(marker);
		try {
			writeFileSync(marker, new Date().toISOString());
			expect(check(copy)).toEqual({ ok: false, problem: 'it has no completion marker from this version of the install script' });
		} finally {
			writeFileSync(marker, kept);
		}
	});

	it('runs npm for n8n without the npm settings of the project that started it', () => {
		const run = spawnSync(
			process.execPath,
			['--input-type=module', '-e', `import { npmEnvFor } from ${JSON.stringify(SCRIPT)}; console.log(JSON.stringify(npmEnvFor()));`],
			{ encoding: 'utf8', env: { ...process.env, npm_config_ignore_scripts: 'true', npm_package_name: 'n8n-nodes-chat-actions', KEEP_ME: '1' } },
		);
		const env = JSON.parse(run.stdout) as Record<string, string>;
		expect(env.npm_config_ignore_scripts).toBeUndefined();
		expect(env.npm_package_name).toBeUndefined();
		expect(env.KEEP_ME).toBe('1');
	});
});
