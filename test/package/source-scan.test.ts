/**
 * n8n's scanner on the SOURCE. For a package published with an npm provenance statement,
 * `npx @n8n/scan-community-package <name>` reads the commit the statement names, downloads
 * the repository at that commit and lints it as well as the tarball (scanner.mjs,
 * analyzePackageByName): `analyzePackage(source, SOURCE_FILE_PATTERNS)`, that is package.json
 * and {nodes,credentials}/**\/*.{js,ts,json}, with @n8n/community-nodes' recommended rules,
 * eslint-plugin-n8n-nodes-base's node, credential and package.json rules, and
 * `allowInlineConfig: false`: an `eslint-disable` comment in the source counts for nothing.
 * A finding fails the scan.
 *
 * This runs that scan on what the next commit would hold (the working tree's tracked and
 * untracked, not ignored, files; what GitHub's archive of the commit holds once committed).
 * Its findings must be exactly the ones listed below, each with its reason (a finding without
 * a good one is listed as "TODO: fix", with how, until nodes/ fixes it). A new finding fails,
 * and so does one that is gone but still listed.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { readPackageJson, REPO_ROOT } from './pack';
import { type Allowed, allowedTally, type Finding, parseFindings, runScanner, type ScanResult, tally, unexpected } from './scan-report';

const IMPORTS = '@n8n/community-nodes/no-restricted-imports';
const GLOBALS = '@n8n/community-nodes/no-restricted-globals';
const API_ERROR = '@n8n/community-nodes/require-node-api-error';

const SELF_HOSTED = 'A runtime dependency: the package is for self-hosted n8n, which installs it with the package (README, Compatibility).';
/** eslint.config.mjs, difference 3. */
const ENGINE =
	"Engine code (plain TypeScript that knows nothing of n8n; eslint.config.mjs, difference 3): it throws its own error type, or passes on unchanged an error that is not its own; the node's adapter (*.node.ts) turns what reaches it into NodeOperationError / NodeApiError. n8n's rule sees neither layer.";
const hasAuthorEmail = (() => {
	const { author } = readPackageJson();
	return typeof author === 'string' ? /<[^>]+>/.test(author) : Boolean(author?.email);
})();

// The findings n8n's source scan reports today.
/** The Snowball stemmers, one require each (Indonesian serves Malay, Norwegian both codes). */
const STEMMERS = { '@orama/stemmers/arabic': 1, '@orama/stemmers/armenian': 1, '@orama/stemmers/bulgarian': 1, '@orama/stemmers/danish': 1, '@orama/stemmers/dutch': 1, '@orama/stemmers/finnish': 1, '@orama/stemmers/french': 1, '@orama/stemmers/german': 1, '@orama/stemmers/greek': 1, '@orama/stemmers/hungarian': 1, '@orama/stemmers/indonesian': 2, '@orama/stemmers/irish': 1, '@orama/stemmers/italian': 1, '@orama/stemmers/lithuanian': 1, '@orama/stemmers/nepali': 1, '@orama/stemmers/norwegian': 2, '@orama/stemmers/portuguese': 1, '@orama/stemmers/romanian': 1, '@orama/stemmers/russian': 1, '@orama/stemmers/serbian': 1, '@orama/stemmers/spanish': 1, '@orama/stemmers/swedish': 1, '@orama/stemmers/tamil': 1, '@orama/stemmers/turkish': 1, '@orama/stemmers/ukrainian': 1 };

