// Insight: what each turn counts per day and action, where visitors stop, the days kept, the
// Report Insight rows and the Insight page (nodes/shared/insight.ts, insight-page.ts).
import { createHash } from 'node:crypto';

import {
	answeredTurnCounts,
	countRoutedTurn,
	type InsightRecord,
	insightRows,
	readInsight,
	recordCounts,
	recordRoutedTurn,
	routedTurnCounts,
	withCounts,
} from '../../nodes/shared/insight';
import { insightPage, insightPageHeaders } from '../../nodes/shared/insight-page';
import { insightRecordKey } from '../../nodes/shared/owner-records';
import { MemoryStateStore, type StateStore } from '../../nodes/shared/state';

const NOW = new Date('2026-05-14T10:00:00Z');
const TODAY = '2026-05-14';

type Before = { action: string; field?: string };
/** The Action Router's output item for a turn, as much of it as insight reads. */
const routed = (router: Record<string, unknown>, action?: string, collecting?: Before) => ({
	message: 'ada@example.com',
	conversationId: 'conv_1',
	...(action ? { action: { name: action, trigger: 'collection' } } : {}),
	router: { ...router, ...(collecting ? { collecting } : {}) },
});
const ask = (action: string, field: string, collecting?: Before) => routed({ outcome: 'ask', reason: 'missing_field', field }, action, collecting);
const confirm = (action: string, collecting?: Before) => routed({ outcome: 'ask', reason: 'confirm' }, action, collecting);
const ran = (action: string, collecting?: Before) => routed({ outcome: 'action' }, action, collecting);
/** What Chat Reply answers after the router's action output (Count Outcomes on). */
const answered = (action: string, extra: Record<string, unknown> = {}) => ({ action: { name: action }, router: { outcome: 'action', insight: true }, reply: { message: 'Done.', tags: [] }, ...extra });

/** The record after these turns, all today. */
const after = (...items: unknown[]) => items.reduce<InsightRecord | undefined>((record, item) => countRoutedTurn(record, item, NOW), undefined)!;
const today = (record: InsightRecord) => record.days[TODAY];

