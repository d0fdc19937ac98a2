import { type ChatTurn, templateVariables } from '../../nodes/shared/contract';
import {
	compileTemplate,
	renderJson,
	renderTemplate,
	renderUrl,
	TemplateError,
} from '../../nodes/shared/templates';

/** Visitor-typed values that try to break out of where they land. */
const HOSTILE = [
	'plain',
	'quote " and \\ backslash',
	'braces {"a":1} and ]}',
	'new\nline and \r carriage',
	'tab\tand \u0000 null',
	'unicode é ü 漢字 🙂 \u2028',
	'{{constructor.constructor "return process"}}',
	'{{#each this}}x{{/each}}',
	'__proto__',
	'../../admin?x=1&y=2#frag',
	'%2e%2e/%00',
	'a'.repeat(20_000),
];

describe('JSON templates', () => {
	test.each(HOSTILE)('a value inside a JSON string stays that exact string: %#', (message) => {
		const body = renderJson('{"text": "{{message}}", "fixed": 1}', { message });
		expect(body).toEqual({ text: message, fixed: 1 });
	});

	test.each(HOSTILE)('a value outside a JSON string becomes one JSON value: %#', (message) => {
		const body = renderJson('{"text": {{message}}, "fixed": 1}', { message });
		expect(body).toEqual({ text: message, fixed: 1 });
	});

	test('numbers, booleans, null and objects keep their JSON type outside strings', () => {
		const vars = { n: 42, b: true, z: null, o: { list: [1, 'two'] } };
		expect(renderJson('{"n": {{n}}, "b": {{b}}, "z": {{z}}, "o": {{o}}}', vars)).toEqual(vars);
	});

	test('inside a string a number is text and an object is its JSON text', () => {
		expect(renderJson('{"n": "#{{n}}", "o": "{{o}}"}', { n: 7, o: { a: 1 } })).toEqual({
			n: '#7',
			o: '{"a":1}',
		});
	});

	test('keys from the visitor are values too, even __proto__', () => {
		const body = renderJson('{"{{key}}": "{{value}}"}', { key: '__proto__', value: 'x' }) as object;
		expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
		expect(Object.keys(body)).toEqual(['__proto__']);
	});

	test('the json helper inserts JSON as a value, and as text inside a string', () => {
		const vars = { fields: { email: 'a@b.c', tags: ['x'] } };
		expect(renderJson('{"f": {{json fields}}, "s": "{{json fields}}"}', vars)).toEqual({
			f: vars.fields,
			s: JSON.stringify(vars.fields),
		});
	});

	test('triple braces do not bypass escaping', () => {
		expect(renderJson('{"t": "{{{message}}}"}', { message: '", "admin": true, "x": "' })).toEqual({
			t: '", "admin": true, "x": "',
		});
	});

	test('blocks iterate with the same escaping', () => {
		const body = renderJson('[{{#each items}}{{#if @index}},{{/if}}"{{this}}"{{/each}}]', {
			items: ['a"', 'b\\'],
		});
		expect(body).toEqual(['a"', 'b\\']);
	});

	test('a template that does not give JSON fails with a hint', () => {
		expect(() => renderJson('{"a": {{x}} "b": 1}', { x: 1 })).toThrow(/valid JSON.*quotes and commas/);
	});
});

describe('the conversation record in a handoff body', () => {
	/** What the router puts on an item: a thread of whatever visitors typed, and the actions taken. */
	const turn: ChatTurn & Required<Pick<ChatTurn, 'conversation'>> = {
		conversationId: 'conv_1',
		message: HOSTILE[2],
		conversation: {
			thread: HOSTILE.map((text, i) => ({ from: i % 2 ? ('router' as const) : ('visitor' as const), text, at: '2026-11-22T10:00:00.000Z' })),
			actionsTaken: [{ name: 'reset_api_key', fields: { email: 'ada@example.com', note: HOSTILE[1] }, at: '2026-11-22T10:01:00.000Z' }],
		},
	};
	const SOURCE =
		'{"conversationId": "{{conversation_id}}", "thread": {{json conversation.thread}}, "actionsTaken": {{conversation.actionsTaken}}, "last": "{{user_message}}"}';

	test('the thread and the actions taken land as JSON data, exactly as recorded, whatever the visitor typed', () => {
		expect(renderJson(SOURCE, templateVariables(turn))).toEqual({
			conversationId: 'conv_1',
			thread: turn.conversation.thread,
			actionsTaken: turn.conversation.actionsTaken,
			last: HOSTILE[2],
		});
	});

	test('a turn without a record is an error naming it, or null with Missing Variables: Render as Empty', () => {
		const bare = templateVariables({ conversationId: 'conv_1', message: 'hi' });
		expect(() => renderJson(SOURCE, bare)).toThrow('The template variable {{conversation.actionsTaken}} has no value');
		expect(renderJson(SOURCE, bare, { missing: 'empty' })).toEqual({ conversationId: 'conv_1', thread: null, actionsTaken: null, last: 'hi' });
	});

	test('a text template can list the thread line by line', () => {
		const text = renderTemplate('{{#each conversation.thread}}{{from}}: {{text}}\n{{/each}}', 'text', templateVariables(turn));
		expect(text.split('\n')[0]).toBe(`visitor: ${HOSTILE[0]}`);
		expect(text).toContain(`router: ${HOSTILE[7]}`);
	});
});

