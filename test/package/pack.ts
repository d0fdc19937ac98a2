/**
 * The package as npm publishes it, for the tests of what ships: `npm pack` of this
 * repository after `npm run build` (which `npm test` runs before jest).
 *
 * CHAT_ACTIONS_TARBALL=<path of a .tgz> makes these tests (and the end-to-end suites,
 * toolkit/n8n/n8n-instance.ts packPackage) check that tarball instead of packing again: the
 * release workflow packs once, tests that file and publishes it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

export interface PackageJson {
	name: string;
	version: string;
	author?: { name?: string; email?: string } | string;
	n8n: { nodes: string[]; credentials: string[] };
	bin?: string | Record<string, string>;
}

export function readPackageJson(): PackageJson {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
}

/** Throws unless the build made every file package.json's n8n block names. */
export function assertBuilt(): void {
	const { n8n } = readPackageJson();
	const missing = [...n8n.nodes, ...n8n.credentials].filter((entry) => !existsSync(join(REPO_ROOT, entry)));
	if (missing.length) throw new Error(`Run \`npm run build\` first; missing: ${missing.join(', ')}`);
}

function npm(args: string[], cwd = REPO_ROOT): string {
	return execFileSync('npm', [...args, '--loglevel=error'], { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
}

/**
 * The paths npm would publish, relative to the package root: `npm pack --dry-run --json`, or
 * the entries of CHAT_ACTIONS_TARBALL's file.
 */
export function packedFiles(): string[] {
	const given = givenTarball();
	if (given) {
		return execFileSync('tar', ['-tzf', given], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
			.split('\n')
			.filter((entry) => entry && !entry.endsWith('/'))
			.map((entry) => entry.replace(/^package\//, ''))
			.sort();
	}
	assertBuilt();
	const [report] = JSON.parse(npm(['pack', '--dry-run', '--json'])) as Array<{ files: Array<{ path: string }> }>;
	return report.files.map((file) => file.path).sort();
}

/** Every file below `dir`, relative to it, with / between folders, sorted. */
export function filesIn(dir: string, prefix = ''): string[] {
	return readdirSync(join(dir, prefix), { withFileTypes: true })
		.flatMap((entry) => {
			const path = prefix ? `${prefix}/${entry.name}` : entry.name;
			return entry.isDirectory() ? filesIn(dir, path) : [path];
		})
		.sort();
}

/** The tarball CHAT_ACTIONS_TARBALL names (relative to the repository, or absolute), if any. */
export function givenTarball(): string | undefined {
	const given = process.env.CHAT_ACTIONS_TARBALL;
	if (!given) return undefined;
	const path = resolve(REPO_ROOT, given);
	if (!existsSync(path)) throw new Error(`CHAT_ACTIONS_TARBALL names no file: ${path}`);
	return path;
}

/**
 * The .tgz npm would publish, in a fresh temporary folder, and that folder's removal: `npm pack`
 * of the repository, or a copy of CHAT_ACTIONS_TARBALL's file.
 */
export function packTarball(): { tarball: string; root: string; remove: () => void } {
	const given = givenTarball();
	if (!given) assertBuilt();
	const root = mkdtempSync(join(tmpdir(), 'chat-actions-pack-'));
	if (given) copyFileSync(given, join(root, basename(given)));
	else npm(['pack', '--pack-destination', root]);
	const tarball = readdirSync(root).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${root}`);
	return { tarball: join(root, tarball), root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** `npm pack` into a fresh temporary folder, unpacked there as npm installs it. */
export function packAndUnpack(): { dir: string; remove: () => void } {
	const { tarball, root, remove } = packTarball();
	const dir = join(root, 'package');
	execFileSync('tar', ['-xzf', tarball, '-C', root]);
	return { dir, remove };
}
