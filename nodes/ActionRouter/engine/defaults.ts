/**
 * The Action Router's defaults, in one place: the node falls back to them, and its parameter
 * descriptions write the same values out (test/unit/description-defaults.test.ts keeps them equal).
 * How the intent settings were chosen: BENCHMARKS.md (Action Router).
 */
import { ENGLISH, textsFor } from '../../shared/languages';
import { DEFAULT_FORGET_AFTER_MINUTES } from '../../shared/state/common';
import type { RouterReplies } from './decision';

export const ROUTER_DEFAULTS = {
	/** Below this confidence a message matches no action. */
	threshold: 0.2,
	/** Top two actions closer than this: ask which one was meant. */
	tieMargin: 0.05,
	/** Re-asks of one field before handing over to a human. */
	maxReasks: 3,
	/** Hybrid mode: below this top score (or on a tie) the chat model decides. */
	hybridBelow: 0.4,
	/** The visitors' language: detected from each message (or an ISO 639-1 code the node fixes). */
	language: 'detect',
	/** How long an unfinished conversation is remembered. */
	ttlMinutes: DEFAULT_FORGET_AFTER_MINUTES,
	/** After a handoff, how long a person holds the conversation before the bot answers again (0: until released). */
	holdMinutes: 30,
} as const;

/**
 * What the visitor reads when the router answers itself (decision.ts, RouterReplies), in English:
 * the node's option defaults. Each language's own are in shared/languages (en.json is these).
 * Only a handoff (the flow's Hand Over output) speaks of a teammate.
 */
export const DEFAULT_REPLIES: Readonly<RouterReplies> = ENGLISH.replies;

/**
 * The replies of a turn: the language's texts, with the texts the flow's owner set (`overrides`)
 * in their place: an owner's text is said in whatever language the visitor writes.
 */
export function repliesIn(language: string | undefined, overrides: Partial<RouterReplies> = {}): RouterReplies {
	return { ...textsFor(language).replies, ...overrides };
}