describe('what a routed turn counts', () => {
	test('an action run in one turn, nothing pending before, is asked once', () => {
		expect(today(after(ran('order_status')))).toEqual({ actions: { order_status: { asked: 1 } } });
	});

	test('a collection is asked once, on its first question; its questions answered leave no stop behind', () => {
		const record = after(
			ask('reset_api_key', 'email'),
			confirm('reset_api_key', { action: 'reset_api_key', field: 'email' }),
			ran('reset_api_key', { action: 'reset_api_key', field: '(confirmation)' }),
		);
		expect(today(record).actions!.reset_api_key).toEqual({ asked: 1 });
	});

	test('a collection left unanswered stops at the question asked last', () => {
		const record = after(ask('unsubscribe', 'email'), ask('unsubscribe', 'list', { action: 'unsubscribe', field: 'email' }));
		expect(today(record).actions!.unsubscribe).toEqual({ asked: 1, stoppedAt: { list: 1 } });
	});

	test('a question asked again (a refused value, an aside, small talk around it) is not counted again', () => {
		const before = { action: 'unsubscribe', field: 'email' };
		const record = after(
			ask('unsubscribe', 'email'),
			routed({ outcome: 'ask', reason: 'invalid_field', field: 'email' }, 'unsubscribe', before),
			routed({ outcome: 'noMatch', reason: 'aside', field: 'email' }, 'unsubscribe', before),
			routed({ outcome: 'ask', reason: 'missing_field', field: 'email', aside: 'hesitation' }, 'unsubscribe', before),
		);
		expect(today(record).actions!.unsubscribe).toEqual({ asked: 1, stoppedAt: { email: 1 } });
	});

	test('a switch to another request asks the new action; the first stays stopped at its question', () => {
		const record = after(ask('order_status', 'order_id'), ask('unsubscribe', 'email', { action: 'order_status', field: 'order_id' }));
		expect(today(record).actions).toEqual({ order_status: { asked: 1, stoppedAt: { order_id: 1 } }, unsubscribe: { asked: 1, stoppedAt: { email: 1 } } });
	});

	test('the same action asked again after it ran is asked twice', () => {
		expect(today(after(ran('order_status'), ran('order_status'))).actions!.order_status.asked).toBe(2);
	});

	test('a cancel counts for its action, and the collection stays stopped where it was', () => {
		const record = after(ask('unsubscribe', 'email'), routed({ outcome: 'noMatch', reason: 'cancelled' }, 'unsubscribe', { action: 'unsubscribe', field: 'email' }));
		expect(today(record).actions!.unsubscribe).toEqual({ asked: 1, cancelled: 1, stoppedAt: { email: 1 } });
	});

	test('a handoff counts for the action pending, or for (none) when nothing was', () => {
		const record = after(
			routed({ outcome: 'handoff', reason: 'escalated' }, 'unsubscribe', { action: 'unsubscribe', field: 'email' }),
			routed({ outcome: 'handoff', reason: 'asked_for_person' }),
		);
		expect(today(record).actions).toEqual({ unsubscribe: { handedOff: 1 }, '(none)': { handedOff: 1 } });
	});

	test('No Match counts a request the flow has no action for, per day; small talk, asides, values alone and the re-ask cap do not', () => {
		const record = after(
			routed({ outcome: 'noMatch', reason: 'out_of_scope' }),
			routed({ outcome: 'noMatch', reason: 'out_of_scope' }),
			routed({ outcome: 'noMatch', reason: 'small_talk', topic: 'greeting' }),
			routed({ outcome: 'noMatch', reason: 'bare_value' }),
			routed({ outcome: 'noMatch', reason: 'escalated' }, 'unsubscribe', { action: 'unsubscribe', field: 'email' }),
		);
		expect(today(record)).toEqual({ noMatch: 2, actions: {} });
	});

	test('a turn whose state could not be read or saved, a held turn and a clarifying question count nothing', () => {
		expect(routedTurnCounts(routed({ outcome: 'noMatch', reason: 'state_unavailable', error: 'Redis is down' }))).toEqual([]);
		expect(routedTurnCounts(routed({ outcome: 'held', reason: 'person_holds' }))).toEqual([]);
		expect(routedTurnCounts(routed({ outcome: 'ask', reason: 'clarify' }))).toEqual([]);
		expect(routedTurnCounts({ message: 'not a router item' })).toEqual([]);
	});

	test('nothing personal is kept: the record holds names and numbers only', () => {
		const record = after(ask('unsubscribe', 'email'), routed({ outcome: 'noMatch', reason: 'out_of_scope' }));
		expect(JSON.stringify(record)).not.toMatch(/ada@example\.com|conv_1/);
	});
});

describe('what a Chat Reply answer counts', () => {
	test('a routed action answered counts completed; one with an error or the action_failed tag counts failed', () => {
		expect(answeredTurnCounts(answered('order_status'))).toEqual([{ counter: 'completed', action: 'order_status' }]);
		expect(answeredTurnCounts(answered('order_status', { error: { kind: 'http', status: 404 } }))).toEqual([{ counter: 'failed', action: 'order_status' }]);
		expect(answeredTurnCounts(answered('order_status', { error: 'n8n error output' }))).toEqual([{ counter: 'failed', action: 'order_status' }]);
		expect(answeredTurnCounts(answered('order_status', { reply: { message: 'Sorry.', tags: ['action:order_status', 'action_failed'] } }))).toEqual([
			{ counter: 'failed', action: 'order_status' },
		]);
	});

	test('only items the router marked for counting, of an action outcome, not yet counted', () => {
		expect(answeredTurnCounts({ ...answered('order_status'), router: { outcome: 'action' } })).toEqual([]);
		expect(answeredTurnCounts({ ...answered('order_status'), router: { outcome: 'action', insight: 'counted' } })).toEqual([]);
		expect(answeredTurnCounts({ ...answered('order_status'), router: { outcome: 'ask', insight: true } })).toEqual([]);
		expect(answeredTurnCounts({ router: { outcome: 'action', insight: true } })).toEqual([]);
	});
});

