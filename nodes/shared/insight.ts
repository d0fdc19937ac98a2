/**
 * Insight: how a flow's actions fare, as counts per day (UTC) and action, kept for the flow's
 * owner in its conversation state store (owner-records.ts, `~insight:<workflowId>`). Nothing
 * personal is kept: action and field names and numbers, never a message, a value or an id.
 *
 * Who counts what, from the items the nodes already pass on:
 * - The Action Router (option Count Outcomes), after each turn (`routedTurnCounts`):
 *   - asked: an action's collection starts: an `action` or `ask` outcome naming an action
 *     other than the one the router was collecting when the turn came (`router.collecting`).
 *     A second request for the same action later in the conversation is asked again.
 *   - cancelled: No Match `cancelled` with its action.
 *   - handedOff: a Hand Over outcome, for its action, or `(none)` when nothing was pending.
 *   - noMatch: No Match `out_of_scope` (a request the flow has no action for), per day.
 *   - stoppedAt: per action and question (a field's name, or `(confirmation)`): +1 when the
 *     question is asked for the first time in a collection, -1 when the visitor answers it and
 *     the router moves on (the next question, or the action runs). What remains is the number
 *     of collections whose last question was that one and that never ran: cancelled, handed
 *     over, switched away, or left unanswered. The last, the most common way to stop, has no
 *     turn to count it at; with increments only, counting each question in and out finds it,
 *     with no per-conversation record. A collection still going counts at its question until
 *     it moves on; one that crosses midnight is counted in on one day and out on the next, so
 *     a day's value can be negative: rows show it as 0, period totals add the days first.
 * - Chat Reply, when the item it answers says `router.insight: true` (the router writes it with
 *   Count Outcomes on) and is an `action` outcome (`answeredTurnCounts`): failed when the item
 *   carries an `error` (an HTTP Action's Error output, n8n's own error output) or its reply the
 *   tag `action_failed`; completed otherwise. It writes `router.insight: 'counted'` on the
 *   items it counted, so that a second Chat Reply on the same path does not count them again.
 */
import { isPlainObject } from './contract';
import { changeOwnerRecord, insightRecordKey, readOwnerRecord } from './owner-records';
import type { StateStore } from './state';

/** Days kept: today (UTC) and the 89 before it; older days are dropped at the next count. */
export const INSIGHT_KEPT_DAYS = 90;
/** The record outlives its oldest day a little, and every count keeps it that long again. */
const INSIGHT_TTL_SECONDS = 100 * 24 * 60 * 60;
/** The confirmation question, where `stoppedAt` names a field. */
export const CONFIRMATION_QUESTION = '(confirmation)';
/** A handoff with no action pending. */
export const NO_ACTION = '(none)';
/** The report's row per day for the No Match turns. */
const NO_MATCH_ROW = '(no match)';
/** The reply tag that marks a failed action (the HTTP Action's failure reply carries it). */
const FAILED_TAG = 'action_failed';

/** Bounds that keep a record small whatever names reach it (actions and fields are the flow's own). */
const MAX_NAME_LENGTH = 120;
const MAX_ACTIONS_PER_DAY = 200;
const MAX_QUESTIONS_PER_ACTION = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

export type OutcomeCounter = 'asked' | 'completed' | 'cancelled' | 'failed' | 'handedOff';
export const OUTCOME_COUNTERS: readonly OutcomeCounter[] = ['asked', 'completed', 'cancelled', 'failed', 'handedOff'];

/** One action's counts on one day; a counter never incremented is absent. */
export type ActionDay = Partial<Record<OutcomeCounter, number>> & { stoppedAt?: Record<string, number> };

export interface InsightDay {
	noMatch?: number;
	actions?: Record<string, ActionDay>;
}

/** The stored record: days by UTC date ('YYYY-MM-DD'). */
export interface InsightRecord {
	days: Record<string, InsightDay>;
}

/** One increment a turn brings. */
export type InsightCount =
	| { counter: OutcomeCounter; action: string }
	| { counter: 'noMatch' }
	| { counter: 'stoppedAt'; action: string; question: string; by: 1 | -1 };

/** One row of the router's Report Insight operation: a day and an action (or `(no match)`). */
export interface InsightRow {
	date: string;
	action: string;
	asked: number;
	completed: number;
	cancelled: number;
	failed: number;
	handedOff: number;
	noMatch: number;
	/** Collections that stopped at each question that day (positive values only). */
	stoppedAt: Record<string, number>;
	/** The question most collections stopped at, when any did. */
	topStop?: string;
}

function dateKey(at: Date): string {
	return at.toISOString().slice(0, 10);
}

