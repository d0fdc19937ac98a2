/**
 * The visitor's clock: "tomorrow" and "Friday" mean the visitor's tomorrow and Friday, so
 * relative dates resolve against the time the widget sent the message and the visitor's time
 * zone when the turn carries them (`metadata.timestamp`, `metadata.timezone`), else against the
 * server's time and the node's time zone.
 */
import type * as Luxon from 'luxon';

import { type ChatTurn, isPlainObject } from '../../shared/contract';
import { lazy } from '../../shared/lazy';

// Required on first use, not when n8n loads the node at start (see shared/lazy.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const luxon = lazy(() => require('luxon') as typeof Luxon);

/**
 * A sent time further than this from the server's is a wrong clock (or a replayed message),
 * not the visitor's "now": the server's time is used instead.
 */
const MAX_CLOCK_SKEW_MS = 3 * 24 * 3600_000;

/** Epoch milliseconds (or seconds), or an ISO 8601 string, as widgets send a time. */
function parseTime(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
	if (typeof value === 'string' && value.trim() !== '') {
		const numeric = Number(value);
		if (Number.isFinite(numeric)) return parseTime(numeric);
		const parsed = Date.parse(value);
		return Number.isNaN(parsed) ? undefined : parsed;
	}
	return undefined;
}

export function visitorClock(turn: ChatTurn, serverNow: Date, nodeTimezone: string | undefined): { now: Date; timezone?: string } {
	const metadata = isPlainObject(turn.metadata) ? turn.metadata : {};
	const sent = parseTime(metadata.timestamp);
	const now = sent !== undefined && Math.abs(sent - serverNow.getTime()) <= MAX_CLOCK_SKEW_MS ? new Date(sent) : serverNow;
	const zone = typeof metadata.timezone === 'string' && luxon().IANAZone.isValidZone(metadata.timezone) ? metadata.timezone : nodeTimezone;
	return { now, timezone: zone };
}
