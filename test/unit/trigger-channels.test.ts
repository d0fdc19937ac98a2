/** What Chat Action Trigger does with a channel's events before an execution starts. */
import type { ChannelEvent } from '../../nodes/shared/channels/types';
import type { ChatTurn } from '../../nodes/shared/contract';
import { channelTurns } from '../../nodes/ChatActionTrigger/channel-requests';
import { ProcessGuards } from '../../nodes/ChatActionTrigger/engine/guards';

const message = (conversationId: string, messageId: string, text = 'where is my order?'): ChannelEvent => ({
	kind: 'turn',
	turn: { event: 'message', conversationId, message: text, metadata: { messageId, channel: { channel: 'telegram', chatId: 1 } } } as ChatTurn,
});

test("each message of a batch is a turn; what is not for the bot is none", async () => {
	const { turns } = await channelTurns([message('telegram:1', 'a'), { kind: 'ignore', reason: 'a delivery status' }, message('telegram:2', 'b')], 'wf:Trigger', new ProcessGuards(), 30);
	expect(turns.map((turn) => turn.conversationId)).toEqual(['telegram:1', 'telegram:2']);
});

test('a redelivered message id starts nothing; the next message does', async () => {
	const guards = new ProcessGuards();
	expect((await channelTurns([message('telegram:1', 'a')], 'wf:Trigger', guards, 30)).turns).toHaveLength(1);
	expect((await channelTurns([message('telegram:1', 'a')], 'wf:Trigger', guards, 30)).turns).toHaveLength(0);
	expect((await channelTurns([message('telegram:1', 'b')], 'wf:Trigger', guards, 30)).turns).toHaveLength(1);
});

test("the conversation is its own sender, so a help desk's release reaches the state its messages made", async () => {
	const guards = new ProcessGuards();
	const { turns } = await channelTurns(
		[message('chatwoot:1:7', 'm1'), { kind: 'release', turn: { conversationId: 'chatwoot:1:7', metadata: { channel: { channel: 'chatwoot', accountId: 1, conversationId: 7 } } } }],
		'wf:Trigger',
		guards,
		30,
	);
	expect(turns.map((turn) => turn.event)).toEqual(['message', 'release']);
	expect(turns[0].metadata?.sender).toBe(turns[1].metadata?.sender);
	expect(turns[0].metadata?.sender).toMatch(/^v:/);
});

test("messages over a conversation's rate limit are dropped and counted; other conversations go on", async () => {
	const guards = new ProcessGuards();
	const events = [message('telegram:1', 'a'), message('telegram:2', 'd'), message('telegram:1', 'b'), message('telegram:2', 'e'), message('telegram:1', 'c')];
	const { turns, limited } = await channelTurns(events, 'wf:Trigger', guards, 2);
	expect(turns.map((turn) => turn.metadata?.messageId)).toEqual(['a', 'd', 'b', 'e']);
	expect(limited).toBe(1);
});

test("a visitor's messages delivered together are one turn, so their answer cannot come out of order", async () => {
	const { turns } = await channelTurns(
		[message('whatsapp:1', 'a', 'where is my order?'), message('whatsapp:1', 'b', '34567'), message('whatsapp:2', 'c', 'hi')],
		'wf:Trigger',
		new ProcessGuards(),
		30,
	);
	expect(turns.map((turn) => [turn.conversationId, turn.message])).toEqual([
		['whatsapp:1', 'where is my order?\n34567'],
		['whatsapp:2', 'hi'],
	]);
});