describe('the days kept', () => {
	test('counts go to the UTC date of the turn', () => {
		const record = countRoutedTurn(undefined, ran('order_status'), new Date('2026-05-14T23:59:59+01:00'));
		expect(Object.keys(record.days)).toEqual(['2026-05-14']);
	});

	test('days older than 90 are dropped at the next count; the 90th day back is kept', () => {
		const stored = { days: { '2026-02-13': { noMatch: 5 }, '2026-02-14': { noMatch: 3 } } };
		expect(Object.keys(withCounts(stored, [{ counter: 'noMatch' }], NOW).days)).toEqual(['2026-02-14', TODAY]);
	});

	test('anything but numbers in a stored record is dropped rather than trusted', () => {
		const stored = { days: { [TODAY]: { noMatch: 'many', actions: { order_status: { asked: 2, completed: { $gt: 1 }, stoppedAt: { order_id: 1, x: 'y' } }, broken: 7 } }, 'not-a-date': {} } };
		expect(withCounts(stored, [], NOW)).toEqual({ days: { [TODAY]: { actions: { order_status: { asked: 2, stoppedAt: { order_id: 1 } } } } } });
	});
});

describe('Report Insight rows', () => {
	const record: InsightRecord = {
		days: {
			'2026-05-13': { noMatch: 2, actions: { unsubscribe: { asked: 3, completed: 1, cancelled: 1, stoppedAt: { email: 1, list: 2 } }, order_status: { asked: 1, completed: 1 } } },
			// A collection that crossed midnight: its question answered today, asked yesterday.
			[TODAY]: { actions: { unsubscribe: { stoppedAt: { email: -1 } }, reset_api_key: { asked: 1, failed: 1 } } },
		},
	};

	test('one row per day and action, by name, then the day’s (no match) row, oldest day first', () => {
		expect(insightRows(record, 2, NOW)).toEqual([
			{ date: '2026-05-13', action: 'order_status', asked: 1, completed: 1, cancelled: 0, failed: 0, handedOff: 0, noMatch: 0, stoppedAt: {} },
			{ date: '2026-05-13', action: 'unsubscribe', asked: 3, completed: 1, cancelled: 1, failed: 0, handedOff: 0, noMatch: 0, stoppedAt: { list: 2, email: 1 }, topStop: 'list' },
			{ date: '2026-05-13', action: '(no match)', asked: 0, completed: 0, cancelled: 0, failed: 0, handedOff: 0, noMatch: 2, stoppedAt: {} },
			{ date: TODAY, action: 'reset_api_key', asked: 1, completed: 0, cancelled: 0, failed: 1, handedOff: 0, noMatch: 0, stoppedAt: {} },
			{ date: TODAY, action: '(no match)', asked: 0, completed: 0, cancelled: 0, failed: 0, handedOff: 0, noMatch: 0, stoppedAt: {} },
		]);
	});

	test('every day of the period shows, counted or not, and the period is at most the 90 days kept', () => {
		expect(insightRows(undefined, 3, NOW).map((row) => [row.date, row.action])).toEqual([
			['2026-05-12', '(no match)'],
			['2026-05-13', '(no match)'],
			[TODAY, '(no match)'],
		]);
		expect(insightRows(undefined, 365, NOW)).toHaveLength(90);
	});
});

