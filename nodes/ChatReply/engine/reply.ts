/** Builds a turn's reply from a Chat Reply node's settings and what earlier nodes set. */
import { type ChatReply, type ChatTurn, isPlainObject, mergeTags, type ReplyButton, type RouterExplanation, templateVariables } from '../../shared/contract';
import { chatText } from '../../shared/chat-text';
import { renderTemplate, renderUrl } from '../../shared/templates';

export interface ReplySpec {
	message: string;
	buttons: Array<{ label: string; actionId: string; url: string }>;
	handoff: boolean;
	tags: string[];
}

export function withSettingsReply(turn: ChatTurn, spec: ReplySpec): ChatTurn {
	const vars = templateVariables(turn);
	const previous: Partial<ChatReply> = isPlainObject(turn.reply) ? turn.reply : {};
	const buttons: ReplyButton[] = spec.buttons
		.filter((button) => button.label.trim() !== '')
		.map((button) => ({
			label: renderTemplate(button.label, 'text', vars),
			...(button.actionId ? { actionId: button.actionId } : {}),
			...(button.url ? { url: renderUrl(button.url, vars).toString() } : {}),
		}));
	const reply: ChatReply = {
		...previous,
		message: spec.message.trim() !== '' ? renderTemplate(spec.message, 'text', vars) : (previous.message ?? ''),
		tags: mergeTags(previous.tags, spec.tags),
	};
	const why = whyFor(turn);
	if (why) reply.why = why;
	else delete reply.why;
	if (buttons.length > 0) reply.buttons = [...(previous.buttons ?? []), ...buttons];
	if (spec.handoff) reply.handoff = true;
	// n8n's Chat Trigger answering from the last node reads its `output`: the reply as the text
	// its chat page shows.
	const forN8nChat = isPlainObject(turn.metadata) && turn.metadata.dialect === 'n8nChat';
	return { ...turn, reply, ...(forN8nChat ? { output: chatText(reply) } : {}) };
}

/**
 * The router's explanation, for a turn the trigger marked `showWhy` (the flow's owner on the
 * test page, verified); otherwise none, whatever an earlier node put in the reply.
 */
function whyFor(turn: ChatTurn): RouterExplanation | undefined {
	if (turn.showWhy !== true || !isPlainObject(turn.router) || !isPlainObject(turn.router.explanation)) return undefined;
	return turn.router.explanation as unknown as RouterExplanation;
}
