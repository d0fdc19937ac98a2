/**
 * The Telegram channel (nodes/shared/channels/telegram.ts): Bot API updates read into turns,
 * replies turned into Bot API requests. The updates follow the Bot API's Update, Message,
 * User, Chat, CallbackQuery and InaccessibleMessage objects (core.telegram.org/bots/api), as
 * tdlib/telegram-bot-api serialises them.
 */
import type { ChatReply, ChatTurn } from '../../nodes/shared/contract';
import { BadChatRequest } from '../../nodes/shared/dialects';
import {
	callbackDataFor,
	splitMessageText,
	telegram,
	TELEGRAM_SECRET_TOKEN_HEADER,
	verifyTelegramSecretToken,
} from '../../nodes/shared/channels/telegram';
import type { ChannelAddress, ChannelEvent } from '../../nodes/shared/channels/types';

const ADA = { id: 5123456789, is_bot: false, first_name: 'Ada', last_name: 'Lovelace', username: 'ada_l', language_code: 'en' };
const ADA_CHAT = { id: 5123456789, first_name: 'Ada', last_name: 'Lovelace', username: 'ada_l', type: 'private' };
const BOT = { id: 7012345678, is_bot: true, first_name: 'Shop help', username: 'shop_help_bot' };
const DATE = 1767268800; // 2026-01-01T12:00:00Z

const textUpdate = (text: string, extra: Record<string, unknown> = {}) => ({
	update_id: 483920117,
	message: { message_id: 1187, from: ADA, chat: ADA_CHAT, date: DATE, text, ...extra },
});

/** The bot's "Cancel order 12345?" with Yes | No, as Telegram keeps it. */
const confirmation = {
	message_id: 1188,
	from: BOT,
	chat: ADA_CHAT,
	date: DATE + 5,
	text: 'Cancel order 12345?',
	reply_markup: { inline_keyboard: [[{ text: 'Yes', callback_data: 'confirm:yes' }, { text: 'No', callback_data: 'confirm:no' }]] },
};

const press = (data: string, message: Record<string, unknown> = confirmation, id = '4382000000000001234') => ({
	update_id: 483920118,
	callback_query: { id, from: ADA, message, chat_instance: '-2397645122874560563', data },
});

function turnOf(events: ChannelEvent[]): ChatTurn {
	expect(events).toHaveLength(1);
	expect(events[0].kind).toBe('turn');
	return (events[0] as { turn: ChatTurn }).turn;
}

const ignoredReason = (body: Record<string, unknown>) => {
	const events = telegram.read(body);
	expect(events).toHaveLength(1);
	expect(events[0].kind).toBe('ignore');
	return (events[0] as { reason: string }).reason;
};

const ADDRESS: ChannelAddress = { channel: 'telegram', chatId: ADA_CHAT.id };
const TURN: ChatTurn = { conversationId: `telegram:${ADA_CHAT.id}`, metadata: { channel: ADDRESS } };