const ALLOWED: Allowed[] = [
	// package.json
	{ file: 'package.json', rule: '@n8n/community-nodes/no-runtime-dependencies', why: SELF_HOSTED },
	{
		file: 'package.json',
		rule: '@n8n/community-nodes/valid-author',
		why: 'No author email until a publisher sets theirs (CONTRIBUTING.md, Publishing); the release workflow refuses to publish without one.',
		applies: !hasAuthorEmail,
	},

	// Runtime dependencies and Node built-ins: the same as n8n-scanner.test.ts allows in the tarball,
	// plus the type imports the compiler erases (the tarball scan never sees those).
	{
		file: 'nodes/ActionRouter/engine/fields.ts',
		rule: IMPORTS,
		subjects: { 'fastest-levenshtein': 1, 'libphonenumber-js': 2 },
		why: `${SELF_HOSTED} Close matches of choices, phone numbers in the Action Router's fields (a type import and a require on first use for libphonenumber-js).`,
	},
	{
		file: 'nodes/ActionRouter/engine/dates.ts',
		rule: IMPORTS,
		subjects: { 'chrono-node': 2 },
		why: `${SELF_HOSTED} Dates in the visitor's language (a type import and a require on first use).`,
	},
	{
		file: 'nodes/ActionRouter/engine/language.ts',
		rule: IMPORTS,
		subjects: { tinyld: 2 },
		why: `${SELF_HOSTED} Which language a message is in (a type import and a require on first use).`,
	},
	{
		file: 'nodes/ActionRouter/engine/intent/stemmers.ts',
		rule: IMPORTS,
		subjects: STEMMERS,
		why: `${SELF_HOSTED} Word stems per language for the intent model, each stemmer required on first use (Indonesian serves Malay, Norwegian both codes).`,
	},
	{
		file: 'nodes/ActionRouter/engine/intent/spelling.ts',
		rule: IMPORTS,
		subjects: { 'fastest-levenshtein': 1 },
		why: `${SELF_HOSTED} A misspelt word read as the closest word the router's actions use.`,
	},
	{
		file: 'nodes/shared/templates.ts',
		rule: IMPORTS,
		subjects: { handlebars: 2 },
		why: `${SELF_HOSTED} The HTTP Action's and Chat Reply's templates (a type import and a require on first use).`,
	},
	{
		file: 'nodes/shared/template-helpers.ts',
		rule: IMPORTS,
		subjects: { handlebars: 1 },
		why: `${SELF_HOSTED} A type import of the Handlebars helpers' types.`,
	},
	{
		file: 'nodes/shared/state/redis/connection.ts',
		rule: IMPORTS,
		subjects: { ioredis: 3, 'node:net': 1 },
		why: `${SELF_HOSTED} The Redis conversation state for queue mode (two type imports, a require on first use); node:net's isIP decides whether TLS gets a server name.`,
	},
	{
		file: 'nodes/shared/state/redis/guards.ts',
		rule: IMPORTS,
		subjects: { ioredis: 1 },
		why: `${SELF_HOSTED} A type import of the Redis client the state store uses.`,
	},
	{
		file: 'nodes/shared/state/redis/store.ts',
		rule: IMPORTS,
		subjects: { ioredis: 1 },
		why: `${SELF_HOSTED} A type import of the Redis client the state store uses.`,
	},
	{
		file: 'nodes/HttpAction/engine/destination.ts',
		rule: IMPORTS,
		subjects: { 'node:dns': 1, 'ipaddr.js': 1 },
		why: `${SELF_HOSTED} The HTTP Action resolves a host before calling it, to refuse private, loopback and link-local addresses.`,
	},
	{
		file: 'nodes/ActionRouter/engine/intent/word-vectors.ts',
		rule: IMPORTS,
		subjects: { 'node:fs': 1, 'node:path': 1 },
		why: 'The intent model reads its bundled word vectors (NOTICE) from beside the compiled code, once per process.',
	},

	// Globals: the same as the tarball allows.
	{
		file: 'nodes/ActionRouter/engine/intent/word-vectors.ts',
		rule: GLOBALS,
		subjects: { __dirname: 1 },
		why: 'Where the bundled word vectors are: beside the compiled code.',
	},
	{
		file: 'nodes/shared/state/deadline.ts',
		rule: GLOBALS,
		subjects: { setTimeout: 1, clearTimeout: 2 },
		why: 'Cancellable deadlines (Redis commands): n8n-workflow has no cancellable sleep common to n8n 1.x and 2.x (comment at withDeadline in state/deadline.ts).',
	},
	{
		file: 'nodes/shared/state/redis/connection.ts',
		rule: GLOBALS,
		subjects: { setTimeout: 2, clearTimeout: 2 },
		why: 'Cancellable deadlines (connect, quit), for the reason at withDeadline in state/deadline.ts.',
	},
	{
		file: 'nodes/shared/state/memory.ts',
		rule: GLOBALS,
		subjects: { setInterval: 1, clearInterval: 1 },
		why: "The memory store's sweep: an unref'd interval that never keeps n8n alive; a pending sleep cannot be unref'd (comment in memory.ts).",
	},

	// Errors thrown in catch blocks of engine code.
	{ file: 'nodes/ChatActionTrigger/engine/uploads.ts', rule: API_ERROR, why: `${ENGINE} BadChatRequest: the trigger answers the widget with its HTTP status (ChatActionTrigger.node.ts).` },
	{ file: 'nodes/HttpAction/engine/action.ts', rule: API_ERROR, count: 3, why: `${ENGINE} Each rethrows what is not the TemplateError / DestinationError it turns into the Error output.` },
	{ file: 'nodes/HttpAction/engine/destination.ts', rule: API_ERROR, why: `${ENGINE} DestinationError: the action's "blocked" result on the Error output.` },
	{ file: 'nodes/HttpAction/engine/request.ts', rule: API_ERROR, why: `${ENGINE} TemplateError: the action's "invalid_request" result on the Error output.` },
	{ file: 'nodes/HttpAction/engine/send.ts', rule: API_ERROR, why: `${ENGINE} Rethrows what is not a TransportError (those become retries or the Error output).` },
	{ file: 'nodes/shared/personal-data.ts', rule: API_ERROR, count: 3, why: `${ENGINE} PersonalDataError; personalDataFor (personal-data-node.ts) wraps it in NodeOperationError.` },
	{ file: 'nodes/shared/personal-data-node.ts', rule: API_ERROR, why: `${ENGINE} personalDataKey throws PersonalDataError for its callers (the trigger, personalDataFor), which wrap it.` },
	{ file: 'nodes/shared/state/redis/connection.ts', rule: API_ERROR, count: 2, why: `${ENGINE} StateStoreError: the router's "state unavailable" reply, or NodeOperationError in the adapter.` },
	{ file: 'nodes/shared/templates.ts', rule: API_ERROR, count: 5, why: `${ENGINE} TemplateError, which each node using templates reports in its own terms.` },

	// Node descriptions.
	{
		file: 'nodes/ActionRouter/ActionRouter.node.ts',
		rule: '@n8n/community-nodes/node-usable-as-tool',
		why: "Deliberately not a tool (comment above the class): n8n's AI Agent reads only a tool's first output and hands it the tool call's arguments, not a chat turn. The rule only asks that usableAsTool be present, and its type (true | description) has no false.",
	},
	{
		file: 'nodes/ChatReply/ChatReply.node.ts',
		rule: '@n8n/community-nodes/node-usable-as-tool',
		why: "Deliberately not a tool (comment above the class): it answers the chat widget's pending request, which an agent calling tools must not do.",
	},
	{
		file: 'nodes/ActionRouter/ActionRouterDescription.ts',
		rule: 'n8n-nodes-base/node-param-placeholder-miscased-id',
		subjects: { ID: 1 },
		why: "The placeholder is an expression, `={{ $json.message.chat.id }}`: Telegram's property is spelled `id`, and 'ID' would break it.",
	},
];