/** The dates of the last `days` days ending with `today`, oldest first (at most the days kept). */
export function periodDates(days: number, today: Date): string[] {
	const count = Math.max(1, Math.min(INSIGHT_KEPT_DAYS, Math.floor(Number.isFinite(days) ? days : 1)));
	return Array.from({ length: count }, (_, index) => dateKey(new Date(today.getTime() - (count - 1 - index) * DAY_MS)));
}

const nameOf = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() !== '' && value.length <= MAX_NAME_LENGTH ? value : undefined;

/** The question an `ask` outcome asks, as `stoppedAt` names it. */
function questionOf(router: Record<string, unknown>): string | undefined {
	if (router.outcome !== 'ask') return undefined;
	return router.reason === 'confirm' ? CONFIRMATION_QUESTION : nameOf(router.field);
}

/** An `action` or `ask` outcome for `action`: whether it starts a collection, and which question moves on. */
function collectionCounts(router: Record<string, unknown>, action: string): InsightCount[] {
	const before = isPlainObject(router.collecting) ? router.collecting : {};
	const continuing = nameOf(before.action) === action;
	const asking = questionOf(router);
	const wasAsking = continuing ? nameOf(before.field) : undefined;
	const counts: InsightCount[] = continuing ? [] : [{ counter: 'asked', action }];
	if (asking && asking !== wasAsking) counts.push({ counter: 'stoppedAt', action, question: asking, by: 1 });
	if (wasAsking && asking !== wasAsking) counts.push({ counter: 'stoppedAt', action, question: wasAsking, by: -1 });
	return counts;
}

/** What the Action Router's output item for one turn counts (see the file's comment). */
export function routedTurnCounts(item: unknown): InsightCount[] {
	if (!isPlainObject(item) || !isPlainObject(item.router)) return [];
	const router = item.router;
	// Nothing was decided for good when the state could not be read or saved.
	if (router.reason === 'state_unavailable' || router.error !== undefined) return [];
	const action = nameOf(isPlainObject(item.action) ? item.action.name : undefined);
	if (router.outcome === 'action' || router.outcome === 'ask') return action ? collectionCounts(router, action) : [];
	if (router.outcome === 'handoff') return [{ counter: 'handedOff', action: action ?? NO_ACTION }];
	if (router.outcome !== 'noMatch') return [];
	if (router.reason === 'out_of_scope') return [{ counter: 'noMatch' }];
	return router.reason === 'cancelled' && action ? [{ counter: 'cancelled', action }] : [];
}

/** Whether an item Chat Reply answers reports a failed action. */
function failedItem(item: Record<string, unknown>): boolean {
	if (isPlainObject(item.error) || (typeof item.error === 'string' && item.error !== '')) return true;
	const tags = isPlainObject(item.reply) && Array.isArray(item.reply.tags) ? item.reply.tags : [];
	return tags.includes(FAILED_TAG);
}

/** What an item Chat Reply answers counts: completed or failed, for a routed action the router asked to count. */
export function answeredTurnCounts(item: unknown): InsightCount[] {
	if (!isPlainObject(item) || !isPlainObject(item.router)) return [];
	if (item.router.insight !== true || item.router.outcome !== 'action') return [];
	const action = nameOf(isPlainObject(item.action) ? item.action.name : undefined);
	return action ? [{ counter: failedItem(item) ? 'failed' : 'completed', action }] : [];
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0);

/** A stored number map, numbers only. */
function numbers(value: unknown): Record<string, number> {
	if (!isPlainObject(value)) return {};
	return Object.fromEntries(Object.entries(value).filter(([, n]) => count(n) !== 0).map(([key, n]) => [key, count(n)]));
}

/** A stored day, numbers only: anything else in it is dropped rather than trusted. */
function readDay(value: unknown): InsightDay {
	if (!isPlainObject(value)) return {};
	const actions: Record<string, ActionDay> = {};
	for (const [name, stored] of Object.entries(isPlainObject(value.actions) ? value.actions : {})) {
		if (!isPlainObject(stored)) continue;
		const day: ActionDay = numbers(Object.fromEntries(OUTCOME_COUNTERS.map((counter) => [counter, stored[counter]])));
		const stoppedAt = numbers(stored.stoppedAt);
		actions[name] = Object.keys(stoppedAt).length > 0 ? { ...day, stoppedAt } : day;
	}
	return { ...(count(value.noMatch) ? { noMatch: count(value.noMatch) } : {}), actions };
}

/** The record as stored, days outside the kept period dropped. */
export function readRecord(value: unknown, now: Date): InsightRecord {
	const oldest = periodDates(INSIGHT_KEPT_DAYS, now)[0];
	const stored = isPlainObject(value) && isPlainObject(value.days) ? value.days : {};
	const days = Object.fromEntries(
		Object.entries(stored)
			.filter(([date]) => /^\d{4}-\d{2}-\d{2}$/.test(date) && date >= oldest)
			.map(([date, day]) => [date, readDay(day)]),
	);
	return { days };
}