describe('reading Telegram updates', () => {
	test('a text message is a turn of its chat: the sender is the visitor, the chat the address, the message id chat:message', () => {
		expect(turnOf(telegram.read(textUpdate('where is my order?')))).toEqual({
			event: 'message',
			conversationId: 'telegram:5123456789',
			chatbotId: null,
			message: 'where is my order?',
			actionId: null,
			visitor: { id: '5123456789', name: 'Ada Lovelace', email: null, phone: null },
			contact: { id: 5123456789, first_name: 'Ada', last_name: 'Lovelace', username: 'ada_l', language_code: 'en' },
			metadata: {
				channel: { channel: 'telegram', chatId: 5123456789 },
				messageId: '5123456789:1187',
				timestamp: '2026-01-01T12:00:00.000Z',
				language: 'en',
			},
		});
	});

	test("a photo's caption is the message; a sticker, a photo without a caption or a service message is ignored", () => {
		const photo = [{ file_id: 'AgACAgQAAxkBAAIBG2Wv', file_unique_id: 'AQADr7wxGzW', file_size: 1432, width: 90, height: 67 }];
		const captioned = { update_id: 1, message: { message_id: 7, from: ADA, chat: ADA_CHAT, date: DATE, photo, caption: 'is this the right part?' } };
		expect(turnOf(telegram.read(captioned)).message).toBe('is this the right part?');
		const sticker = { file_id: 'CAACAgIAAxkBAAIBH2', file_unique_id: 'AgADxQ', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false };
		expect(ignoredReason({ update_id: 2, message: { message_id: 8, from: ADA, chat: ADA_CHAT, date: DATE, sticker } })).toMatch(/without text/);
		expect(ignoredReason({ update_id: 3, message: { message_id: 9, from: ADA, chat: ADA_CHAT, date: DATE, photo } })).toMatch(/without text/);
		expect(ignoredReason({ update_id: 4, message: { message_id: 10, from: ADA, chat: ADA_CHAT, date: DATE, new_chat_members: [ADA] } })).toMatch(/without text/);
	});

	test("a press on the bot's keyboard is a button event: the callback data is the action id, the button's label the message", () => {
		const turn = turnOf(telegram.read(press('confirm:no')));
		expect(turn).toMatchObject({
			event: 'button',
			actionId: 'confirm:no',
			message: 'No',
			conversationId: 'telegram:5123456789',
			visitor: { id: '5123456789', name: 'Ada Lovelace', email: null, phone: null },
		});
		// The query id goes with the address, so the reply answers it and the spinner stops; the keyboard's message, so the reply takes it away.
		expect(turn.metadata).toEqual({
			channel: { channel: 'telegram', chatId: 5123456789, callbackQueryId: '4382000000000001234', keyboardMessageId: 1188 },
			messageId: '5123456789:1188:confirm:no',
			language: 'en',
		});
	});

	test('a press on a keyboard Telegram no longer has (an old message) reads its data as the id and the message', () => {
		const inaccessible = { message_id: 31, chat: ADA_CHAT, date: 0 };
		const turn = turnOf(telegram.read(press('choose:order_status', inaccessible)));
		expect(turn).toMatchObject({
			event: 'button',
			actionId: 'choose:order_status',
			message: 'choose:order_status',
			metadata: { channel: { chatId: 5123456789, callbackQueryId: '4382000000000001234' }, messageId: '5123456789:31:choose:order_status' },
		});
		// Telegram cannot edit a message it no longer has: there is no keyboard to take away.
		expect(turn.metadata?.channel).not.toHaveProperty('keyboardMessageId');
	});

	test('a button sent by its position (#2) reads as the message "2", which the router takes as the second button it offered', () => {
		const keyboard = { ...confirmation, reply_markup: { inline_keyboard: [[{ text: 'Standard', callback_data: '#1' }], [{ text: 'Express', callback_data: '#2' }]] } };
		const turn = turnOf(telegram.read(press('#2', keyboard)));
		expect(turn).toMatchObject({ event: 'message', message: '2', actionId: null });
		expect(turn.metadata?.channel).toEqual({ channel: 'telegram', chatId: 5123456789, callbackQueryId: '4382000000000001234', keyboardMessageId: 1188 });
	});

	test('a keyboard with a link (or any button other than an answer) is kept after a press; one of answers only is taken away', () => {
		const channelOf = (inline_keyboard: unknown[]) => turnOf(telegram.read(press('confirm:yes', { ...confirmation, reply_markup: { inline_keyboard } }))).metadata?.channel;
		const yes = { text: 'Yes', callback_data: 'confirm:yes' };
		expect(channelOf([[yes], [{ text: 'Track it', url: 'https://shop.example.com/track/12345' }]])).not.toHaveProperty('keyboardMessageId');
		expect(channelOf([[yes, { text: 'Play', callback_game: {} }]])).not.toHaveProperty('keyboardMessageId');
		expect(channelOf([[{ ...yes, pay: true }]])).not.toHaveProperty('keyboardMessageId');
		expect(channelOf([[yes], [{ text: 'No', callback_data: 'confirm:no' }]])).toHaveProperty('keyboardMessageId', 1188);
		// A keyboard Telegram did not send back (an edited message without one) is nothing to take away.
		const bare = { ...confirmation, reply_markup: undefined };
		expect(turnOf(telegram.read(press('confirm:yes', bare))).metadata?.channel).not.toHaveProperty('keyboardMessageId');
	});

	test('a double tap on one button is one message id; the other button of the same keyboard is another', () => {
		const id = (body: Record<string, unknown>) => turnOf(telegram.read(body)).metadata?.messageId;
		expect(id(press('confirm:yes', confirmation, '1'))).toBe(id(press('confirm:yes', confirmation, '2')));
		expect(id(press('confirm:yes'))).not.toBe(id(press('confirm:no')));
	});

	test('edited messages, channel posts, messages from bots and other kinds of update start nothing, with a reason', () => {
		expect(ignoredReason({ update_id: 5, edited_message: { ...textUpdate('where is my order??').message, edit_date: DATE + 60 } })).toMatch(/edited/);
		const channel = { id: -1001234567890, title: 'Shop news', type: 'channel' };
		expect(ignoredReason({ update_id: 6, channel_post: { message_id: 3, sender_chat: channel, chat: channel, date: DATE, text: 'Sale!' } })).toMatch(/channel/);
		const group = { id: -1009876543210, title: 'Shop support', type: 'supergroup' };
		expect(ignoredReason({ update_id: 7, message: { message_id: 4, from: { ...BOT, id: 6000000001 }, chat: group, date: DATE, text: 'hello' } })).toMatch(/bot/);
		expect(ignoredReason({ update_id: 8, message: { message_id: 5, sender_chat: group, chat: group, date: DATE, text: 'hello' } })).toMatch(/no sender/);
		const member = { chat: ADA_CHAT, from: ADA, date: DATE, old_chat_member: { user: BOT, status: 'member' }, new_chat_member: { user: BOT, status: 'kicked', until_date: 0 } };
		expect(ignoredReason({ update_id: 9, my_chat_member: member })).toMatch(/my_chat_member/);
	});

	test("inline-mode buttons, game buttons and n8n's own approval buttons are not the visitor's choice here", () => {
		const inline = { update_id: 10, callback_query: { id: '77', from: ADA, inline_message_id: 'AgAAAN4nAQBr', chat_instance: '-1', data: 'confirm:yes' } };
		expect(ignoredReason(inline)).toMatch(/inline-mode/);
		const game = { update_id: 11, callback_query: { id: '78', from: ADA, message: confirmation, chat_instance: '-1', game_short_name: 'snake' } };
		expect(ignoredReason(game)).toMatch(/game/);
		expect(ignoredReason(press('nhitl1|a1b2c3'))).toMatch(/approval/);
	});

	test('a message in a forum topic is answered in that topic', () => {
		const forum = { id: -1001111111111, title: 'Help', type: 'supergroup', is_forum: true };
		const turn = turnOf(telegram.read({ update_id: 12, message: { message_id: 40, message_thread_id: 39, is_topic_message: true, from: ADA, chat: forum, date: DATE, text: 'where is my order?' } }));
		expect(turn.conversationId).toBe('telegram:-1001111111111');
		const address = turn.metadata?.channel as ChannelAddress;
		expect(address).toEqual({ channel: 'telegram', chatId: -1001111111111, messageThreadId: 39 });
		expect(telegram.send({ message: 'It has shipped.' }, address, turn)).toEqual([
			{ method: 'POST', path: 'sendMessage', body: { chat_id: -1001111111111, text: 'It has shipped.', message_thread_id: 39 } },
		]);
	});

	test("the visitor's app language is a hint; a sender without names or language leaves them out", () => {
		const bare = { id: 99, is_bot: false, first_name: 'Zoë' };
		const turn = turnOf(telegram.read({ update_id: 13, message: { message_id: 2, from: bare, chat: { id: 99, type: 'private' }, date: DATE, text: 'hallo' } }));
		expect(turn.visitor).toEqual({ id: '99', name: 'Zoë', email: null, phone: null });
		expect(turn.metadata).not.toHaveProperty('language');
		const odd = turnOf(telegram.read(textUpdate('hi', { from: { ...ADA, language_code: 'en"; drop' } })));
		expect(odd.metadata).not.toHaveProperty('language');
	});

	test("a visitor's text is the message as typed, JSON or markup included", () => {
		const typed = '{"callback_query":{"data":"confirm:yes"}} *bold* <b>x</b>';
		expect(turnOf(telegram.read(textUpdate(typed))).message).toBe(typed);
	});

	test("a body that is Telegram's but malformed is refused with a 400 naming the field", () => {
		const refusal = (body: Record<string, unknown>) => {
			try {
				telegram.read(body);
			} catch (error) {
				expect(error).toBeInstanceOf(BadChatRequest);
				return [(error as BadChatRequest).status, (error as Error).message];
			}
			throw new Error('not refused');
		};
		expect(refusal({ update_id: 1, message: { message_id: 1, from: ADA, chat: { id: '5123456789' }, date: DATE, text: 'hi' } })).toEqual([400, '"message.chat.id" must be an integer']);
		expect(refusal({ update_id: 1, message: { from: ADA, chat: ADA_CHAT, date: DATE, text: 'hi' } })).toEqual([400, '"message.message_id" must be an integer']);
		expect(refusal({ update_id: 1, message: { message_id: 1, from: ADA, chat: ADA_CHAT, date: DATE, text: 42 } })).toEqual([400, '"message.text" must be a string']);
		expect(refusal({ update_id: 1, message: { message_id: 1, from: ADA, chat: ADA_CHAT, date: DATE, text: 'x'.repeat(10_001) } })[1]).toMatch(/longer than/);
		expect(refusal({ update_id: 1, callback_query: { from: ADA, message: confirmation, data: 'confirm:yes' } })).toEqual([400, '"callback_query.id" is required']);
	});

	test("detects a body by its update id and one of the Bot API's update kinds", () => {
		expect(telegram.detect(textUpdate('hi'))).toBe(true);
		expect(telegram.detect(press('confirm:yes'))).toBe(true);
		expect(telegram.detect({ update_id: 5, poll: { id: '1', question: 'Q', options: [] } })).toBe(true);
		expect(telegram.detect({ update_id: '5', message: {} })).toBe(false);
		expect(telegram.detect({ conversationId: 'c1', message: 'hi' })).toBe(false);
		expect(telegram.detect({ message: { text: 'hi' } })).toBe(false);
	});
});

