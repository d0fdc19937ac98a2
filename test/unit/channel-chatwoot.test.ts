/**
 * The Chatwoot channel (nodes/shared/channels/chatwoot.ts): agent-bot webhook bodies read into
 * turns, replies and handoffs turned into account API requests. The bodies follow Chatwoot's
 * own serialisation: Message#webhook_data (app/models/message.rb) with `event` added by
 * AgentBotListener, Contact#webhook_data as the sender, and Conversation#webhook_data
 * (Conversations::EventDataPresenter: `id` is the display id, `meta.sender` the contact).
 */
import { createHmac } from 'node:crypto';

import { detectDialect } from '../../nodes/shared/dialects';
import { BadChatRequest } from '../../nodes/shared/dialects/read';
import { chatwoot, chatwootLabel, handOverNote, verifyChatwootSignature } from '../../nodes/shared/channels/chatwoot';
import type { ChannelAddress, ChannelEvent } from '../../nodes/shared/channels/types';
import type { ChatTurn } from '../../nodes/shared/contract';

const ACCOUNT = { id: 1, name: 'Acme' };
const INBOX = { id: 3, name: 'Website' };
const CONTACT = {
	account: ACCOUNT,
	additional_attributes: { city: 'Lyon' },
	avatar: '',
	custom_attributes: { plan: 'pro', nested: { ignored: true } },
	email: 'jane@example.com',
	id: 42,
	identifier: null,
	name: 'Jane Doe',
	phone_number: '+33612345678',
	thumbnail: '',
	blocked: false,
};
const BOT = { id: 7, name: 'Chat Actions bot', type: 'agent_bot' };

function conversation(overrides: Record<string, unknown> = {}) {
	return {
		additional_attributes: { browser: { browser_name: 'Firefox' } },
		can_reply: true,
		channel: 'Channel::WebWidget',
		contact_inbox: { source_id: '5a8b9c1d-0e2f-4a3b-8c7d-6e5f4a3b2c1d', inbox_id: 3 },
		id: 15,
		inbox_id: 3,
		messages: [{ id: 5001, content: 'Hello', account_id: 1, inbox_id: 3, conversation_id: 15, message_type: 0, private: false }],
		labels: ['billing'],
		meta: { sender: { ...CONTACT, type: 'contact' }, assignee: null, team: null, hmac_verified: false },
		status: 'pending',
		custom_attributes: {},
		snoozed_until: null,
		unread_count: 1,
		priority: null,
		agent_last_seen_at: 0,
		contact_last_seen_at: 0,
		timestamp: 1767268800,
		created_at: 1767268790,
		account: ACCOUNT,
		...overrides,
	};
}

function messageEvent(event: string, overrides: Record<string, unknown> = {}) {
	return {
		account: ACCOUNT,
		additional_attributes: {},
		content_attributes: {},
		content_type: 'text',
		content: 'I want a refund for order 1234',
		conversation: conversation(),
		created_at: '2026-01-01T12:00:00.000Z',
		id: 5002,
		inbox: INBOX,
		message_type: 'incoming',
		private: false,
		sender: CONTACT,
		source_id: null,
		event,
		...overrides,
	};
}

/** The bot's options message after the visitor picked one in the web widget. */
const picked = messageEvent('message_updated', {
	id: 5003,
	content: 'What would you like to do?',
	content_type: 'input_select',
	content_attributes: {
		items: [
			{ title: 'Track my order', value: 'track_order' },
			{ title: 'Talk to a person', value: 'handoff' },
		],
		submitted_values: [{ title: 'Track my order', value: 'track_order' }],
	},
	message_type: 'outgoing',
	sender: BOT,
});

function only(events: ChannelEvent[]): ChannelEvent {
	expect(events).toHaveLength(1);
	return events[0];
}

function turnOf(body: Record<string, unknown>): ChatTurn {
	const event = only(chatwoot.read(body));
	expect(event.kind).toBe('turn');
	return (event as { turn: ChatTurn }).turn;
}

function refusal(body: Record<string, unknown>): BadChatRequest {
	try {
		chatwoot.read(body);
	} catch (error) {
		expect(error).toBeInstanceOf(BadChatRequest);
		expect((error as BadChatRequest).status).toBe(400);
		return error as BadChatRequest;
	}
	throw new Error('The body was not refused');
}

const ADDRESS: ChannelAddress = { channel: 'chatwoot', accountId: 1, conversationId: 15, inboxId: 3, labels: 'billing' };
const PATH = '/api/v1/accounts/1/conversations/15';