describe('recording in the state store', () => {
	let store: MemoryStateStore;
	beforeEach(() => (store = new MemoryStateStore({ sweepIntervalMs: 0 })));
	afterEach(() => store.close());

	test('counts add up in the workflow’s record, apart from other workflows', async () => {
		expect(await recordRoutedTurn(store, 'wf1', ask('unsubscribe', 'email'), NOW)).toBe(true);
		expect(await recordRoutedTurn(store, 'wf1', ran('unsubscribe', { action: 'unsubscribe', field: 'email' }), NOW)).toBe(true);
		expect(await recordCounts(store, 'wf1', answeredTurnCounts(answered('unsubscribe')), NOW)).toBe(true);
		expect(await recordRoutedTurn(store, 'wf2', ran('order_status'), NOW)).toBe(true);
		expect((await readInsight(store, 'wf1', NOW))?.days[TODAY]).toEqual({ actions: { unsubscribe: { asked: 1, completed: 1 } } });
		expect((await readInsight(store, 'wf2', NOW))?.days[TODAY]).toEqual({ actions: { order_status: { asked: 1 } } });
	});

	test('a turn that counts nothing writes nothing', async () => {
		expect(await recordRoutedTurn(store, 'wf1', routed({ outcome: 'noMatch', reason: 'small_talk' }), NOW)).toBe(false);
		expect(await store.get(insightRecordKey('wf1'))).toBeUndefined();
		expect(await readInsight(store, 'wf1')).toBeUndefined();
	});

	test('a store that fails loses the count, says why, and never throws', async () => {
		const failing = { update: () => Promise.reject(new Error('Redis at 127.0.0.1:6379 is unavailable')) } as unknown as StateStore;
		const warnings: string[] = [];
		expect(await recordRoutedTurn(failing, 'wf1', ran('order_status'), NOW, (message) => warnings.push(message))).toBe(false);
		expect(warnings).toEqual(['Insight could not be counted: Redis at 127.0.0.1:6379 is unavailable']);
	});

	test('turns counted at once in one workflow lose none of each other’s counts', async () => {
		await Promise.all(Array.from({ length: 25 }, () => recordRoutedTurn(store, 'wf1', ran('order_status'), NOW)));
		expect((await readInsight(store, 'wf1', NOW))?.days[TODAY].actions?.order_status.asked).toBe(25);
	});
});

describe('the Insight page', () => {
	const record: InsightRecord = {
		days: {
			'2026-05-13': { noMatch: 4, actions: { '<script>alert(1)</script>': { asked: 5, completed: 2, stoppedAt: { '<img src=x onerror=alert(2)>': 3 } } } },
			[TODAY]: { actions: { order_status: { asked: 2, completed: 1, failed: 1 }, '(none)': { handedOff: 1 } } },
		},
	};
	const page = insightPage(record, { title: 'Help desk <b>insight</b>', days: 14, today: NOW });

	test('an action or field named like markup is shown as text', () => {
		expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
		expect(page).toContain('&#60;img src=x onerror=alert(2)&#62;');
		expect(page).toContain('Help desk &#60;b&#62;insight&#60;/b&#62;');
		expect(page).not.toMatch(/<script|<img|<b>insight/i);
	});

	test('it shows the totals of the period, the per-day line and where visitors stop', () => {
		expect(page).toContain('2026-05-01 to 2026-05-14 (UTC)');
		expect(page).toMatch(/<b>7<\/b><span>Asked<\/span>.*<b>3<\/b><span>Completed<\/span>.*<b>1<\/b><span>Failed<\/span>.*<b>4<\/b><span>No Match<\/span>/s);
		expect(page).toContain('<title>2026-05-13: asked 5</title>');
		expect(page).toContain('order_status: failed 1');
		expect(page).toContain('handoff, no action');
		expect(page).toContain('&#60;img src=x onerror=alert(2)&#62;: 3');
	});

	test('with nothing counted it says so', () => {
		const empty = insightPage(undefined, { title: 'Insight', days: 7, today: NOW });
		expect(empty).toContain('No action was asked for in this period.');
		expect(empty).toContain('No collection stopped at a question in this period.');
	});

	test('its headers allow its own style block and nothing else: no script, no outside asset, no framing, no cache', () => {
		const headers = insightPageHeaders();
		const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1];
		const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
		expect(headers['Content-Security-Policy']).toBe(`default-src 'none'; style-src ${hash}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
		expect(headers).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' });
		// No style attribute (the policy would refuse it), no event handler, no outside address.
		const plain = insightPage(record, { title: 'Insight', days: 14, today: NOW }).replace(/&#60;[^]*?&#62;/g, '');
		expect(plain).not.toMatch(/\sstyle=|\son\w+=|https?:\/\//);
	});
});