describe("the webhook's secret token", () => {
	const SECRET = 'wf12_node-3f9a';

	test('the secret Telegram sends back passes; a missing one is 401, a wrong one 403', () => {
		expect(verifyTelegramSecretToken({ 'x-telegram-bot-api-secret-token': SECRET }, SECRET)).toEqual({ ok: true });
		expect(verifyTelegramSecretToken({ 'x-telegram-bot-api-secret-token': [SECRET, 'other'] }, SECRET)).toEqual({ ok: true });
		expect(verifyTelegramSecretToken({}, SECRET)).toEqual({ ok: false, status: 401, message: `Missing the ${TELEGRAM_SECRET_TOKEN_HEADER} header` });
		for (const wrong of ['wf12_node-3f9b', 'wf12_node-3f9', `${SECRET}x`, SECRET.toUpperCase()]) {
			expect(verifyTelegramSecretToken({ 'x-telegram-bot-api-secret-token': wrong }, SECRET)).toMatchObject({ ok: false, status: 403 });
		}
	});

	test('an empty secret matches nothing, and the secret never appears in a message', () => {
		expect(verifyTelegramSecretToken({ 'x-telegram-bot-api-secret-token': '' }, '')).toMatchObject({ ok: false, status: 401 });
		expect(verifyTelegramSecretToken({ 'x-telegram-bot-api-secret-token': 'anything' }, '')).toMatchObject({ ok: false, status: 403 });
		const refused = verifyTelegramSecretToken({ 'x-telegram-bot-api-secret-token': 'guess' }, SECRET);
		expect(JSON.stringify(refused)).not.toContain(SECRET);
	});
});

