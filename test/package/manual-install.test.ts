/**
 * The README's manual install, as a user runs it, on each n8n line: the tarball `npm pack`
 * makes, installed with `npm install` into an empty folder laid out like ~/.n8n/nodes (with
 * the package.json n8n itself keeps there), by the npm of the machine running under the
 * Node of that line (Node 24.21 for n8n 2.41.1, the machine's Node 20 for n8n 1.123.81),
 * with install scripts on, as npm's defaults have them. Then the real n8n's own loader
 * (test/package/load-like-n8n.mjs) loads it from there as n8n does at start-up.
 *
 * What it guards: `peerDependencies: { "n8n-workflow": "*" }` (which n8n's scanner requires)
 * made npm 7+ install n8n-workflow beside the package: on Node 20 that pulled isolated-vm 7,
 * whose native build fails there, so the whole install failed; where it built, the nodes
 * loaded a second n8n-workflow instead of n8n's. `peerDependenciesMeta` marks the peer
 * optional, so npm leaves it to n8n.
 *
 * Uses the n8n lines scripts/ensure-n8n.mjs installed (`npm test` installs them before jest)
 * and never installs one itself; npm reads the machine's cache first (--prefer-offline), so
 * it needs the registry only for what the cache lacks.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { packTarball, readPackageJson, REPO_ROOT } from './pack';

interface N8nLine {
	line: 1 | 2;
	n8nVersion: string;
	nodeBin: string;
	hostDir: string;
}

interface Loaded {
	node: string;
	packages: Array<{
		name: string;
		nodes: Array<{ name: string; file: string }>;
		credentials: Array<{ name: string; file: string }>;
		nodeTypes?: string[];
		error?: string;
	}>;
	workflowCopies: string[];
	n8nOwnWorkflow: string;
}

const ENSURE = join(REPO_ROOT, 'scripts', 'ensure-n8n.mjs');
const LOADER = join(REPO_ROOT, 'test', 'package', 'load-like-n8n.mjs');
/** The npm this machine has; it runs under each line's Node (Node 24 here has no npm of its own). */
const NPM_CLI = join(dirname(realpathSync(process.execPath)), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');

/** The cached install of an n8n line, or an error saying how to make it: this test never installs n8n. */
function cachedN8n(line: 1 | 2): N8nLine {
	const check = spawnSync(process.execPath, [ENSURE, '--check', String(line)], { encoding: 'utf8' });
	const verdict = JSON.parse(check.stdout.trim() || '{}') as { ok?: boolean; problem?: string };
	if (!verdict.ok) throw new Error(`n8n ${line}.x is not usable (${verdict.problem}): run \`node scripts/ensure-n8n.mjs ${line}\` (npm test does)`);
	// A working install: this only prints where it is.
	return JSON.parse(execFileSync(process.execPath, [ENSURE, String(line)], { encoding: 'utf8' }).trim()) as N8nLine;
}

/**
 * A user's environment: none of the npm_* settings that `npm test` (or `npm run`) exports
 * from this project (its .npmrc has ignore-scripts=true, which would hide a failing native
 * build), none of jest's NODE_ENV=test (n8n loads classes differently under it), and the
 * line's Node first on PATH, since npm runs install scripts with the `node` it finds.
 */
function userEnv(nodeBin: string, userFolder: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!/^npm_|^NODE_ENV$|^NODE_PATH$|^JEST_|^N8N_/i.test(key)) env[key] = value;
	}
	return { ...env, PATH: `${dirname(nodeBin)}:${process.env.PATH}`, N8N_USER_FOLDER: userFolder };
}

/** Every folder named `name` in a node_modules tree, relative to `root`. */
function copiesOf(root: string, name: string, prefix = ''): string[] {
	const dir = join(root, prefix);
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.flatMap((entry) => {
			const path = prefix ? `${prefix}/${entry.name}` : entry.name;
			if (entry.name === name && /(^|\/)node_modules$/.test(prefix)) return [path];
			return entry.name.startsWith('.') ? [] : copiesOf(root, name, path);
		});
}

let packed: ReturnType<typeof packTarball>;

beforeAll(() => {
	packed = packTarball();
}, 60_000);

afterAll(() => packed?.remove());

