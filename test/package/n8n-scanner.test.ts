/**
 * n8n's own static scanner for community packages (@n8n/scan-community-package) on the
 * tarball npm would publish. Its findings must be exactly the deliberate ones listed below,
 * each with its reason: a new finding fails, and so does one that is gone but still listed.
 */
import { packAndUnpack, readPackageJson } from './pack';
import { type Allowed, allowedTally, parseFindings, runScanner, type ScanResult, tally, unexpected } from './scan-report';

const IMPORTS = '@n8n/community-nodes/no-restricted-imports';
const GLOBALS = '@n8n/community-nodes/no-restricted-globals';
const SELF_HOSTED = 'A runtime dependency: the package is for self-hosted n8n, which installs it with the package (README, Compatibility).';
const CLI = 'The conversation-stories command (cli/stories.ts, `npx chat-actions-stories`): run by a user outside n8n, which never loads it (it is not in the n8n block); reading files, its arguments and printing are its job.';
const hasAuthorEmail = (() => {
	const { author } = readPackageJson();
	return typeof author === 'string' ? /<[^>]+>/.test(author) : Boolean(author?.email);
})();

const STEMMERS = { '@orama/stemmers/arabic': 1, '@orama/stemmers/armenian': 1, '@orama/stemmers/bulgarian': 1, '@orama/stemmers/danish': 1, '@orama/stemmers/dutch': 1, '@orama/stemmers/finnish': 1, '@orama/stemmers/french': 1, '@orama/stemmers/german': 1, '@orama/stemmers/greek': 1, '@orama/stemmers/hungarian': 1, '@orama/stemmers/indonesian': 2, '@orama/stemmers/irish': 1, '@orama/stemmers/italian': 1, '@orama/stemmers/lithuanian': 1, '@orama/stemmers/nepali': 1, '@orama/stemmers/norwegian': 2, '@orama/stemmers/portuguese': 1, '@orama/stemmers/romanian': 1, '@orama/stemmers/russian': 1, '@orama/stemmers/serbian': 1, '@orama/stemmers/spanish': 1, '@orama/stemmers/swedish': 1, '@orama/stemmers/tamil': 1, '@orama/stemmers/turkish': 1, '@orama/stemmers/ukrainian': 1 };