/** The files of the next commit under the scanner's source patterns, copied into a fresh folder. */
function sourceCheckout(): { dir: string; files: number; remove: () => void } {
	const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', 'package.json', 'nodes', 'credentials'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		maxBuffer: 16 * 1024 * 1024,
	})
		.split('\0')
		.filter(Boolean);
	const dir = mkdtempSync(join(tmpdir(), 'chat-actions-source-'));
	let files = 0;
	for (const file of new Set(listed)) {
		const from = join(REPO_ROOT, file);
		if (!existsSync(from) || !statSync(from).isFile()) continue; // deleted in the working tree
		mkdirSync(dirname(join(dir, file)), { recursive: true });
		copyFileSync(from, join(dir, file));
		files++;
	}
	return { dir, files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("n8n's community-package scanner on the source (what a provenance statement points it at)", () => {
	let scan: ScanResult;
	let errors: Finding[];
	let reportedErrors: number;
	let checkoutDir: string;
	let remove = () => {};

	beforeAll(() => {
		const checkout = sourceCheckout();
		remove = checkout.remove;
		checkoutDir = checkout.dir;
		expect(checkout.files).toBeGreaterThan(10);
		scan = runScanner(checkout.dir, '--source');
		({ errors, reportedErrors } = parseFindings(scan.details ?? '', checkout.dir));
	}, 120_000);

	afterAll(() => remove());

	test('its parser loads the project’s TypeScript 5 (see n8n-scanner.test.ts)', () => {
		expect(scan.typescript.version).toMatch(/^5\./);
	});

	test('it analyses the source (no failure of its own)', () => {
		expect(scan.message ?? 'passed').toMatch(/^(passed|ESLint violations found)$/);
		expect(errors).toHaveLength(scan.passed ? 0 : reportedErrors);
	});

	test('it ignores eslint-disable comments, as n8n does: a line the source exempts from a rule is still reported', () => {
		// Every `eslint-disable-next-line <rule>` naming one of the scanner's rules, as file:line rule.
		const exempted = new Set<string>();
		for (const file of new Set(errors.map((finding) => finding.file))) {
			readFileSync(join(checkoutDir, file), 'utf8')
				.split('\n')
				.forEach((text, index) => {
					const rules = /eslint-disable-next-line\s+([^*]+?)\s*(?:\*\/|--|$)/.exec(text)?.[1].split(/\s*,\s*/) ?? [];
					for (const rule of rules) exempted.add(`${file}:${index + 2} ${rule}`);
				});
		}
		const reportedAnyway = errors.filter((finding) => exempted.has(`${finding.file}:${finding.line} ${finding.rule}`));
		// Vacuous only once no reported file exempts a line any more.
		if (exempted.size > 0) expect(reportedAnyway.length).toBeGreaterThan(0);
	});

	test('it reports exactly the allow-listed findings: nothing new, none fixed but still listed', () => {
		const allowed = allowedTally(ALLOWED);
		expect(unexpected(errors, allowed)).toEqual([]);
		expect(tally(errors, allowed)).toEqual(allowed);
	});

	test('every allow-list entry has a reason', () => {
		expect(ALLOWED.filter((entry) => entry.why.trim().length < 20)).toEqual([]);
	});
});
