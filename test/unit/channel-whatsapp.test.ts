// The WhatsApp Cloud API channel without n8n: Meta's webhook checks, the messages webhook read
// into turns, and replies turned into Messages API requests within Meta's limits. Payloads follow
// Meta's examples (developers.facebook.com/documentation/business-messaging/whatsapp/webhooks).
import { createHmac } from 'node:crypto';

import {
	LIST_BUTTON_LABEL,
	readN8nWhatsAppTriggerItem,
	shorten,
	splitText,
	verifyWhatsAppChallenge,
	verifyWhatsAppSignature,
	whatsapp,
	whatsappVisitorId,
} from '../../nodes/shared/channels/whatsapp';
import type { ChannelAddress, ChannelEvent, ChannelRequest } from '../../nodes/shared/channels/types';
import type { ChatReply, ChatTurn } from '../../nodes/shared/contract';
import { BadChatRequest } from '../../nodes/shared/dialects';
import { whatsappProblem } from '../../toolkit/servers/whatsapp-server';

const PHONE_NUMBER_ID = '106540352242922';
const WA_ID = '16505551234';
const BSUID = 'US.13491208655302741918';
const APP_SECRET = 'app-secret-3f9a';

type Value = Record<string, unknown>;

function webhook(...values: Value[]): Record<string, unknown> {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '102290129340398',
				changes: values.map((value) => ({
					value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID }, ...value },
					field: 'messages',
				})),
			},
		],
	};
}

const sheena = { profile: { name: 'Sheena Nelson' }, wa_id: WA_ID };
const textMessage = (body: string, id = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=') => ({
	from: WA_ID,
	id,
	timestamp: '1749416383',
	type: 'text',
	text: { body },
});

function turns(events: ChannelEvent[]): ChatTurn[] {
	return events.flatMap((event) => (event.kind === 'turn' ? [event.turn] : []));
}

function only(events: ChannelEvent[]): ChatTurn {
	const found = turns(events);
	expect(found).toHaveLength(1);
	return found[0];
}

describe("Meta's webhook verification (GET with hub.challenge)", () => {
	const query = (token: string, mode = 'subscribe') => ({ 'hub.mode': mode, 'hub.challenge': '1158201444', 'hub.verify_token': token });

	test('answers the challenge when hub.mode is subscribe and the verify token is the credential\'s', () => {
		expect(verifyWhatsAppChallenge(query('meatyhamhock'), 'meatyhamhock')).toEqual({ ok: true, challenge: '1158201444' });
		expect(verifyWhatsAppChallenge({ hub: { mode: 'subscribe', challenge: '42', verify_token: 't' } }, 't')).toEqual({ ok: true, challenge: '42' });
	});

	test('a wrong verify token is refused with 403 and the challenge is not echoed', () => {
		const result = verifyWhatsAppChallenge(query('guess'), 'meatyhamhock');
		expect(result).toEqual({ ok: false, status: 403, message: expect.stringContaining('Verify Token') });
		expect(JSON.stringify(result)).not.toContain('1158201444');
		expect(JSON.stringify(result)).not.toContain('meatyhamhock');
		expect(verifyWhatsAppChallenge(query(''), '')).toMatchObject({ ok: false, status: 403, message: expect.stringContaining('no Verify Token') });
	});

	test('a mode other than subscribe, a missing or repeated parameter, or an odd challenge is refused with 400', () => {
		expect(verifyWhatsAppChallenge(query('meatyhamhock', 'unsubscribe'), 'meatyhamhock')).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('subscribe') });
		expect(verifyWhatsAppChallenge({ 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'meatyhamhock')).toMatchObject({ ok: false, status: 400 });
		expect(verifyWhatsAppChallenge({ ...query('meatyhamhock'), 'hub.verify_token': ['meatyhamhock', 'x'] }, 'meatyhamhock')).toMatchObject({ ok: false, status: 400 });
		expect(verifyWhatsAppChallenge({ ...query('meatyhamhock'), 'hub.challenge': '<script>' }, 'meatyhamhock')).toMatchObject({ ok: false, status: 400 });
	});
});

