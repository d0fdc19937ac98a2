/**
 * The node's *Options* parameter as the engine's settings, with the defaults for what is not
 * set: one reading for the node and for the story runner (which reads an exported workflow).
 */
import { DEFAULT_REPLIES, ROUTER_DEFAULTS } from './defaults';
import type { RouterReplies, RouterSettings } from './decision';

export interface RouterOptions {
	settings: RouterSettings;
	replies: RouterReplies;
	hybridBelow: number;
	ttlSeconds: number;
}

const number = (value: unknown, fallback: number) => (value === undefined || value === null || value === '' ? fallback : Number(value));
const text = (value: unknown, fallback: string) => (value === undefined || value === null ? fallback : String(value));

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
			startFromValue: options.startFromValue === true,
		},
		// Each text's option is its key and "Reply": noMatchReply, greetingReply…
		replies: Object.fromEntries(
			(Object.keys(DEFAULT_REPLIES) as Array<keyof RouterReplies>).map((key) => [key, text(options[`${key}Reply`], DEFAULT_REPLIES[key])]),
		) as unknown as RouterReplies,
		hybridBelow: number(options.hybridBelow, ROUTER_DEFAULTS.hybridBelow),
		ttlSeconds: number(options.ttlMinutes, ROUTER_DEFAULTS.ttlMinutes) * 60,
	};
}
