/**
 * The router's own words around the actions: what it says to small talk and to the turns that
 * match no action, with one button per action it can do, and how it asks a pending question
 * again after small talk or an aside. Texts come from the node's options (RouterReplies).
 */
import type { ReplyButton } from '../../shared/contract';
import { labelOf, type RouterAction } from './actions';
import { type Aside, CHOOSE_PREFIX, type RouterReplies } from './decision';
import type { Topic } from './topics';

/** One button per action a visitor can start by asking: what the bot can do. */
function actionButtons(actions: RouterAction[]): ReplyButton[] {
	return actions.filter((action) => action.triggers.intent).map((action) => ({ label: labelOf(action), actionId: `${CHOOSE_PREFIX}${action.name}` }));
}

const join = (...texts: string[]) => texts.map((text) => text.trim()).filter(Boolean).join(' ');

/** A reply that ends with what the bot can do, as buttons. */
function withActions(text: string, replies: RouterReplies, actions: RouterAction[]) {
	const buttons = actionButtons(actions);
	return { message: buttons.length > 0 ? join(text, replies.canHelpWith) : text, buttons };
}

/** The reply to a message that matches no action (and to a restart after the re-ask cap without a handoff). */
export const noMatchReply = (text: string, replies: RouterReplies, actions: RouterAction[]) => withActions(text, replies, actions);

/** The reply to small talk outside a collection. "person" here is the answer when the flow hands nobody over. */
export function topicReply(topic: Topic, replies: RouterReplies, actions: RouterAction[]): { message: string; buttons: ReplyButton[] } {
	switch (topic) {
		case 'thanks':
			return { message: join(replies.thanks, replies.anythingElse), buttons: [] };
		case 'acknowledgement':
			return { message: join(replies.acknowledgement, replies.anythingElse), buttons: [] };
		case 'goodbye':
			return { message: replies.goodbye, buttons: [] };
		case 'greeting':
			return withActions(replies.greeting, replies, actions);
		case 'bot':
			return withActions(replies.bot, replies, actions);
		case 'person':
			return withActions(replies.noPerson, replies, actions);
		case 'help':
			return withActions('', replies, actions);
	}
}

/**
 * A pending question asked again after small talk or an aside, so the visitor knows what is
 * still wanted: "Hi! What is your email?", "No rush. What is your order number?".
 */
export function askAgain(question: string, said: Topic | Aside, replies: RouterReplies): string {
	const before: Partial<Record<Topic | Aside, string>> = {
		greeting: replies.greeting,
		thanks: replies.thanks,
		acknowledgement: replies.acknowledgement,
		bot: replies.bot,
		person: replies.noPerson,
		hesitation: replies.hesitation,
		question: replies.aside,
	};
	if (said === 'help') return join(question, replies.helpWhileAsking);
	return join(before[said] ?? '', question);
}