describe('sending a reply through the Bot API', () => {
	const send = (reply: ChatReply, address: ChannelAddress = ADDRESS) => telegram.send(reply, address, TURN);
	const keyboardOf = (reply: ChatReply) => send(reply).at(-1)!.body.reply_markup;

	test('a text reply is one sendMessage in plain text (no parse mode), its path the method name', () => {
		expect(send({ message: 'Your order 12345 has shipped.' })).toEqual([
			{ method: 'POST', path: 'sendMessage', body: { chat_id: 5123456789, text: 'Your order 12345 has shipped.' } },
		]);
	});

	test('yes and no sit side by side in one row, each sending its id', () => {
		const reply = { message: 'Cancel order 12345?', buttons: [{ label: 'Yes', actionId: 'confirm:yes' }, { label: 'No', actionId: 'confirm:no' }] };
		expect(keyboardOf(reply)).toEqual({ inline_keyboard: [[{ text: 'Yes', callback_data: 'confirm:yes' }, { text: 'No', callback_data: 'confirm:no' }]] });
	});

	test('short options two to a row in their order; one long label puts every option on its own row', () => {
		const short = ['Standard', 'Express', 'Pick-up', 'Locker', 'Courier'].map((label) => ({ label }));
		expect(keyboardOf({ message: 'Which delivery?', buttons: short })).toEqual({
			inline_keyboard: [
				[{ text: 'Standard', callback_data: 'Standard' }, { text: 'Express', callback_data: 'Express' }],
				[{ text: 'Pick-up', callback_data: 'Pick-up' }, { text: 'Locker', callback_data: 'Locker' }],
				[{ text: 'Courier', callback_data: 'Courier' }],
			],
		});
		const mixed = [{ label: 'Track my order', actionId: 'choose:order_status' }, { label: 'Change my delivery address', actionId: 'choose:change_address' }];
		expect(keyboardOf({ message: 'Which one?', buttons: mixed })).toEqual({
			inline_keyboard: [[{ text: 'Track my order', callback_data: 'choose:order_status' }], [{ text: 'Change my delivery address', callback_data: 'choose:change_address' }]],
		});
	});

	test('an id Telegram cannot carry (over 64 bytes, or starting with # or nhitl1|) is sent as its position and read back as that number', () => {
		const exactly64 = 'a'.repeat(64);
		const umlauts = 'ü'.repeat(33); // 66 bytes in UTF-8, 33 characters
		expect(callbackDataFor({ label: 'A', actionId: exactly64 }, 1)).toBe(exactly64);
		expect(callbackDataFor({ label: 'B', actionId: umlauts }, 2)).toBe('#2');
		expect(callbackDataFor({ label: 'Ü'.repeat(40) }, 3)).toBe('#3');
		expect(callbackDataFor({ label: 'C', actionId: '#vip' }, 4)).toBe('#4');
		expect(callbackDataFor({ label: 'D', actionId: 'nhitl1|x' }, 5)).toBe('#5');

		const reply = { message: 'Which plan?', buttons: [{ label: 'Basic', actionId: 'plan:basic' }, { label: 'Pro', actionId: `plan:${'pro-annual-with-support-'.repeat(3)}` }] };
		const [request] = send(reply);
		const rows = (request.body.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard;
		expect(rows.flat().map((button) => button.callback_data)).toEqual(['plan:basic', '#2']);
		// Telegram sends the pressed button's data back under the message it kept.
		const sent = { message_id: 1200, from: BOT, chat: ADA_CHAT, date: DATE, text: 'Which plan?', reply_markup: { inline_keyboard: rows } };
		expect(turnOf(telegram.read(press('#2', sent)))).toMatchObject({ event: 'message', message: '2', actionId: null });
		expect(turnOf(telegram.read(press('plan:basic', sent)))).toMatchObject({ event: 'button', message: 'Basic', actionId: 'plan:basic' });
	});

	test('URL buttons and links open their address, each on its own row under the answers; one Telegram cannot open is a line of text', () => {
		const reply: ChatReply = {
			message: 'Your order 12345 has shipped.',
			buttons: [{ label: 'Track it', url: 'https://shop.example.com/track/12345' }, { label: 'Thanks', actionId: 'thanks' }],
			links: [{ label: 'Returns', url: 'https://shop.example.com/returns' }, { label: 'Email us', url: 'mailto:help@shop.example.com' }, { label: '', url: '/orders/12345' }],
		};
		expect(send(reply)).toEqual([
			{
				method: 'POST',
				path: 'sendMessage',
				body: {
					chat_id: 5123456789,
					text: 'Your order 12345 has shipped.\n\nEmail us: mailto:help@shop.example.com\n\n/orders/12345',
					reply_markup: {
						inline_keyboard: [
							[{ text: 'Thanks', callback_data: 'thanks' }],
							[{ text: 'Track it', url: 'https://shop.example.com/track/12345' }],
							[{ text: 'Returns', url: 'https://shop.example.com/returns' }],
						],
					},
				},
			},
		]);
	});

	test('text over 4096 characters is sent as several messages, cut at paragraphs, the buttons under the last', () => {
		const text = ['a'.repeat(3000), 'b'.repeat(3000), 'c'.repeat(3000)].join('\n\n');
		const requests = send({ message: text, buttons: [{ label: 'Yes', actionId: 'confirm:yes' }] });
		expect(requests.map((request) => request.body.text)).toEqual(['a'.repeat(3000), 'b'.repeat(3000), 'c'.repeat(3000)]);
		expect(requests.map((request) => 'reply_markup' in request.body)).toEqual([false, false, true]);
	});

	test('the limit counts characters as Telegram does (an emoji is one); text without breaks is cut at the limit', () => {
		expect(splitMessageText('😀'.repeat(4096))).toHaveLength(1);
		expect(splitMessageText('😀'.repeat(4097)).map((piece) => Array.from(piece).length)).toEqual([4096, 1]);
		expect(splitMessageText('x'.repeat(5000)).map((piece) => piece.length)).toEqual([4096, 904]);
		const words = 'word '.repeat(1000).trim();
		const pieces = splitMessageText(words);
		expect(pieces.every((piece) => piece.length <= 4096 && !piece.startsWith(' ') && piece.endsWith('word'))).toBe(true);
		expect(pieces.join(' ')).toBe(words);
	});

	test('a reply to a button press first answers its callback query, so the button stops spinning', () => {
		const address = { channel: 'telegram' as const, chatId: 5123456789, callbackQueryId: '4382000000000001234' };
		expect(send({ message: 'Cancelled.' }, address)).toEqual([
			{ method: 'POST', path: 'answerCallbackQuery', body: { callback_query_id: '4382000000000001234' }, optional: true },
			{ method: 'POST', path: 'sendMessage', body: { chat_id: 5123456789, text: 'Cancelled.' } },
		]);
		// Nothing to say still stops the spinner; without a press, nothing is sent.
		expect(send({ message: '' }, address)).toEqual([{ method: 'POST', path: 'answerCallbackQuery', body: { callback_query_id: '4382000000000001234' }, optional: true }]);
		expect(send({ message: '' })).toEqual([]);
		expect(send({ message: '  \n ' })).toEqual([]);
	});

	test("a reply to a press on answer buttons takes that keyboard away after answering the query, before its own message", () => {
		const address = { channel: 'telegram' as const, chatId: 5123456789, callbackQueryId: '4382000000000001234', keyboardMessageId: 1188 };
		expect(send({ message: 'A new API key is on its way.' }, address)).toEqual([
			{ method: 'POST', path: 'answerCallbackQuery', body: { callback_query_id: '4382000000000001234' }, optional: true },
			{ method: 'POST', path: 'editMessageReplyMarkup', body: { chat_id: 5123456789, message_id: 1188 }, optional: true },
			{ method: 'POST', path: 'sendMessage', body: { chat_id: 5123456789, text: 'A new API key is on its way.' } },
		]);
		// Read from a press and sent back: the same chat and message.
		const turn = turnOf(telegram.read(press('confirm:yes')));
		expect(telegram.send({ message: '' }, turn.metadata?.channel as ChannelAddress, turn).map((request) => [request.path, request.body])).toEqual([
			['answerCallbackQuery', { callback_query_id: '4382000000000001234' }],
			['editMessageReplyMarkup', { chat_id: 5123456789, message_id: 1188 }],
		]);
	});

	test('buttons without words are sent with their labels as the text (Telegram sends no empty message)', () => {
		expect(send({ message: '', buttons: [{ label: 'Yes', actionId: 'confirm:yes' }, { label: 'No', actionId: 'confirm:no' }] })[0].body.text).toBe('Yes\nNo');
	});

	test("a visitor's or an API's text cannot change a request's structure or formatting", () => {
		const hostile = '"}, "chat_id": 1, "parse_mode": "HTML", "x": {"  *bold* _it_ <a href="tg://user?id=1">x</a> [l](https://evil.example)';
		const [request] = send({ message: hostile, buttons: [{ label: hostile.slice(0, 30), actionId: 'confirm:yes' }] });
		expect(Object.keys(request.body).sort()).toEqual(['chat_id', 'reply_markup', 'text']);
		expect(request.body.chat_id).toBe(5123456789);
		expect(request.body.text).toBe(hostile.trim());
		expect(request.body).not.toHaveProperty('parse_mode');
		expect(request.body.reply_markup).toEqual({ inline_keyboard: [[{ text: hostile.slice(0, 30).trim(), callback_data: 'confirm:yes' }]] });
	});

	test('a reply without a Telegram chat is refused; Telegram has no help desk to hand over to', () => {
		expect(() => send({ message: 'hi' }, { channel: 'telegram' })).toThrow(/no Telegram chat/);
		expect(() => send({ message: 'hi' }, { channel: 'whatsapp', chatId: 1 })).toThrow(/no Telegram chat/);
		expect(telegram.handOver(TURN, ADDRESS)).toEqual([]);
	});
});