describe('reading Chatwoot agent-bot webhooks', () => {
	test('an incoming message is a turn: the contact is the visitor, the conversation id names account and display id', () => {
		const turn = turnOf(messageEvent('message_created'));
		expect(turn).toMatchObject({
			event: 'message',
			conversationId: 'chatwoot:1:15',
			chatbotId: '3',
			message: 'I want a refund for order 1234',
			actionId: null,
			visitor: { id: '42', name: 'Jane Doe', email: 'jane@example.com', phone: '+33612345678' },
			contact: { id: '42', name: 'Jane Doe', email: 'jane@example.com', phone_number: '+33612345678', custom_attributes: { plan: 'pro' } },
			metadata: { channel: { channel: 'chatwoot', accountId: 1, conversationId: 15, inboxId: 3, labels: 'billing' }, messageId: '5002' },
		});
		expect(turn.metadata?.personHolds).toBeUndefined();
		expect(turn.contact?.custom_attributes).toEqual({ plan: 'pro' }); // nested values are not carried
	});

	test('the conversation id is the display id Chatwoot puts in `id`, or `display_id` where a build sends both', () => {
		const withDisplayId = messageEvent('message_created', { conversation: conversation({ id: '98431', display_id: 15 }) });
		expect(turnOf(withDisplayId).conversationId).toBe('chatwoot:1:15');
	});

	test('a message while the conversation is open (a person holds it) says so: metadata.personHolds', () => {
		const turn = turnOf(messageEvent('message_created', { conversation: conversation({ status: 'open' }) }));
		expect(turn.metadata?.personHolds).toBe(true);
	});

	test.each([
		['an outgoing message (an agent or the bot itself)', { message_type: 'outgoing', sender: BOT }],
		['a template message (Chatwoot greeting, email collect)', { message_type: 'template', sender: null }],
		['an activity message', { message_type: 'activity', sender: null }],
		['a private note', { message_type: 'outgoing', private: true, sender: { id: 2, name: 'Agent', email: 'a@acme.test', type: 'user' } }],
		['an incoming message with attachments only', { content: null, attachments: [{ id: 1, file_type: 'image' }] }],
	])('%s is ignored', (_what, overrides) => {
		expect(only(chatwoot.read(messageEvent('message_created', overrides))).kind).toBe('ignore');
	});

	test('a picked input_select option (web widget: message_updated with submitted_values) is a button event with its value', () => {
		const turn = turnOf(picked);
		expect(turn).toMatchObject({
			event: 'button',
			actionId: 'track_order',
			message: 'Track my order',
			conversationId: 'chatwoot:1:15',
			visitor: { id: '42', name: 'Jane Doe' },
			metadata: { messageId: '5003' },
		});
	});

	test('other message updates are ignored (an edit, options not yet picked)', () => {
		expect(only(chatwoot.read(messageEvent('message_updated'))).kind).toBe('ignore');
		const unpicked = { ...picked, content_attributes: { items: (picked.content_attributes as { items: unknown }).items } };
		expect(only(chatwoot.read(unpicked)).kind).toBe('ignore');
	});

	test('a resolved conversation is given back to the bot: a release of that conversation', () => {
		const event = only(chatwoot.read({ ...conversation({ status: 'resolved' }), event: 'conversation_resolved' }));
		expect(event.kind).toBe('release');
		expect((event as { turn: ChatTurn }).turn).toMatchObject({ conversationId: 'chatwoot:1:15', visitor: { id: '42' }, metadata: { channel: { conversationId: 15 } } });
	});

	test('a status change back to pending is a release; to open or snoozed it is ignored', () => {
		const changed = (status: string) => ({ ...conversation({ status }), event: 'conversation_status_changed', changed_attributes: [{ status: { previous_value: 'open', current_value: status } }] });
		expect(only(chatwoot.read(changed('pending'))).kind).toBe('release');
		expect(only(chatwoot.read(changed('open'))).kind).toBe('ignore');
		expect(only(chatwoot.read(changed('snoozed'))).kind).toBe('ignore');
		expect(only(chatwoot.read({ ...conversation({ status: 'open' }), event: 'conversation_opened' })).kind).toBe('ignore');
	});

	test('an older Chatwoot without `account` on conversation events: the account comes from its last message', () => {
		const body: Record<string, unknown> = { ...conversation({ status: 'resolved' }), event: 'conversation_resolved' };
		delete body.account;
		expect((only(chatwoot.read(body)) as { turn: ChatTurn }).turn.conversationId).toBe('chatwoot:1:15');
	});

	test('events that are not for the bot are ignored (webwidget_triggered, typing, contact updates)', () => {
		expect(only(chatwoot.read({ event: 'webwidget_triggered', account: ACCOUNT, inbox: INBOX, source_id: 'x', event_info: {} })).kind).toBe('ignore');
		expect(only(chatwoot.read({ ...conversation(), event: 'conversation_typing_on' })).kind).toBe('ignore');
	});

	test('a malformed body of a recognised event is refused with 400, naming what to fix', () => {
		expect(refusal(messageEvent('message_created', { conversation: undefined })).message).toMatch(/"conversation" is required/);
		expect(refusal(messageEvent('message_created', { conversation: conversation({ id: '15/../../profile' }) })).message).toMatch(/"conversation.id" must be a Chatwoot id/);
		expect(refusal(messageEvent('message_created', { account: { id: 'acme' } })).message).toMatch(/"account.id"/);
		expect(refusal(messageEvent('message_created', { content: { text: 'hi' } })).message).toMatch(/"content" must be text/);
		expect(refusal(messageEvent('message_created', { content: 'x'.repeat(10_001) })).message).toMatch(/longer than 10000/);
		expect(refusal(messageEvent('message_created', { message_type: 'sideways' })).message).toMatch(/message_type/);
		expect(refusal(messageEvent('message_created', { id: undefined })).message).toMatch(/"id"/);
		expect(refusal({ ...picked, content_attributes: { submitted_values: 'track_order' } }).message).toMatch(/submitted_values/);
		expect(refusal({ ...picked, content_attributes: { submitted_values: [{ title: 'Track' }] } }).message).toMatch(/value/);
	});
});