describe('URL templates', () => {
	test('a value in the path is one encoded segment', () => {
		const url = renderUrl('https://api.example.com/orders/{{id}}/status', { id: '../../admin?x=1#f' });
		expect(url.pathname).toBe('/orders/..%2F..%2Fadmin%3Fx%3D1%23f/status');
		expect(url.search).toBe('');
		expect(url.hash).toBe('');
	});

	test.each(['.', '..'])('a path value of "%s" is refused', (id) => {
		expect(() => renderUrl('https://api.example.com/orders/{{id}}', { id })).toThrow(TemplateError);
	});

	test('a value in the query cannot add parameters or a fragment', () => {
		const url = renderUrl('https://api.example.com/search?q={{q}}&limit=5', { q: 'a&limit=1000#x y' });
		expect(url.searchParams.get('q')).toBe('a&limit=1000#x y');
		expect(url.searchParams.getAll('limit')).toEqual(['5']);
	});

	test('a value in the host may only be a host name', () => {
		expect(renderUrl('https://{{tenant}}.example.com/x', { tenant: 'acme' }).host).toBe('acme.example.com');
		expect(() => renderUrl('https://{{tenant}}.example.com/x', { tenant: 'evil.com/@' })).toThrow(
			/host/,
		);
		expect(() => renderUrl('{{base}}/x', { base: 'https://evil.com' })).toThrow(/host/);
	});

	test('only http and https URLs are accepted', () => {
		expect(() => renderUrl('file:///etc/passwd', {})).toThrow(/http/);
		expect(() => renderUrl('not a url', {})).toThrow(/not a valid absolute URL/);
	});
});

describe('header templates', () => {
	test('a line break in a header value is refused', () => {
		expect(() => renderTemplate('Bearer {{t}}', 'header', { t: 'x\r\nX-Admin: 1' })).toThrow(
			'{{t}} contains a line break, which a header value cannot hold',
		);
	});

	test('other text passes unchanged', () => {
		expect(renderTemplate('v={{t}}', 'header', { t: 'a "b" ü' })).toBe('v=a "b" ü');
	});

	test('control characters and characters beyond Latin-1 are refused, since n8n would send them altered', () => {
		for (const t of ['a\u0007b', 'right\u202eleft', 'zero\u200bwidth', 'emoji 🙂', '漢字']) {
			expect(() => renderTemplate('v={{t}}', 'header', { t })).toThrow(
				'{{t}} contains a control character or a character outside Latin-1, which a header value cannot hold',
			);
		}
	});
});

describe('a visitor message is never compiled', () => {
	test('template syntax in a message is printed, not run', () => {
		const message = '{{#each this}}{{@key}}{{/each}} {{lookup this "x"}}';
		expect(renderTemplate('You said: {{user_message}}', 'text', { user_message: message })).toBe(
			`You said: ${message}`,
		);
	});

	test('prototype properties are not reachable from templates', () => {
		expect(() => renderTemplate('{{constructor.name}}', 'text', {})).toThrow(/has no value/);
	});
});

