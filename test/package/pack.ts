/**
 * The package as npm publishes it, for the tests of what ships: `npm pack` of this
 * repository after `npm run build` (which `npm test` runs before jest).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** `npm pack --dry-run --json`: the paths npm would publish, relative to the package root. */
export function packedFiles(): string[] {
	assertBuilt();
	const [report] = JSON.parse(npm(['pack', '--dry-run', '--json'])) as Array<{ files: Array<{ path: string }> }>;
	return report.files.map((file) => file.path).sort();
}

/** `npm pack` into a fresh temporary folder, unpacked there as npm installs it. */
export function packAndUnpack(): { dir: string; remove: () => void } {
	assertBuilt();
	const root = mkdtempSync(join(tmpdir(), 'chat-actions-pack-'));
	npm(['pack', '--pack-destination', root]);
	const tarball = readdirSync(root).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball into ${root}`);
	const dir = join(root, 'package');
	execFileSync('tar', ['-xzf', join(root, tarball), '-C', root]);
	return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