describe('recognising a Chatwoot body', () => {
	test('agent-bot message and conversation events are Chatwoot; the widgets\' bodies are not', () => {
		expect(chatwoot.detect(messageEvent('message_created'))).toBe(true);
		expect(chatwoot.detect({ ...conversation(), event: 'conversation_resolved' })).toBe(true);
		expect(chatwoot.detect({ event: 'message', conversationId: 'c1', message: 'hi', account: ACCOUNT })).toBe(false);
		expect(chatwoot.detect({ event: 'button', conversationId: 'c1', actionId: 'a', conversation: {}, message_type: 'x' })).toBe(false);
		expect(chatwoot.detect({ conversation_id: 'c1', action_id: 'a', payload: {} })).toBe(false);
		expect(chatwoot.detect({ contact: { email: 'a@b.c' }, conversation: { id: 1 }, message: 'hi' })).toBe(false);
		expect(chatwoot.detect({ action: 'sendMessage', sessionId: 's', chatInput: 'hi' })).toBe(false);
	});

	test('automatic detection picks Chatwoot for its bodies and leaves the widgets\' as they were', () => {
		expect(detectDialect(messageEvent('message_created'))).toBe('chatwoot');
		expect(detectDialect({ event: 'message', conversationId: 'c1', message: 'hi' })).toBe('native');
		expect(detectDialect({ contact: { email: 'a@b.c' }, conversation: { id: 1 }, message: 'hi' })).toBe('helpdesk');
	});
});

