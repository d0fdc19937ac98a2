/**
 * `@n8n/chat`'s loadPreviousSession, answered from the conversation's thread as the Action
 * Router keeps it: the visitor's messages, what the router asked and what Chat Reply answered
 * (`reply`, shown as the bot's like the router's). The widget reads the
 * LangChain message form n8n's Chat Trigger answers with (`id` naming HumanMessage or
 * AIMessage, the text in `kwargs.content`).
 */
import type { ThreadEntry } from '../../shared/contract';

export interface PreviousSessionMessage {
	lc: 1;
	type: 'constructor';
	id: [string, string, 'HumanMessage' | 'AIMessage'];
	kwargs: { content: string; additional_kwargs: Record<string, never>; response_metadata: Record<string, never> };
}

export function previousSessionMessages(thread: ThreadEntry[] | undefined): PreviousSessionMessage[] {
	return (thread ?? []).map((entry) => ({
		lc: 1,
		type: 'constructor',
		id: ['langchain_core', 'messages', entry.from === 'visitor' ? 'HumanMessage' : 'AIMessage'],
		kwargs: { content: entry.text, additional_kwargs: {}, response_metadata: {} },
	}));
}