// The deliberate findings. Everything else n8n's scanner reports is fixed in the code.
const ALLOWED: Allowed[] = [
	{ file: 'package.json', rule: '@n8n/community-nodes/no-runtime-dependencies', why: SELF_HOSTED },
	{ file: 'dist/nodes/shared/templates.js', rule: IMPORTS, subjects: { handlebars: 1 }, why: SELF_HOSTED },
	{
		file: 'dist/nodes/ActionRouter/engine/fields.js',
		rule: IMPORTS,
		subjects: { 'fastest-levenshtein': 1, 'libphonenumber-js': 1 },
		why: `${SELF_HOSTED} Close matches of choices, phone numbers in the Action Router's fields.`,
	},
	{ file: 'dist/nodes/ActionRouter/engine/dates.js', rule: IMPORTS, subjects: { 'chrono-node': 1 }, why: `${SELF_HOSTED} Dates in the visitor's language.` },
	{ file: 'dist/nodes/ActionRouter/engine/language.js', rule: IMPORTS, subjects: { tinyld: 1 }, why: `${SELF_HOSTED} Which language a message is in.` },
	{
		file: 'dist/nodes/ActionRouter/engine/intent/stemmers.js',
		rule: IMPORTS,
		subjects: STEMMERS,
		why: `${SELF_HOSTED} Word stems per language for the intent model, each required on first use.`,
	},
	{
		file: 'dist/nodes/ActionRouter/engine/intent/spelling.js',
		rule: IMPORTS,
		subjects: { 'fastest-levenshtein': 1 },
		why: `${SELF_HOSTED} A misspelt word read as the closest word the router's actions use.`,
	},
	{
		file: 'dist/nodes/shared/state/redis/connection.js',
		rule: IMPORTS,
		subjects: { ioredis: 1, 'node:net': 1 },
		why: `${SELF_HOSTED} The Redis conversation state for queue mode; node:net's isIP decides whether TLS gets a server name.`,
	},
	{
		file: 'dist/nodes/HttpAction/engine/destination.js',
		rule: IMPORTS,
		subjects: { 'node:dns': 1, 'ipaddr.js': 1 },
		why: `${SELF_HOSTED} The HTTP Action resolves a host before calling it, to refuse private, loopback and link-local addresses.`,
	},
	{
		file: 'dist/nodes/ActionRouter/engine/intent/word-vectors.js',
		rule: IMPORTS,
		subjects: { 'node:fs': 1, 'node:path': 1 },
		why: 'The intent model reads its bundled word vectors (NOTICE) from beside the compiled code, once per process.',
	},
	{
		file: 'dist/nodes/ActionRouter/engine/intent/word-vectors.js',
		rule: GLOBALS,
		subjects: { __dirname: 1 },
		why: 'Where the bundled word vectors are: beside the compiled code.',
	},
	{
		file: 'dist/nodes/shared/state/deadline.js',
		rule: GLOBALS,
		subjects: { setTimeout: 1, clearTimeout: 2 },
		why: 'Cancellable deadlines (Redis commands): n8n-workflow has no cancellable sleep common to n8n 1.x and 2.x (comment at withDeadline in state/deadline.ts).',
	},
	{
		file: 'dist/nodes/shared/state/redis/connection.js',
		rule: GLOBALS,
		subjects: { setTimeout: 2, clearTimeout: 2 },
		why: 'Cancellable deadlines (connect, quit), for the reason at withDeadline in state/deadline.ts.',
	},
	{
		file: 'dist/nodes/shared/state/memory.js',
		rule: GLOBALS,
		subjects: { setInterval: 1, clearInterval: 1 },
		why: "The memory store's sweep: an unref'd interval that never keeps n8n alive; a pending sleep cannot be unref'd (comment in memory.ts).",
	},
	{ file: 'dist/cli/stories.js', rule: IMPORTS, subjects: { 'node:fs': 'any', 'node:path': 'any' }, why: CLI },
	{ file: 'dist/cli/stories.js', rule: GLOBALS, subjects: { process: 'any' }, why: CLI },
	{ file: 'dist/cli/stories.js', rule: 'no-console', count: 'any', why: CLI },
	{
		file: 'package.json',
		rule: '@n8n/community-nodes/valid-author',
		why: 'No author email until a publisher sets theirs (CONTRIBUTING.md, Publishing); the release workflow refuses to publish without one.',
		applies: !hasAuthorEmail,
	},
];

describe("n8n's community-package scanner on the packed tarball", () => {
	let scan: ScanResult;
	let folder: string;
	let remove = () => {};

	beforeAll(() => {
		const packed = packAndUnpack();
		folder = packed.dir;
		remove = packed.remove;
		scan = runScanner(folder);
	}, 120_000);

	afterAll(() => remove());

	// The scanner depends on TypeScript 7, whose package typescript-eslint cannot load. Here
	// TypeScript 7 stays in the scanner's own node_modules, unused: the parser it shares with
	// this project's lint resolves the project's TypeScript 5. No npm `overrides` pins it, since
	// n8n's scanner (no-overrides-field) refuses that field in a published package.json.
	test('its parser loads the project’s TypeScript 5, not the TypeScript 7 the scanner depends on', () => {
		expect(scan.typescript).toEqual({
			version: expect.stringMatching(/^5\./),
			path: expect.not.stringContaining('scan-community-package'),
		});
	});

	test('it analyses the package (no failure of its own)', () => {
		expect(scan.message ?? 'passed').toMatch(/^(passed|ESLint violations found)$/);
	});

	test('it reports exactly the allow-listed findings: nothing new, none fixed but still listed', () => {
		const { errors, reportedErrors } = parseFindings(scan.details ?? '', folder);
		// What was read from the report is all the report counted.
		expect(errors).toHaveLength(scan.passed ? 0 : reportedErrors);
		const allowed = allowedTally(ALLOWED);
		expect(unexpected(errors, allowed)).toEqual([]);
		expect(tally(errors, allowed)).toEqual(allowed);
	});
});