describe('sending a reply to Chatwoot', () => {
	const TURN: ChatTurn = { conversationId: 'chatwoot:1:15', metadata: { channel: ADDRESS } };

	test('text is one outgoing message to the conversation', () => {
		expect(chatwoot.send({ message: 'Your order ships tomorrow.' }, ADDRESS, TURN)).toEqual([
			{ method: 'POST', path: `${PATH}/messages`, body: { content: 'Your order ships tomorrow.', message_type: 'outgoing' } },
		]);
	});

	test('buttons are input_select options: an action button sends its id, a quick reply its label', () => {
		const [request] = chatwoot.send({ message: 'What next?', buttons: [{ label: 'Track', actionId: 'track_order' }, { label: 'Something else' }] }, ADDRESS, TURN);
		expect(request.body).toEqual({
			content: 'What next?',
			message_type: 'outgoing',
			content_type: 'input_select',
			content_attributes: { items: [{ title: 'Track', value: 'track_order' }, { title: 'Something else', value: 'Something else' }] },
		});
	});

	test('link buttons and links are Markdown links on their own lines, which Chatwoot renders per channel', () => {
		const [request] = chatwoot.send(
			{ message: 'Here you go.', buttons: [{ label: 'Order page', url: 'https://shop.example/orders/1234' }], links: [{ label: 'Returns [policy]', url: 'https://shop.example/returns (EU)' }] },
			ADDRESS,
			TURN,
		);
		expect(request.body).toEqual({
			content: 'Here you go.\n[Order page](https://shop.example/orders/1234)\n[Returns \\[policy\\]](https://shop.example/returns%20%28EU%29)',
			message_type: 'outgoing',
		});
	});

	test('a link that is not http(s), mailto or tel is shown as its label only', () => {
		const [request] = chatwoot.send({ message: '', links: [{ label: 'Click', url: 'javascript:alert(1)' }] }, ADDRESS, TURN);
		expect(request.body.content).toBe('Click');
	});

	test('nothing to say sends nothing', () => {
		expect(chatwoot.send({ message: '' }, ADDRESS, TURN)).toEqual([]);
		expect(chatwoot.send({ message: '   ', buttons: [], links: [] }, ADDRESS, TURN)).toEqual([]);
	});

	test('an address without numeric ids is refused rather than sent anywhere', () => {
		expect(() => chatwoot.send({ message: 'hi' }, { channel: 'chatwoot', accountId: 1, conversationId: '15/../../../profile' }, TURN)).toThrow(/numeric accountId and conversationId/);
		expect(() => chatwoot.send({ message: 'hi' }, { channel: 'telegram', chatId: 1 }, TURN)).toThrow(/Chatwoot address/);
	});

	test('a visitor\'s text cannot change the request: it stays the content string of a JSON body', () => {
		const hostile = '", "private": true, "message_type": "incoming"} \n[x](mention://user/1/Boss)';
		const [request] = chatwoot.send({ message: hostile, buttons: [{ label: hostile, actionId: hostile }] }, ADDRESS, TURN);
		expect(request.path).toBe(`${PATH}/messages`);
		expect(Object.keys(request.body).sort()).toEqual(['content', 'content_attributes', 'content_type', 'message_type']);
		expect(request.body.content).toBe(hostile.trim());
		expect(request.body.message_type).toBe('outgoing');
		expect(JSON.parse(JSON.stringify(request.body))).toEqual(request.body);
	});
});

