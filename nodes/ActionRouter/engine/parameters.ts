/**
 * The node's *Options* parameter as the engine's settings, with the defaults for what is not
 * set: one reading for the node and for the story runner (which reads an exported workflow).
 * The replies are only the texts the owner changed: the others are said in the visitor's language.
 */
import { DEFAULT_REPLIES, ROUTER_DEFAULTS } from './defaults';
import type { RouterReplies, RouterSettings } from './decision';

export interface RouterOptions {
	settings: RouterSettings;
	/** The texts the flow's owner set, said as they are in every language. */
	replies: Partial<RouterReplies>;
	hybridBelow: number;
	ttlSeconds: number;
}

const number = (value: unknown, fallback: number) => (value === undefined || value === null || value === '' ? fallback : Number(value));
const text = (value: unknown, fallback: string) => (value === undefined || value === null ? fallback : String(value));

/**
 * Each text's option is its key and "Reply": noMatchReply, greetingReply… An option left at its
 * English default counts as not set: n8n saves an option added in the editor with its default,
 * and adding one without changing it must not fix the reply in English.
 */
function ownReplies(options: Record<string, unknown>): Partial<RouterReplies> {
	const keys = Object.keys(DEFAULT_REPLIES) as Array<keyof RouterReplies>;
	const set = keys.map((key) => [key, text(options[`${key}Reply`], DEFAULT_REPLIES[key])] as const).filter(([key, value]) => value !== DEFAULT_REPLIES[key]);
	return Object.fromEntries(set);
}

/** A language the node fixes (ISO 639-1), or undefined when each message's is detected (ROUTER_DEFAULTS.language). */
function fixedLanguage(value: unknown): string | undefined {
	const code = text(value, ROUTER_DEFAULTS.language).trim().toLowerCase();
	return code === ROUTER_DEFAULTS.language || code === '' ? undefined : code;
}

/** `nodeTimezone`: for relative dates when neither the option nor the visitor's widget gives one. */
export function routerOptions(options: Record<string, unknown>, nodeTimezone?: string): RouterOptions {
	return {
		settings: {
			threshold: number(options.threshold, ROUTER_DEFAULTS.threshold),
			tieMargin: number(options.tieMargin, ROUTER_DEFAULTS.tieMargin),
			maxReasks: number(options.maxReasks, ROUTER_DEFAULTS.maxReasks),
			defaultCountry: text(options.defaultCountry, '') || undefined,
			timezone: text(options.timezone, '') || nodeTimezone,
			handoff: options.handoffOutput === true,
			holdSeconds: number(options.holdMinutes, ROUTER_DEFAULTS.holdMinutes) * 60,
			startFromValue: options.startFromValue === true,
			language: fixedLanguage(options.language),
		},
		replies: ownReplies(options),
		hybridBelow: number(options.hybridBelow, ROUTER_DEFAULTS.hybridBelow),
		ttlSeconds: number(options.ttlMinutes, ROUTER_DEFAULTS.ttlMinutes) * 60,
	};
}
