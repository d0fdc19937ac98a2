/**
 * A person takes over. After a handoff the router stays silent for the conversation: the
 * visitor's messages go to the flow (the With a Person output), not to the bot's questions,
 * until the hold is released (a help desk's `release` event, the node's *Release a
 * Conversation* operation) or its time (*Person Holds For*) runs out. A help desk that says a
 * person holds the conversation (`metadata.personHolds`) is believed for that turn.
 */
import { type ChatTurn, isPlainObject } from '../../shared/contract';
import { recordAfter } from '../../shared/conversation-record';
import { DEFAULT_FORGET_AFTER_MINUTES, type StateStore } from '../../shared/state';
import type { ConversationState } from '../../shared/state/types';
import { isHeld, withoutHold } from '../../shared/person-hold';
import type { RoutedDecision } from './decision';

/**
 * The decision for a turn the bot must not answer: a help desk's release, a turn while a person
 * holds the conversation. Undefined: the router decides as usual (an expired hold is dropped then).
 */
export function holdDecision(turn: ChatTurn, state: ConversationState | undefined, now: Date): RoutedDecision | undefined {
	const release = turn.event === 'release';
	const helpDeskHolds = isPlainObject(turn.metadata) && turn.metadata.personHolds === true;
	if (!release && !helpDeskHolds && !isHeld(state, now.getTime())) return undefined;
	const conversation = recordAfter(state, release ? { ...turn, message: null } : turn, undefined, undefined, now);
	const base: ConversationState = state ?? { fields: {}, attempts: {}, updatedAt: now.getTime() };
	const kept = { ...base, ...conversation, updatedAt: now.getTime() };
	if (release) {
		return { outcome: { kind: 'held', reason: 'released' }, state: withoutHold(kept), conversation, language: state?.language, why: 'the help desk gave the conversation back to the bot' };
	}
	return {
		outcome: { kind: 'held', reason: 'person_holds' },
		state: kept,
		conversation,
		language: state?.language,
		why: helpDeskHolds ? 'the help desk says a person holds this conversation' : 'a person holds this conversation since the handoff: the bot stays silent until it is released',
	};
}

/** The Release a Conversation operation: true when a person held it (the hold is lifted, the rest kept). */
export async function releaseHold(store: StateStore, key: string): Promise<boolean> {
	const current = await store.get(key);
	if (!current?.heldByPerson) return false;
	let released = false;
	await store.update(
		key,
		(state) => {
			if (!state?.heldByPerson) return state;
			released = true;
			return withoutHold(state);
		},
		current.forgetAfterSeconds ?? DEFAULT_FORGET_AFTER_MINUTES * 60,
	);
	return released;
}
