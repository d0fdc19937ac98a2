/**
 * Handlebars templates that know where a value lands.
 *
 * Every `{{…}}` output is rewritten at compile time into a call of one internal helper that
 * escapes the value for its position: inside a JSON string it is JSON-escaped, elsewhere in
 * JSON it is inserted as a JSON value, in a URL path or query it is percent-encoded, in a
 * header it may not contain a line break. A template's author writes the structure; a
 * visitor's text is only ever a value, never compiled and never able to change that
 * structure. `{{{…}}}` gets the same treatment: there is no way to insert raw text.
 */
import type Handlebars from 'handlebars';

import { lazy } from './lazy';
import { HELPERS, JsonFragment, TemplateError, toText } from './template-helpers';

export { TemplateError } from './template-helpers';

// Required on first use, not when n8n loads the nodes at start (see lazy.ts): the Handlebars
// environment below is made when the first template is compiled.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const handlebarsModule = lazy(() => require('handlebars') as typeof Handlebars);

/** Where the rendered text goes. */
export type TemplateTarget = 'text' | 'json' | 'url' | 'header';

/** What happens when a variable has no value. */
export type MissingVariables = 'error' | 'empty';

export interface RenderOptions {
	missing?: MissingVariables;
}

/** Where in its target one `{{…}}` stands; decides how its value is escaped. */
type Slot =
	| 'text'
	| 'header'
	| 'json-string'
	| 'json-value'
	| 'url-host'
	| 'url-path'
	| 'url-query';

/** The internal helper every output goes through, one per missing-variable policy. */
const INSERT_HELPERS: Record<MissingVariables, string> = {
	error: '__chatActionsInsertOrFail',
	empty: '__chatActionsInsertOrEmpty',
};

function insertValue(slot: Slot, label: string, value: unknown, missing: MissingVariables): string {
	if (value === undefined) {
		if (missing === 'error') {
			throw new TemplateError(`The template variable {{${label}}} has no value`, label);
		}
		return slot === 'json-value' ? 'null' : '';
	}
	switch (slot) {
		case 'json-value':
			return value instanceof JsonFragment ? value.text : JSON.stringify(value);
		case 'json-string':
			return JSON.stringify(toText(value)).slice(1, -1);
		case 'url-path': {
			const encoded = encodeURIComponent(toText(value));
			// URL parsers resolve "." and ".." segments (also when percent-encoded),
			// so such a value could walk up the path: refuse it.
			if (encoded === '.' || encoded === '..') {
				throw new TemplateError(`{{${label}}} is "${encoded}", which cannot be part of a URL path`, label);
			}
			return encoded;
		}
		case 'url-query':
			return encodeURIComponent(toText(value));
		case 'url-host': {
			const text = toText(value);
			if (!/^[A-Za-z0-9.-]*$/.test(text)) {
				throw new TemplateError(
					`{{${label}}} stands in the URL's host and may only hold letters, digits, dots and dashes`,
					label,
				);
			}
			return text;
		}
		case 'header': {
			const text = toText(value);
			const problem = headerValueProblem(text);
			if (problem) throw new TemplateError(`{{${label}}} contains ${problem}, which a header value cannot hold`, label);
			return text;
		}
		default:
			return toText(value);
	}
}

/** The package's own Handlebars environment, with its helpers; made on first use. */
const handlebars = lazy(() => {
	const environment = handlebarsModule().create();
	environment.registerHelper(HELPERS);
	for (const missing of Object.keys(INSERT_HELPERS) as MissingVariables[]) {
		environment.registerHelper(INSERT_HELPERS[missing], (slot: Slot, label: string, value: unknown) =>
			insertValue(slot, label, value, missing),
		);
	}
	return environment;
});

/**
 * JSON puts braces right next to mustaches: `{"id": {{x}}}` ends in `}}}`, which Handlebars
 * reads as the close of a triple-stash. An empty comment `{{!}}` keeps such a brace apart
 * without changing the output. A real triple-stash `{{{name}}}` is left as it is.
 */
