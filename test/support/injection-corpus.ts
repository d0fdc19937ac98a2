/**
 * Hostile visitor input for the injection suite: each entry is one chat turn whose message
 * and router fields land in a URL path segment, the query, a header and a JSON body of the
 * HTTP Action's request. Grouped by what it attacks; every value is data that must arrive
 * exactly as typed (or, where a request cannot hold it, be refused without sending).
 */
export interface InjectionEntry {
	label: string;
	/** Rendered as one URL path segment: /records/{{fields.segment}}/items */
	segment: string;
	/** Rendered into the query (?q=), a header (X-Note) and a JSON string. */
	note: string;
	/** Rendered as a bare JSON value: "tag": {{fields.tag}} */
	tag: string;
	/** The raw message: query parameter m and a JSON string. */
	message: string;
}

// 4,500 characters of quotes, braces and backslashes: the message also lands in the query,
// percent-encoded to ~13 KB, and Node's HTTP server (the recording API) refuses request heads
// over 16 KB with 431.
const LONG_JSON = '"},{"admin":true}\\'.repeat(250);
const LONG_FIELD = '"}&?#/'.repeat(80); // 480 characters (a text field holds at most 500)

export const INJECTION_CORPUS: InjectionEntry[] = [
	// A plain turn, so the expectations are checked on ordinary values too.
	{ label: 'plain values', segment: 'abc-123', note: 'call me back', tag: 'vip', message: 'Please pass this on' },

	// JSON: quotes, braces, backslashes and escapes must stay inside their string.
	{ label: 'JSON: closing the string and adding a key', segment: 'a"b', note: '", "admin": true, "x": "', tag: '"}, "admin": true, "y": {"', message: '"}, "role": "admin", "z": {"' },
	{ label: 'JSON: backslashes and escape sequences', segment: 'back\\slash', note: '\\", \\u0022admin\\u0022: true', tag: '\\\\', message: 'end\\' },
	{ label: 'JSON: a bare value that looks like JSON', segment: 'x', note: '{"admin": true}', tag: 'true, "admin": true', message: '[1, 2, {"a": null}]' },
	{ label: 'JSON: numbers, null and booleans as text', segment: '0', note: 'null', tag: '12345', message: 'false' },
	{ label: 'JSON: control characters and line separators', segment: 'ctl', note: 'tab\there', tag: 'a\u2028b\u2029c', message: 'line1\nline2\r\n\u0000\u0007\u001b[31m' },
	{ label: 'JSON: a closing script tag and HTML', segment: 'html', note: '</script><script>alert(1)</script>', tag: '<b>', message: '<img src=x onerror=alert(1)>' },

	// URL: path traversal, separators, encodings, other hosts.
	{ label: 'URL: ../ traversal in a segment', segment: '../../admin', note: '../../etc/passwd', tag: '..', message: '../../../' },
	{ label: 'URL: query and fragment separators', segment: '?x=1&y=2#frag', note: 'a&b=c#d?e', tag: '&', message: 'q=1&admin=true#top' },
	{ label: 'URL: slashes and an absolute URL', segment: 'a/b/c', note: 'http://evil.example/x', tag: '//evil.example', message: '//evil.example/steal?c=1' },
	{ label: 'URL: pre-encoded sequences stay literal', segment: '%2e%2e%2fadmin', note: '%0d%0aX-Injected: 1', tag: '%00', message: '%2F%3F%23%26' },
	{ label: 'URL: spaces, plus signs, semicolons and @', segment: 'a b+c;jsessionid=1', note: 'user@evil.example:80', tag: '+', message: 'a+b c=d;e' },
	{ label: 'URL: a segment that is exactly ..', segment: '..', note: 'up', tag: 'dotdot', message: 'go up' },
	{ label: 'URL: a segment that is exactly .', segment: ' . ', note: 'here', tag: 'dot', message: 'stay' },
	{ label: 'URL: a lone dot-dot inside a longer segment', segment: '..hidden..', note: '.', tag: '.', message: '..' },

	// Headers: a line break must never start a new header.
	{ label: 'header: CRLF starting a new header', segment: 'crlf', note: 'ok\r\nX-Injected: 1', tag: 'crlf', message: 'hello\r\nX-Injected: 1' },
	{ label: 'header: a bare LF with Set-Cookie', segment: 'lf', note: 'ok\nSet-Cookie: session=stolen', tag: 'lf', message: 'fine' },
	{ label: 'header: a bare CR', segment: 'cr', note: 'ok\rX-Injected: 1', tag: 'cr', message: 'fine' },
	{ label: 'header: a NUL byte', segment: 'nul', note: 'ok\u0000X-Injected: 1', tag: 'nul', message: 'fine' },
	{ label: 'header: Latin-1 characters fit a header', segment: 'latin1', note: 'café crème', tag: 'é', message: 'déjà vu' },

	// Prototype keys as values and as field names.
	{ label: 'prototype: __proto__ and constructor as values', segment: '__proto__', note: 'constructor', tag: '__proto__', message: '{"__proto__": {"polluted": "yes"}}' },
	{ label: 'prototype: property paths as values', segment: 'constructor.prototype', note: '__proto__.polluted', tag: 'prototype', message: 'constructor[prototype][polluted]=yes' },

	// Handlebars: a visitor's words are printed, never compiled.
	{ label: 'Handlebars: variables and triple braces', segment: '{{user_email}}', note: '{{{fields.tag}}}', tag: '{{json this}}', message: '{{conversation_id}} {{{user_message}}}' },
	{ label: 'Handlebars: helpers and blocks', segment: '{{#each this}}x{{/each}}', note: '{{#if true}}yes{{/if}}', tag: '{{lookup . "constructor"}}', message: '{{#with this}}{{constructor.name}}{{/with}}' },
	{ label: 'Handlebars: constructor escape attempt', segment: 'hb', note: '{{constructor.constructor "return process"}}', tag: '{{> partial}}', message: '{{#with "s" as |string|}}{{#with string.constructor}}{{this}}{{/with}}{{/with}}' },
	{ label: 'Handlebars: unbalanced and escaped braces', segment: '}}{{', note: '\\{{user_message}}', tag: '{{', message: '{{!-- comment --}} }} {{' },

	// Unicode.
	{ label: 'Unicode: emoji, CJK, RTL override, zero-width', segment: 'é漢🙂\u202E\u200B', note: 'Latin-1 only: ÿ', tag: '🙂\u200B', message: '漢字 🙂 \u202Egnp.exe' },

	// Length.
	{ label: 'long: a 4,500-character message and 480-character fields', segment: 'long-' + 'x'.repeat(400), note: LONG_FIELD, tag: LONG_FIELD, message: LONG_JSON },
];