describe('variables', () => {
	const turn = {
		event: 'message' as const,
		conversationId: 'conv_1',
		chatbotId: 'bot_1',
		message: 'Unsubscribe me',
		visitor: { id: 'v_1', name: 'Ada', email: 'ada@example.com', phone: null },
		contact: { name: 'Ada L.', phone_number: '+447700900123' },
		user: { email: 'owner@example.com' },
		organization: { name: 'Acme' },
		action: { name: 'unsubscribe', confidence: 0.9 },
		fields: { list: 'weekly' },
	};

	test.each([
		['{{user_message}}', 'Unsubscribe me'],
		['{{user_email}}', 'ada@example.com'],
		['{{user_name}}', 'Ada'],
		['{{conversation_id}}', 'conv_1'],
		['{{chatbot_id}}', 'bot_1'],
		['{{visitor_id}}', 'v_1'],
		['{{contact.name}}', 'Ada L.'],
		['{{contact.phone_number}}', '+447700900123'],
		['{{user.email}}', 'owner@example.com'],
		['{{organization.name}}', 'Acme'],
		['{{fields.list}}', 'weekly'],
		['{{action.name}}', 'unsubscribe'],
	])('%s renders %s', (template, expected) => {
		expect(renderTemplate(template, 'text', templateVariables(turn))).toBe(expected);
	});

	test('user_email falls back to the contact and user when the visitor has none', () => {
		const vars = templateVariables({ contact: { email: 'c@example.com' }, user: { email: 'u@example.com' } });
		expect(vars.user_email).toBe('c@example.com');
	});

	test('a missing variable is an error naming it', () => {
		expect(() => renderTemplate('Hi {{fields.email}}', 'text', {})).toThrow(
			'The template variable {{fields.email}} has no value',
		);
	});

	test('a missing variable can render empty when the user chooses', () => {
		expect(renderTemplate('Hi {{fields.email}}!', 'text', {}, { missing: 'empty' })).toBe('Hi !');
		expect(renderJson('{"e": {{fields.email}}, "s": "{{x}}"}', {}, { missing: 'empty' })).toEqual({
			e: null,
			s: '',
		});
	});

	test('null is a value, not a missing variable', () => {
		expect(renderJson('{"p": {{visitor.phone}}}', templateVariables(turn))).toEqual({ p: null });
	});
});

describe('helpers', () => {
	test.each([
		['{{default fields.plan "free"}}', {}, 'free'],
		['{{default fields.plan "free"}}', { fields: { plan: 'pro' } }, 'pro'],
		['{{lowercase email}}', { email: 'ADA@Example.COM' }, 'ada@example.com'],
		['{{uppercase code}}', { code: 'ab12' }, 'AB12'],
		['[{{trim name}}]', { name: '  Ada  ' }, '[Ada]'],
		['{{#if (eq plan "pro")}}yes{{else}}no{{/if}}', { plan: 'pro' }, 'yes'],
		['{{json list}}', { list: [1, 'a'] }, '[1,"a"]'],
		['{{date at "yyyy-MM-dd HH:mm"}}', { at: '2026-05-15T10:30:00Z' }, '2026-05-15 10:30'],
		['{{date at "HH:mm" zone="Europe/Paris"}}', { at: '2026-05-15T10:30:00Z' }, '12:30'],
		['{{date at}}', { at: 0 }, '1970-01-01T00:00:00.000Z'],
	])('%s with %j renders %s', (template, vars, expected) => {
		expect(renderTemplate(template, 'text', vars)).toBe(expected);
	});

	test('date rejects what is not a date', () => {
		expect(() => renderTemplate('{{date at "yyyy"}}', 'text', { at: 'soon' })).toThrow(/not a date/);
	});

	test('an unknown helper is a clear error', () => {
		expect(() => renderTemplate('{{shout name}}', 'text', { name: 'x' })).toThrow(/Missing helper: "shout"/);
	});

	test('a template that does not parse is a clear error', () => {
		expect(() => renderTemplate('{{#if x}}open', 'text', { x: 1 })).toThrow(/cannot be read/);
	});
});

describe('compilation', () => {
	test('a template is compiled once and reused', () => {
		const a = compileTemplate('cached {{x}}', 'text');
		const b = compileTemplate('cached {{x}}', 'text');
		expect(a).toBe(b);
		expect(compileTemplate('cached {{x}}', 'json')).not.toBe(a);
	});
});

describe('braces next to mustaches', () => {
	test.each([
		['{"id": {{id}}}', { id: 5 }, { id: 5 }],
		['{"a": {"b": {{id}}}}', { id: 'x' }, { a: { b: 'x' } }],
		['[{{{id}}}]', { id: 5 }, [5]],
		['{"a":{{{id}}}}', { id: [1] }, { a: [1] }],
		['{{{json o}}}', { o: { k: 'v' } }, { k: 'v' }],
	])('%s renders', (template, vars, expected) => {
		expect(renderJson(template, vars)).toEqual(expected);
	});

	test('text keeps its braces', () => {
		expect(renderTemplate('{ {{x}}} and {{{x}}}', 'text', { x: 'a' })).toBe('{ a} and a');
	});
});