function separateBraces(source: string): string {
	let out = '';
	let i = 0;
	while (i < source.length) {
		const open = source.indexOf('{{', i);
		if (open < 0) break;
		out += source.slice(i, open);
		if (source.startsWith('{{{', open)) {
			const close = source.indexOf('}}}', open + 3);
			const inner = close < 0 ? '' : source.slice(open + 3, close);
			if (close >= 0 && !/[{}]/.test(inner)) {
				out += source.slice(open, close + 3);
				i = close + 3;
				if (source[i] === '}') out += '{{!}}';
				continue;
			}
			out += '{{{!}}';
			i = open + 1;
			continue;
		}
		const close = source.indexOf('}}', open + 2);
		if (close < 0 || source.startsWith('{{!--', open)) break;
		out += source.slice(open, close + 2);
		i = close + 2;
		if (source[i] === '}') out += '{{!}}';
	}
	return out + source.slice(i);
}

type AstNode = hbs.AST.Node & { loc: hbs.AST.SourceLocation };
type Mustache = hbs.AST.MustacheStatement & { loc: hbs.AST.SourceLocation };

/** Content and mustache statements in source order, blocks included. */
function* statementsInOrder(program: hbs.AST.Program): Generator<AstNode> {
	for (const statement of program.body as AstNode[]) {
		if (statement.type === 'BlockStatement') {
			const block = statement as unknown as hbs.AST.BlockStatement;
			if (block.program) yield* statementsInOrder(block.program);
			if (block.inverse) yield* statementsInOrder(block.inverse);
		} else {
			yield statement;
		}
	}
}

/** Follows the target's syntax through the template's literal text and tells each slot. */
function slotFinder(target: TemplateTarget): (content: string | null) => Slot {
	if (target === 'text') return () => 'text';
	if (target === 'header') return () => 'header';
	if (target === 'json') {
		let inString = false;
		let escaped = false;
		return (content) => {
			for (const ch of content ?? '') {
				if (!inString) inString = ch === '"';
				else if (escaped) escaped = false;
				else if (ch === '\\') escaped = true;
				else if (ch === '"') inString = false;
			}
			return inString ? 'json-string' : 'json-value';
		};
	}
	let part: 'host' | 'path' | 'query' = 'host';
	let seen = '';
	return (content) => {
		for (const ch of content ?? '') {
			seen = (seen + ch).slice(-3);
			if (part === 'host' && ch === '/' && !seen.endsWith('//') && !seen.endsWith(':/')) part = 'path';
			else if (ch === '?' || ch === '#') part = 'query';
		}
		return part === 'host' ? 'url-host' : part === 'path' ? 'url-path' : 'url-query';
	};
}

function expressionSource(mustache: Mustache, source: string): string {
	const lines = source.split('\n');
	const { start, end } = mustache.loc;
	const text =
		start.line === end.line
			? lines[start.line - 1].slice(start.column, end.column)
			: [lines[start.line - 1].slice(start.column), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column)].join('\n');
	return text.replace(/^\{\{[{&~]*\s*/, '').replace(/\s*~?\}\}\}?$/, '');
}

function stringLiteral(value: string, loc: hbs.AST.SourceLocation): hbs.AST.StringLiteral {
	return { type: 'StringLiteral', value, original: value, loc };
}

