/**
 * The Action Router's defaults, in one place: the node falls back to them, and its parameter
 * descriptions write the same values out (test/unit/description-defaults.test.ts keeps them equal).
 * How the intent settings were chosen: BENCHMARKS.md (Action Router).
 */
import { DEFAULT_FORGET_AFTER_MINUTES } from '../../shared/state/common';

export const ROUTER_DEFAULTS = {
	/** Below this confidence a message matches no action. */
	threshold: 0.2,
	/** Top two actions closer than this: ask which one was meant. */
	tieMargin: 0.05,
	/** Re-asks of one field before handing over to a human. */
	maxReasks: 3,
	/** Hybrid mode: below this top score (or on a tie) the chat model decides. */
	hybridBelow: 0.4,
	/** How long an unfinished conversation is remembered. */
	ttlMinutes: DEFAULT_FORGET_AFTER_MINUTES,
} as const;

/**
 * What the visitor reads when the router answers itself (decision.ts, RouterReplies). Only a
 * handoff (the flow's Hand Over output) speaks of a teammate.
 */
export const DEFAULT_REPLIES = {
	noMatch: "Sorry, I can't help with that here.",
	cancelled: "OK, I've cancelled that.",
	escalated: "I'm having trouble getting that right, so I'm passing you to a teammate.",
	escalatedAlone: "Sorry, I'm having trouble getting that right. Let's start again.",
	stateUnavailable: "Sorry, I can't continue our conversation right now. Please try again in a minute.",
	canHelpWith: "Here's what I can do:",
	anythingElse: 'Anything else I can help with?',
	greeting: 'Hi!',
	thanks: "You're welcome!",
	acknowledgement: 'OK.',
	goodbye: 'Thanks for chatting. Bye!',
	bot: "I'm an automated assistant.",
	helpWhileAsking: 'Or say "cancel" to do something else.',
	person: "OK, I'm passing you to a teammate.",
	noPerson: "I can't pass you to a person in this chat.",
	aside: "Sorry, I can't answer that here.",
	hesitation: 'No rush.',
	offerEarlierValue: 'Use {value}?',
	valueAlone: 'What would you like me to do with that?',
} as const;