describe('X-Hub-Signature-256 on webhook deliveries', () => {
	const raw = Buffer.from(JSON.stringify(webhook({ contacts: [sheena], messages: [textMessage('hi')] })));
	const sign = (body: Buffer, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

	test('the HMAC-SHA256 of the raw body with the app secret is accepted, in any hex case', () => {
		expect(verifyWhatsAppSignature({ 'x-hub-signature-256': sign(raw) }, raw, APP_SECRET)).toEqual({ ok: true });
		expect(verifyWhatsAppSignature({ 'x-hub-signature-256': sign(raw).toUpperCase().replace('SHA256', 'sha256') }, raw, APP_SECRET)).toEqual({ ok: true });
	});

	test('a body signed with another secret is refused with 401, naming neither secret', () => {
		const result = verifyWhatsAppSignature({ 'x-hub-signature-256': sign(raw, 'another-secret') }, raw, APP_SECRET);
		expect(result).toEqual({ ok: false, status: 401, message: expect.stringContaining('does not match') });
		expect(JSON.stringify(result)).not.toContain(APP_SECRET);
	});

	test('a missing or malformed header is refused with 401 saying what is missing', () => {
		expect(verifyWhatsAppSignature({}, raw, APP_SECRET)).toEqual({ ok: false, status: 401, message: expect.stringContaining('X-Hub-Signature-256 header is missing') });
		expect(verifyWhatsAppSignature({ 'x-hub-signature-256': 'sha1=abc' }, raw, APP_SECRET)).toMatchObject({ ok: false, status: 401, message: expect.stringContaining('64 hex') });
		expect(verifyWhatsAppSignature({ 'x-hub-signature-256': sign(raw) }, raw, '')).toMatchObject({ ok: false, status: 401, message: expect.stringContaining('no App Secret') });
	});

	test('a body changed after signing is refused, even by one byte', () => {
		const changed = Buffer.from(raw.toString().replace('"hi"', '"hI"'));
		expect(verifyWhatsAppSignature({ 'x-hub-signature-256': sign(raw) }, changed, APP_SECRET)).toMatchObject({ ok: false, status: 401 });
	});

	test("the bytes Meta sends are what is checked: a body with \\u-escaped characters, as Meta signs it", () => {
		const escaped = Buffer.from('{"text":{"body":"\\u00e4\\u00f6\\u00e5"}}');
		expect(verifyWhatsAppSignature({ 'x-hub-signature-256': sign(escaped) }, escaped, APP_SECRET)).toEqual({ ok: true });
	});
});

describe('reading the messages webhook', () => {
	test('a text message is one turn: a hashed conversation id, the visitor, the business number and the message id', () => {
		const body = webhook({ contacts: [sheena], messages: [textMessage('Does it come in another color?')] });
		expect(whatsapp.detect(body)).toBe(true);
		const turn = only(whatsapp.read(body));
		const hash = whatsappVisitorId(PHONE_NUMBER_ID, WA_ID);
		expect(hash).toMatch(/^[0-9a-f]{24}$/);
		expect(turn).toEqual({
			event: 'message',
			message: 'Does it come in another color?',
			actionId: null,
			conversationId: `whatsapp:${hash}`,
			chatbotId: PHONE_NUMBER_ID,
			visitor: { id: hash, name: 'Sheena Nelson', email: null, phone: '+16505551234' },
			contact: { name: 'Sheena Nelson', wa_id: WA_ID },
			user: {},
			organization: {},
			metadata: {
				channel: { channel: 'whatsapp', phoneNumberId: PHONE_NUMBER_ID },
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
				type: 'text',
				timestamp: '1749416383',
				businessAccountId: '102290129340398',
			},
		});
		expect(`${turn.conversationId}${turn.visitor?.id}`).not.toContain(WA_ID);
	});

	test('a visitor with a business-scoped user id is keyed by it, and a username-only visitor (no number) is still read', () => {
		const both = only(whatsapp.read(webhook({ contacts: [{ ...sheena, user_id: BSUID }], messages: [{ ...textMessage('hi'), from_user_id: BSUID }] })));
		const usernameOnly = only(
			whatsapp.read(
				webhook({
					contacts: [{ profile: { name: 'Sheena Nelson', username: '@sheena' }, user_id: BSUID }],
					messages: [{ from_user_id: BSUID, id: 'wamid.2', timestamp: '1749416390', type: 'text', text: { body: 'and in blue?' } }],
				}),
			),
		);
		expect(both.conversationId).toBe(`whatsapp:${whatsappVisitorId(PHONE_NUMBER_ID, BSUID)}`);
		expect(usernameOnly.conversationId).toBe(both.conversationId);
		expect(usernameOnly.visitor).toEqual({ id: whatsappVisitorId(PHONE_NUMBER_ID, BSUID), name: 'Sheena Nelson', email: null, phone: null });
		expect(usernameOnly.contact).toEqual({ name: 'Sheena Nelson', username: '@sheena', user_id: BSUID });
		expect(usernameOnly.metadata?.channel).toEqual({ channel: 'whatsapp', phoneNumberId: PHONE_NUMBER_ID, userId: BSUID });
	});

	test('a clicked reply button is a button event: its id is the actionId, its title the message', () => {
		const click = {
			context: { from: '15550783881', id: 'wamid.out1' },
			from: WA_ID,
			id: 'wamid.click1',
			timestamp: '1749416400',
			type: 'interactive',
			interactive: { type: 'button_reply', button_reply: { id: 'change-button', title: 'Change' } },
		};
		const turn = only(whatsapp.read(webhook({ contacts: [sheena], messages: [click] })));
		expect(turn).toMatchObject({ event: 'button', actionId: 'change-button', message: 'Change', metadata: { messageId: 'wamid.click1', replyTo: 'wamid.out1', type: 'interactive' } });
	});

	test('a chosen list row is a button event with the row id', () => {
		const row = {
			from: WA_ID,
			id: 'wamid.row1',
			timestamp: '1749416410',
			type: 'interactive',
			interactive: { type: 'list_reply', list_reply: { id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' } },
		};
		expect(only(whatsapp.read(webhook({ contacts: [sheena], messages: [row] })))).toMatchObject({ event: 'button', actionId: 'priority_express', message: 'Priority Mail Express' });
	});

	test("a template's quick reply button gives its payload as the actionId", () => {
		const quickReply = { from: WA_ID, id: 'wamid.qr1', timestamp: '1749416420', type: 'button', button: { text: 'No', payload: 'No-Button-Payload' } };
		expect(only(whatsapp.read(webhook({ contacts: [sheena], messages: [quickReply] })))).toMatchObject({ event: 'button', actionId: 'No-Button-Payload', message: 'No' });
	});

	test('a body with several messages, from several senders and changes, is one turn each, in order', () => {
		const ann = { profile: { name: 'Ann' }, wa_id: '447700900123' };
		const body = webhook(
			{ contacts: [sheena, ann], messages: [textMessage('first', 'wamid.a'), { ...textMessage('second', 'wamid.b'), from: '447700900123' }] },
			{ contacts: [sheena], messages: [textMessage('third', 'wamid.c')] },
		);
		const read = turns(whatsapp.read(body));
		expect(read.map((turn) => [turn.message, turn.visitor?.name, turn.metadata?.messageId])).toEqual([
			['first', 'Sheena Nelson', 'wamid.a'],
			['second', 'Ann', 'wamid.b'],
			['third', 'Sheena Nelson', 'wamid.c'],
		]);
		expect(read[0].conversationId).toBe(read[2].conversationId);
		expect(read[1].conversationId).not.toBe(read[0].conversationId);
	});

	test('delivery statuses, other webhook fields and unreadable message types are ignored, each with a reason', () => {
		const statuses = webhook({ statuses: [{ id: 'wamid.out1', status: 'delivered', timestamp: '1749416500', recipient_id: WA_ID }] });
		expect(whatsapp.read(statuses)).toEqual([{ kind: 'ignore', reason: 'WhatsApp delivery status (delivered)' }]);
		const quality = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'phone_number_quality_update', value: {} }] }] };
		expect(whatsapp.read(quality)).toEqual([{ kind: 'ignore', reason: expect.stringContaining('phone_number_quality_update') }]);
		const image = { from: WA_ID, id: 'wamid.img', timestamp: '1', type: 'image', image: { mime_type: 'image/jpeg', id: '1003383421387256' } };
		const location = { from: WA_ID, id: 'wamid.loc', timestamp: '1', type: 'location', location: { latitude: 37.48, longitude: -122.15 } };
		const inGroup = { ...textMessage('hello team'), group_id: 'Y2FwaV9ncm91cDoxNjUwNTU1MTIzNDoxMjAzNjM0MDQ2OTQyMzM4MjAZD' };
		expect(whatsapp.read(webhook({ contacts: [sheena], messages: [image, location, inGroup] }))).toEqual([
			{ kind: 'ignore', reason: expect.stringContaining('image') },
			{ kind: 'ignore', reason: expect.stringContaining('location') },
			{ kind: 'ignore', reason: 'A message in a WhatsApp group' },
		]);
	});

	test("an image's caption is read as the visitor's message", () => {
		const image = { from: WA_ID, id: 'wamid.img', timestamp: '1', type: 'image', image: { caption: 'This one, in blue?', mime_type: 'image/jpeg', id: '100' } };
		expect(only(whatsapp.read(webhook({ contacts: [sheena], messages: [image] })))).toMatchObject({ event: 'message', message: 'This one, in blue?', metadata: { type: 'image' } });
	});

	test('a malformed body of this channel is refused naming the field; another service\'s body is not detected', () => {
		expect(() => whatsapp.read({ object: 'whatsapp_business_account', entry: 'x' })).toThrow(new BadChatRequest(400, '"entry" must be a list'));
		expect(() => whatsapp.read({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: 'x' }] }] })).toThrow(BadChatRequest);
		expect(whatsapp.detect({ update_id: 1, message: { text: 'hi' } })).toBe(false);
		expect(whatsapp.detect({ object: 'page', entry: [] })).toBe(false);
	});

	test("an item of n8n's WhatsApp Trigger (a change's value with its field) is read as the webhook is", () => {
		const value = { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID }, contacts: [sheena], messages: [textMessage('hi')] };
		const item = { ...value, field: 'messages' };
		const fromWebhook = only(whatsapp.read(webhook({ contacts: [sheena], messages: [textMessage('hi')] })));
		const metadata = { ...fromWebhook.metadata };
		delete metadata.businessAccountId;
		expect(only(readN8nWhatsAppTriggerItem(item))).toEqual({ ...fromWebhook, metadata });
		expect(only(whatsapp.read(item))).toEqual({ ...fromWebhook, metadata });
		expect(readN8nWhatsAppTriggerItem({ ...value, messages: undefined, statuses: [{ id: 'w', status: 'read' }], field: 'messages' })).toEqual([{ kind: 'ignore', reason: 'WhatsApp delivery status (read)' }]);
	});
});