/** Rewrites each `{{expr}}` into `{{__insert "<slot>" "<label>" (expr)}}`. */
function rewrite(program: hbs.AST.Program, source: string, target: TemplateTarget, helper: string): void {
	const slotAt = slotFinder(target);
	for (const statement of statementsInOrder(program)) {
		if (statement.type === 'ContentStatement') {
			slotAt((statement as unknown as hbs.AST.ContentStatement).value);
			continue;
		}
		if (statement.type !== 'MustacheStatement') continue;
		const mustache = statement as Mustache;
		const slot = slotAt(null);
		const isCall = mustache.params.length > 0 || (mustache.hash?.pairs?.length ?? 0) > 0;
		const value: hbs.AST.Expression = isCall
			? ({ type: 'SubExpression', path: mustache.path, params: mustache.params, hash: mustache.hash, loc: mustache.loc } as hbs.AST.SubExpression)
			: mustache.path;
		const label = expressionSource(mustache, source);
		mustache.path = { type: 'PathExpression', data: false, depth: 0, parts: [helper], original: helper, loc: mustache.loc } as hbs.AST.PathExpression;
		mustache.params = [stringLiteral(slot, mustache.loc), stringLiteral(label, mustache.loc), value];
		mustache.hash = undefined as unknown as hbs.AST.Hash;
		mustache.escaped = false;
	}
}

type CompiledTemplate = (variables: object) => string;

const CACHE_LIMIT = 1000;
const cache = new Map<string, CompiledTemplate>();

/** Compiles a template for a target, once; later calls reuse it (bounded cache). */
export function compileTemplate(source: string, target: TemplateTarget, options: RenderOptions = {}): CompiledTemplate {
	const missing = options.missing ?? 'error';
	const key = `${target}\u0000${missing}\u0000${source}`;
	const cached = cache.get(key);
	if (cached) return cached;

	const environment = handlebars();
	let program: hbs.AST.Program;
	const separated = separateBraces(source);
	try {
		program = environment.parse(separated);
	} catch (error) {
		throw new TemplateError(`The template cannot be read: ${(error as Error).message.split('\n')[0]}`);
	}
	rewrite(program, separated, target, INSERT_HELPERS[missing]);
	const render = environment.compile(program, { noEscape: true, strict: false, preventIndent: true });
	const compiled: CompiledTemplate = (variables) => {
		try {
			return render(variables);
		} catch (error) {
			if (error instanceof TemplateError) throw error;
			throw new TemplateError(`The template failed: ${(error as Error).message.split('\n')[0]}`);
		}
	};
	if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
	cache.set(key, compiled);
	return compiled;
}

/** Renders a template for a target with the given variables. */
export function renderTemplate(
	source: string,
	target: TemplateTarget,
	variables: object,
	options: RenderOptions = {},
): string {
	return compileTemplate(source, target, options)(variables);
}

/** Renders a JSON template and parses it: the result is data, whatever the values held. */
export function renderJson(source: string, variables: object, options: RenderOptions = {}): unknown {
	const text = renderTemplate(source, 'json', variables, options);
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new TemplateError(
			`The JSON template does not give valid JSON (${(error as Error).message}). Check the quotes and commas around each {{…}}.`,
		);
	}
}

/** Parses an absolute http(s) URL, with an error that says what is wrong. */
export function parseHttpUrl(text: string): URL {
	let url: URL;
	try {
		url = new URL(text.trim());
	} catch {
		throw new TemplateError(`The URL "${text}" is not a valid absolute URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new TemplateError(`The URL must start with http:// or https:// (got ${url.protocol})`);
	}
	return url;
}

/** Renders a URL template and checks it is an absolute http(s) URL. */
export function renderUrl(source: string, variables: object, options: RenderOptions = {}): URL {
	return parseHttpUrl(renderTemplate(source, 'url', variables, options));
}

/**
 * Why a header value cannot be sent as it is, or undefined. Allowed: tab, visible ASCII and
 * Latin-1's printable range (RFC 9110 §5.5 allows bytes 0x80-0xFF; 0x80-0x9F are C1 control
 * characters and refused too). n8n's HTTP client silently deletes anything beyond Latin-1,
 * so such a value is refused rather than sent altered.
 */
export function headerValueProblem(text: string): string | undefined {
	if (/[\r\n\0]/.test(text)) return 'a line break';
	if (/[^\t\x20-\x7e\xa0-\xff]/.test(text)) return 'a control character or a character outside Latin-1';
	return undefined;
}