/** The record with `counts` added on the day of `now` (UTC), pruned to the days kept. */
export function withCounts(record: unknown, counts: InsightCount[], now: Date): InsightRecord {
	const next = readRecord(record, now);
	const date = dateKey(now);
	const day = (next.days[date] ??= {});
	for (const added of counts) {
		if (added.counter === 'noMatch') {
			day.noMatch = (day.noMatch ?? 0) + 1;
			continue;
		}
		const actions = (day.actions ??= {});
		if (!actions[added.action] && Object.keys(actions).length >= MAX_ACTIONS_PER_DAY) continue;
		const action = (actions[added.action] ??= {});
		if (added.counter !== 'stoppedAt') {
			action[added.counter] = (action[added.counter] ?? 0) + 1;
			continue;
		}
		const stoppedAt = (action.stoppedAt ??= {});
		if (stoppedAt[added.question] === undefined && Object.keys(stoppedAt).length >= MAX_QUESTIONS_PER_ACTION) continue;
		// A question answered as often as it was asked leaves nothing behind.
		const net = (stoppedAt[added.question] ?? 0) + added.by;
		if (net !== 0) stoppedAt[added.question] = net;
		else delete stoppedAt[added.question];
		if (Object.keys(stoppedAt).length === 0) delete action.stoppedAt;
	}
	return next;
}

/** The record after the Action Router's output item for one turn (pure). */
export function countRoutedTurn(record: InsightRecord | undefined, item: unknown, now: Date): InsightRecord {
	return withCounts(record, routedTurnCounts(item), now);
}

/**
 * Adds counts to the workflow's record. Never throws: a store that fails only loses these
 * counts (`warn` hears why). True when they were counted; false when there was nothing to count.
 */
export async function recordCounts(store: StateStore, workflowId: string | undefined, counts: InsightCount[], now: Date, warn?: (message: string) => void): Promise<boolean> {
	if (counts.length === 0) return false;
	try {
		await changeOwnerRecord<InsightRecord>(store, insightRecordKey(workflowId), (current) => withCounts(current, counts, now), INSIGHT_TTL_SECONDS);
		return true;
	} catch (error) {
		warn?.(`Insight could not be counted: ${(error as Error)?.message ?? String(error)}`);
		return false;
	}
}

/** The Action Router's turn counted in the workflow's record (Count Outcomes on); never throws. */
export async function recordRoutedTurn(store: StateStore, workflowId: string | undefined, item: unknown, now: Date, warn?: (message: string) => void): Promise<boolean> {
	return await recordCounts(store, workflowId, routedTurnCounts(item), now, warn);
}

/** The workflow's record as stored, its days up to `now` (undefined when nothing was counted yet); a store error is thrown. */
export async function readInsight(store: StateStore, workflowId: string | undefined, now = new Date()): Promise<InsightRecord | undefined> {
	const stored = await readOwnerRecord<unknown>(store, insightRecordKey(workflowId));
	return stored === undefined ? undefined : readRecord(stored, now);
}

/** Positive stops only, and the question most stopped at (the first by name on a tie). */
export function stops(stoppedAt: Record<string, number> | undefined): { stoppedAt: Record<string, number>; topStop?: string } {
	const positive = Object.entries(stoppedAt ?? {}).filter(([, n]) => n > 0);
	positive.sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1));
	return { stoppedAt: Object.fromEntries(positive), ...(positive.length > 0 ? { topStop: positive[0][0] } : {}) };
}

/**
 * The Report Insight rows: for each of the last `days` days (today included, oldest first),
 * one row per action counted that day (by name), then the day's `(no match)` row, always there
 * so that every day of the period shows.
 */
export function insightRows(record: InsightRecord | undefined, days: number, today: Date): InsightRow[] {
	const rows: InsightRow[] = [];
	const zero = { asked: 0, completed: 0, cancelled: 0, failed: 0, handedOff: 0, noMatch: 0 };
	for (const date of periodDates(days, today)) {
		const day = readDay(record?.days?.[date]);
		for (const action of Object.keys(day.actions ?? {}).sort()) {
			const counts = day.actions![action];
			const stopped = stops(counts.stoppedAt);
			// An action whose only count that day is a question answered after midnight shows nothing.
			if (!OUTCOME_COUNTERS.some((counter) => (counts[counter] ?? 0) > 0) && !stopped.topStop) continue;
			rows.push({ date, action, ...zero, ...Object.fromEntries(OUTCOME_COUNTERS.map((counter) => [counter, counts[counter] ?? 0])), ...stopped });
		}
		rows.push({ date, action: NO_MATCH_ROW, ...zero, noMatch: day.noMatch ?? 0, stoppedAt: {} });
	}
	return rows;
}