describe('handing a Chatwoot conversation over to a person', () => {
	const handoffTurn: ChatTurn = {
		conversationId: 'chatwoot:1:15',
		metadata: { channel: ADDRESS },
		conversation: {
			thread: [
				{ from: 'visitor', text: 'I want a refund for order 1234', at: '2026-01-01T12:00:00.000Z' },
				{ from: 'router', text: 'Which order?', at: '2026-01-01T12:00:05.000Z' },
				{ from: 'visitor', text: 'Order 1234,\nthe *blue* one [see](mention://user/1/Boss)', at: '2026-01-01T12:01:00.000Z' },
			],
			actionsTaken: [{ name: 'refund_request', fields: { order_id: '1234', reason: null }, at: '2026-01-01T12:01:00.000Z' }],
		},
		reply: { message: 'A colleague will take over.', handoff: true, tags: ['Refund', 'VIP customer', 'billing', '!'] },
	};

	test('a private note with the thread and the actions, then status open, then the labels', () => {
		const requests = chatwoot.handOver(handoffTurn, ADDRESS);
		expect(requests.map((request) => request.path)).toEqual([`${PATH}/messages`, `${PATH}/toggle_status`, `${PATH}/labels`]);
		expect(requests[0].body).toEqual({ content: handOverNote(handoffTurn), message_type: 'outgoing', private: true });
		expect(requests[1].body).toEqual({ status: 'open' });
		expect(requests[2].body).toEqual({ labels: ['billing', 'refund', 'vip-customer'] });
		// Chatwoot before PR #14655 refuses labels from a bot's token: the handoff does not depend on them.
		expect(requests.map((request) => request.optional === true)).toEqual([false, false, true]);
	});

	test('the note is plain lines an agent reads, not JSON; a visitor\'s Markdown and mentions are neutralised', () => {
		expect(handOverNote(handoffTurn)).toBe(
			[
				'Handed over by the bot.',
				'',
				'Conversation:',
				'- 2026-01-01 12:00 UTC Contact: I want a refund for order 1234',
				'- 2026-01-01 12:00 UTC Bot: Which order?',
				'- 2026-01-01 12:01 UTC Contact: Order 1234, the \\*blue\\* one \\[see\\]\\(mention: //user/1/Boss\\)',
				'',
				'Actions taken:',
				'- 2026-01-01 12:01 UTC refund\\_request (order\\_id: 1234)',
				'',
				'Tags: Refund, VIP customer, billing, !',
			].join('\n'),
		);
	});

	test('with no thread recorded the note still says the bot handed over', () => {
		expect(handOverNote({ conversationId: 'chatwoot:1:15' })).toBe('Handed over by the bot.');
	});

	test("the note's first line says why: the contact asked for a person, answers kept being refused, or an action failed", () => {
		const firstLine = (turn: Partial<ChatTurn>) => handOverNote({ conversationId: 'chatwoot:1:15', ...turn } as ChatTurn).split('\n')[0];
		expect(firstLine({ router: { outcome: 'handoff', reason: 'asked_for_person' } } as Partial<ChatTurn>)).toBe('Handed over by the bot: the contact asked for a person.');
		expect(firstLine({ router: { outcome: 'handoff', reason: 'escalated' } } as Partial<ChatTurn>)).toBe("Handed over by the bot: the contact's answers kept being refused.");
		expect(firstLine({ action: { name: 'refund_request' }, error: { message: 'HTTP 500' } } as Partial<ChatTurn>)).toBe('Handed over by the bot: the action refund\\_request failed.');
		expect(firstLine({ router: { outcome: 'handoff', reason: 'something_new' } } as Partial<ChatTurn>)).toBe('Handed over by the bot.');
	});

	test('labels follow Chatwoot\'s rules (lower case, letters, digits, _ and -), keep the existing ones, and are sent only when new', () => {
		expect(chatwootLabel('VIP customer')).toBe('vip-customer');
		expect(chatwootLabel('Überweisung')).toBe('überweisung');
		expect(chatwootLabel('_x')).toBeUndefined();
		expect(chatwootLabel('a')).toBeUndefined();
		const noNewLabels = { ...handoffTurn, reply: { message: '', tags: ['billing'] } };
		expect(chatwoot.handOver(noNewLabels, ADDRESS).map((request) => request.path)).toEqual([`${PATH}/messages`, `${PATH}/toggle_status`]);
		const unknownLabels = chatwoot.handOver(handoffTurn, { ...ADDRESS, labels: null });
		expect(unknownLabels[2].body).toEqual({ labels: ['refund', 'vip-customer', 'billing'] });
	});
});

describe('Chatwoot webhook signatures (agent bots since 4.13)', () => {
	const secret = 'Xk3vQ9pL2mN8rT5wY7zA1bC4';
	const raw = Buffer.from(JSON.stringify(messageEvent('message_created')));
	const now = 1767268800;
	const sign = (timestamp: number, body = raw, key = secret) => ({
		'x-chatwoot-timestamp': String(timestamp),
		'x-chatwoot-signature': `sha256=${createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex')}`,
		'x-chatwoot-delivery': '3f1c2a9e-6b1d-4c55-9d0e-2a8f7c1b5e44',
	});

	test('a delivery signed with the bot\'s secret over "<timestamp>.<raw body>" is accepted', () => {
		expect(verifyChatwootSignature(sign(now - 10), raw, secret, now)).toEqual({ ok: true });
	});

	test('a changed body, another secret, or a missing signature is refused', () => {
		expect(verifyChatwootSignature(sign(now, Buffer.from('{"event":"message_created"}')), raw, secret, now)).toMatchObject({ ok: false, status: 403 });
		expect(verifyChatwootSignature(sign(now, raw, 'another-secret'), raw, secret, now)).toMatchObject({ ok: false, status: 403 });
		expect(verifyChatwootSignature({}, raw, secret, now)).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/not signed/) });
	});

	test('a timestamp outside five minutes, or not Unix seconds, is refused', () => {
		expect(verifyChatwootSignature(sign(now - 301), raw, secret, now)).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/window/) });
		expect(verifyChatwootSignature({ ...sign(now), 'x-chatwoot-timestamp': '2026-01-01T12:00:00Z' }, raw, secret, now)).toMatchObject({ ok: false, status: 401 });
	});

	test('no refusal message carries the secret', () => {
		const results = [verifyChatwootSignature({}, raw, secret, now), verifyChatwootSignature(sign(now, raw, 'x'), raw, secret, now)];
		for (const result of results) expect(JSON.stringify(result)).not.toContain(secret);
	});
});
