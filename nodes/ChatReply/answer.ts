/** How Chat Reply answers the pending chat request: streamed, as chunks at once, or as one JSON reply. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { chunksOf } from '../shared/streaming';
import { chatText } from '../shared/chat-text';
import { type ChatTurn, isPlainObject } from '../shared/contract';
import { type Dialect, DIALECTS, replyBody } from '../shared/dialects';

function dialectOf(turn: ChatTurn): Dialect {
	const dialect = isPlainObject(turn.metadata) ? turn.metadata.dialect : undefined;
	return DIALECTS.includes(dialect as Dialect) ? (dialect as Dialect) : 'native';
}

/**
 * A trigger that streams (n8n's Chat Trigger or Chat Action Trigger in Streaming mode) gets the
 * reply as one streamed message; for Chat Action Trigger's widgets that did not ask for a
 * stream its end chunk carries the whole reply, which the trigger reads back. Otherwise, when `respond` is on, the reply is sent in the widget's format:
 * @n8n/chat with streaming on reads chunks even from a trigger that does not stream.
 */
export async function answerChat(ctx: IExecuteFunctions, turn: ChatTurn, respond: boolean): Promise<void> {
	const streamReader = isPlainObject(turn.metadata) && turn.metadata.stream === true;
	if (ctx.isStreaming?.()) {
		// Only Chat Action Trigger reads a reply back from the stream, and says so on the turn; n8n's
		// Chat Trigger (whose turns the router also marks as @n8n/chat's) gets the plain chunks.
		const readBack = isPlainObject(turn.metadata) && turn.metadata.readBack === true;
		await ctx.sendChunk('begin', 0);
		await ctx.sendChunk('item', 0, chatText(turn.reply));
		await ctx.sendChunk('end', 0, readBack ? JSON.stringify({ reply: turn.reply ?? {} }) : undefined);
		return;
	}
	if (!respond) return;
	ctx.sendResponse({
		body: streamReader ? chunksOf(chatText(turn.reply)) : replyBody(dialectOf(turn), turn.reply),
		headers: { 'content-type': streamReader ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' },
		statusCode: 200,
	});
}