test('package.json keeps n8n-workflow a peer (as n8n asks) that npm must not install: optional', () => {
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		peerDependencies?: Record<string, string>;
		peerDependenciesMeta?: Record<string, { optional?: boolean }>;
		dependencies?: Record<string, string>;
	};
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.peerDependenciesMeta).toEqual({ 'n8n-workflow': { optional: true } });
	expect(Object.keys(pkg.dependencies ?? {})).not.toContain('n8n-workflow');
});

describe.each([2, 1] as const)('`npm install n8n-nodes-chat-actions` in ~/.n8n/nodes for n8n %s.x', (line) => {
	let n8n: N8nLine;
	let userFolder: string;
	let nodesDir: string;
	let install: { status: number | null; output: string; seconds: number };
	let loaded: Loaded;

	beforeAll(() => {
		n8n = cachedN8n(line);
		userFolder = mkdtempSync(join(tmpdir(), `chat-actions-manual-install-${line}-`));
		nodesDir = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		// What n8n keeps in ~/.n8n/nodes (CommunityPackagesService.buildPackageJsonFromDatabase).
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
		const env = userEnv(n8n.nodeBin, userFolder);
		const started = Date.now();
		// The README's command, with the packed tarball for the registry's package.
		const run = spawnSync(
			n8n.nodeBin,
			[NPM_CLI, 'install', packed.tarball, '--ignore-scripts=false', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
			{ cwd: nodesDir, env, encoding: 'utf8', timeout: 300_000 },
		);
		install = { status: run.status, output: `${run.stdout}${run.stderr}`, seconds: (Date.now() - started) / 1000 };
		if (run.status === 0) {
			const load = spawnSync(n8n.nodeBin, [LOADER, n8n.hostDir, nodesDir], { cwd: userFolder, env, encoding: 'utf8', timeout: 120_000 });
			if (load.status !== 0) throw new Error(`load-like-n8n.mjs failed (exit ${load.status ?? load.signal}):\n${load.stderr}`);
			loaded = JSON.parse(load.stdout.trim()) as Loaded;
		}
		console.log(`n8n ${n8n.n8nVersion} on Node ${loaded?.node ?? n8n.nodeBin}: npm install took ${install.seconds.toFixed(1)} s`);
	}, 360_000);

	afterAll(() => {
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	test('installs (no native build, no error)', () => {
		expect({ status: install.status, output: install.status === 0 ? '' : install.output.slice(-3000) }).toEqual({ status: 0, output: '' });
		const installed = JSON.parse(readFileSync(join(nodesDir, 'node_modules', 'n8n-nodes-chat-actions', 'package.json'), 'utf8')) as { version: string };
		expect(installed.version).toBe(readPackageJson().version);
		const manifest = JSON.parse(readFileSync(join(nodesDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
		expect(Object.keys(manifest.dependencies)).toEqual(['n8n-nodes-chat-actions']);
	});

	test('puts no n8n-workflow (nor n8n-core, nor isolated-vm) beside it, at any depth', () => {
		const nodeModules = join(nodesDir, 'node_modules');
		expect(existsSync(join(nodeModules, 'n8n-workflow'))).toBe(false);
		expect(['n8n-workflow', 'n8n-core', 'isolated-vm'].flatMap((name) => copiesOf(nodeModules, name))).toEqual([]);
	});

	test("n8n's own loader loads every node and credential package.json names, from there", () => {
		const { n8n: block } = readPackageJson();
		expect(loaded.packages.map(({ name, error }) => ({ name, error }))).toEqual([{ name: 'n8n-nodes-chat-actions', error: undefined }]);
		const [pkg] = loaded.packages;
		expect(pkg.nodes.map((node) => node.file)).toEqual(block.nodes);
		expect(pkg.credentials.map((credential) => credential.file)).toEqual(block.credentials);
		expect(pkg.nodeTypes).toEqual(pkg.nodes.map((node) => node.name));
	});

	test("the nodes' require('n8n-workflow') is n8n's own copy, the only one loaded", () => {
		expect(loaded.n8nOwnWorkflow.startsWith(realpathSync(n8n.hostDir))).toBe(true);
		expect(loaded.workflowCopies).toEqual([loaded.n8nOwnWorkflow]);
	});
});