/**
 * Header values outside Latin-1, which an HTTP/1.1 header cannot carry as typed: n8n's HTTP
 * client (axios 1.21, sanitizeHeaderValue) would silently delete those characters, so the
 * HTTP Action refuses the value before sending.
 */
export const NON_LATIN1_HEADER_CORPUS: InjectionEntry[] = [
	{ label: 'header: RTL override and zero-width space', segment: 'rtl', note: 'left\u202Eright\u200Bzw', tag: 'rtl', message: 'fine' },
	{ label: 'header: emoji and CJK', segment: 'emoji', note: '漢字 🙂', tag: 'emoji', message: 'fine' },
];

/** What the HTTP Action must do with an entry: send it, or refuse it before sending. */
export function injectionVerdict(entry: InjectionEntry): { send: true } | { send: false; why: string } {
	// The router trims text fields; what reaches the templates is the trimmed value.
	const segment = entry.segment.trim();
	const note = entry.note.trim();
	if (segment === '.' || segment === '..') return { send: false, why: 'a path segment of . or .. is refused' };
	if (/[\r\n\0]/.test(note)) return { send: false, why: 'a header value with a line break or NUL is refused' };
	if (/[^\t\x20-\x7e\xa0-\xff]/.test(note)) return { send: false, why: 'a header value with a control character or outside Latin-1 cannot be sent as typed' };
	return { send: true };
}