describe('sending a reply', () => {
	const address: ChannelAddress = { channel: 'whatsapp', phoneNumberId: PHONE_NUMBER_ID };
	const turn: ChatTurn = { visitor: { id: 'h', name: 'Sheena Nelson', email: null, phone: '+16505551234' } };
	const send = (reply: ChatReply, to: ChatTurn = turn, where: ChannelAddress = address) => {
		const requests = whatsapp.send(reply, where, to);
		for (const request of requests) expect(whatsappProblem(request.body)).toBeUndefined();
		return requests;
	};
	const bodies = (requests: ChannelRequest[]) => requests.map((request) => request.body);
	const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+16505551234' };
	const options = (count: number) => Array.from({ length: count }, (_, index) => ({ label: `Option ${index + 1}`, actionId: `opt_${index + 1}` }));

	test('a text reply is one POST to /{phone-number-id}/messages, to the visitor\'s number with its "+"', () => {
		expect(send({ message: 'It comes in green and blue.' })).toEqual([
			{ method: 'POST', path: `/${PHONE_NUMBER_ID}/messages`, body: { ...base, type: 'text', text: { preview_url: false, body: 'It comes in green and blue.' } } },
		]);
		expect(send({ message: '  ' })).toEqual([]);
		expect(whatsapp.handOver(turn, address)).toEqual([]);
	});

	test('a visitor known only by a business-scoped user id is answered with "recipient"; with neither, sending says what is missing', () => {
		const [request] = send({ message: 'Hi' }, { visitor: { phone: null } }, { ...address, userId: BSUID });
		expect(request.body).toMatchObject({ recipient: BSUID });
		expect(request.body).not.toHaveProperty('to');
		expect(() => whatsapp.send({ message: 'Hi' }, address, { visitor: {} })).toThrow(/visitor\.phone.*userId/);
	});

	test('a text longer than 4096 characters is split between paragraphs or words, never inside one', () => {
		const paragraph = `${'lorem ipsum dolor sit amet '.repeat(60).trim()}.`;
		const text = Array.from({ length: 6 }, () => paragraph).join('\n\n');
		const pieces = bodies(send({ message: text })).map((body) => (body.text as { body: string }).body);
		expect(pieces.length).toBeGreaterThan(1);
		for (const piece of pieces) {
			expect(piece.length).toBeLessThanOrEqual(4096);
			expect(piece.endsWith('.')).toBe(true);
		}
		expect(pieces.join('\n\n')).toBe(text);
		const words = `${'word '.repeat(1000)}end`;
		const split = splitText(words);
		expect(split.join(' ')).toBe(words);
		expect(split.every((piece) => piece.length <= 4096 && !piece.startsWith(' '))).toBe(true);
		const oneWord = 'x'.repeat(5000);
		expect(splitText(oneWord).map((piece) => piece.length)).toEqual([4096, 904]);
		expect(splitText('😀'.repeat(3000)).every((piece) => !/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(piece))).toBe(true);
	});

	test('two buttons are reply buttons with their ids; a button without an id replies with its label', () => {
		const [request] = send({ message: 'Do you want to book it?', buttons: [{ label: 'Yes, book it', actionId: 'book' }, { label: 'No' }] });
		expect(request.body).toEqual({
			...base,
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Do you want to book it?' },
				action: { buttons: [{ type: 'reply', reply: { id: 'book', title: 'Yes, book it' } }, { type: 'reply', reply: { id: 'No', title: 'No' } }] },
			},
		});
	});

	test('titles longer than 20 characters are shortened with an ellipsis, the ids kept whole', () => {
		const [request] = send({ message: 'Which one?', buttons: [{ label: 'Check my order status please', actionId: 'order_status' }, { label: 'Talk to a person', actionId: 'person' }] });
		const buttons = ((request.body.interactive as Value).action as { buttons: Array<{ reply: { id: string; title: string } }> }).buttons;
		expect(buttons.map((button) => button.reply)).toEqual([
			{ id: 'order_status', title: 'Check my order…' },
			{ id: 'person', title: 'Talk to a person' },
		]);
		expect(shorten('Supercalifragilisticexpialidocious', 20)).toBe('Supercalifragilisti…');
	});

	test('five options are a list of rows (one section), a shortened row title keeping the full label as its description', () => {
		const buttons = [...options(4), { label: 'Priority Mail Express delivery', actionId: 'priority_express' }];
		const [request] = send({ message: 'Which shipping option do you prefer?', buttons });
		expect(request.body).toEqual({
			...base,
			type: 'interactive',
			interactive: {
				type: 'list',
				body: { text: 'Which shipping option do you prefer?' },
				action: {
					button: LIST_BUTTON_LABEL,
					sections: [
						{
							rows: [
								...options(4).map((option) => ({ id: option.actionId, title: option.label })),
								{ id: 'priority_express', title: 'Priority Mail Express…', description: 'Priority Mail Express delivery' },
							],
						},
					],
				},
			},
		});
	});

	test('twelve options are a numbered text list, which the router reads a "2" against', () => {
		const [request] = send({ message: 'Pick a store:', buttons: options(12) });
		expect(request.body).toEqual({
			...base,
			type: 'text',
			text: { preview_url: false, body: `Pick a store:\n\n${options(12).map((option, index) => `${index + 1}. ${option.label}`).join('\n')}` },
		});
	});

	test('ids WhatsApp would refuse, or titles that shorten to the same text, fall back to a list or to numbered text', () => {
		const sameStart = [{ label: 'Book a table for two people', actionId: 'two' }, { label: 'Book a table for four people', actionId: 'four' }];
		expect((send({ message: 'How many?', buttons: sameStart })[0].body.interactive as Value).type).toBe('list');
		expect((send({ message: 'Go?', buttons: [{ label: 'Go', actionId: 'x'.repeat(256) }] })[0].body.interactive as Value).type).toBe('button');
		expect(send({ message: 'Go?', buttons: [{ label: 'Go', actionId: 'x'.repeat(257) }] })[0].body).toMatchObject({ type: 'text', text: { body: 'Go?\n\n1. Go' } });
		const rowIdTooLong = [...options(4), { label: 'Other', actionId: 'y'.repeat(201) }];
		expect(send({ message: 'Which?', buttons: rowIdTooLong })[0].body).toMatchObject({ type: 'text', text: { body: expect.stringContaining('5. Other') } });
		expect(send({ message: 'Go?', buttons: [{ label: 'Go', actionId: ' padded ' }] })[0].body).toMatchObject({ type: 'text' });
		const sameId = [{ label: 'Yes', actionId: 'ok' }, { label: 'Sure', actionId: 'ok' }];
		expect(send({ message: 'Go?', buttons: sameId })[0].body).toMatchObject({ type: 'text', text: { body: 'Go?\n\n1. Yes\n2. Sure' } });
	});

	test('a message longer than an interactive body (1024) is sent first as text, the buttons under its last part', () => {
		const sentences = Array.from({ length: 40 }, (_, index) => `Sentence number ${index + 1} says a little more.`).join(' ');
		const requests = send({ message: sentences, buttons: options(2) });
		expect(requests.map((request) => request.body.type)).toEqual(['text', 'interactive']);
		const head = (requests[0].body.text as { body: string }).body;
		const body = ((requests[1].body.interactive as Value).body as { text: string }).text;
		expect(body.length).toBeLessThanOrEqual(1024);
		expect(body).toMatch(/^Sentence number \d+/);
		expect(`${head} ${body}`).toBe(sentences);
	});

	test('one link alone is a call-to-action URL button; several links, or links beside choices, are written into the text', () => {
		const [cta] = send({ message: 'Your order has shipped.', buttons: [{ label: 'Track my parcel', url: 'https://example.com/track?id=1' }] });
		expect(cta.body).toEqual({
			...base,
			type: 'interactive',
			interactive: { type: 'cta_url', body: { text: 'Your order has shipped.' }, action: { name: 'cta_url', parameters: { display_text: 'Track my parcel', url: 'https://example.com/track?id=1' } } },
		});
		const [text] = send({ message: 'See:', links: [{ label: 'Sizes', url: 'https://example.com/sizes' }, { label: 'Returns', url: 'https://example.com/returns' }] });
		expect(text.body).toEqual({ ...base, type: 'text', text: { preview_url: true, body: 'See:\n\nSizes: https://example.com/sizes\nReturns: https://example.com/returns' } });
		const [mixed] = send({ message: 'Book it?', buttons: [{ label: 'Yes', actionId: 'yes' }], links: [{ label: 'Terms', url: 'https://example.com/terms' }] });
		expect((mixed.body.interactive as { body: { text: string } }).body.text).toBe('Book it?\n\nTerms: https://example.com/terms');
		expect(send({ message: 'x', links: [{ label: 'bad', url: 'javascript:alert(1)' }] })[0].body).toMatchObject({ type: 'text', text: { body: 'x' } });
	});

	test("a visitor's text cannot change a request's structure: it stays one string value", () => {
		const hostile = '","type":"template","template":{"name":"x"},"to":"+19995550000"}\n\u0000{{$env}}';
		const requests = send({ message: hostile, buttons: [{ label: hostile, actionId: 'a"}' }] });
		for (const request of requests) {
			expect(Object.keys(request.body).sort()).toEqual(['messaging_product', 'recipient_type', 'to', 'type', String(request.body.type)].sort());
			expect(['text', 'interactive']).toContain(request.body.type);
			expect(request.body.to).toBe('+16505551234');
			expect(request.path).toBe(`/${PHONE_NUMBER_ID}/messages`);
		}
		const listOrButtons = requests.at(-1)!.body.interactive as Value;
		expect(JSON.stringify(listOrButtons)).toContain(JSON.stringify('a"}'));
		expect(() => whatsapp.send({ message: 'hi' }, { ...address, phoneNumberId: '1/../../me' }, turn)).toThrow(/phoneNumberId/);
		expect(() => whatsapp.send({ message: 'hi' }, address, { visitor: { phone: '+1 650","x' } })).toThrow();
	});
});
