/**
 * The Insight page the trigger serves to the flow's owner (behind its authentication): one
 * self-contained HTML file, no script and no outside asset, the charts drawn as inline SVG. It
 * shows nothing but numbers and the flow's own action and field names, escaped as text.
 */
import { createHash } from 'node:crypto';

import { type InsightRecord, NO_ACTION, OUTCOME_COUNTERS, type OutcomeCounter, periodDates, readRecord, stops } from './insight';

interface ActionTotals extends Record<OutcomeCounter, number> {
	action: string;
	stoppedAt: Record<string, number>;
}

interface DayTotals {
	date: string;
	asked: number;
	completed: number;
	noMatch: number;
}

/** The period's counts: per action (stops added over the days, then only positive kept), per day, and No Match. */
function insightSummary(record: InsightRecord | undefined, days: number, today: Date) {
	const kept = readRecord(record, today);
	const dates = periodDates(days, today);
	const actions = new Map<string, ActionTotals>();
	const perDay: DayTotals[] = [];
	for (const date of dates) {
		const day = kept.days[date] ?? {};
		const totals: DayTotals = { date, asked: 0, completed: 0, noMatch: day.noMatch ?? 0 };
		for (const [name, counts] of Object.entries(day.actions ?? {})) {
			const action = actions.get(name) ?? { action: name, asked: 0, completed: 0, cancelled: 0, failed: 0, handedOff: 0, stoppedAt: {} };
			for (const counter of OUTCOME_COUNTERS) action[counter] += counts[counter] ?? 0;
			for (const [question, n] of Object.entries(counts.stoppedAt ?? {})) action.stoppedAt[question] = (action.stoppedAt[question] ?? 0) + n;
			actions.set(name, action);
			totals.asked += counts.asked ?? 0;
			totals.completed += counts.completed ?? 0;
		}
		perDay.push(totals);
	}
	const byAction = [...actions.values()]
		.map((action) => ({ ...action, stoppedAt: stops(action.stoppedAt).stoppedAt }))
		.filter((action) => OUTCOME_COUNTERS.some((counter) => action[counter] > 0) || Object.keys(action.stoppedAt).length > 0)
		.sort((a, b) => b.asked - a.asked || b.handedOff - a.handedOff || (a.action < b.action ? -1 : 1));
	const stopList = byAction
		.flatMap(({ action, stoppedAt }) => Object.entries(stoppedAt).map(([question, n]) => ({ action, question, n })))
		.sort((a, b) => b.n - a.n || (`${a.action} ${a.question}` < `${b.action} ${b.question}` ? -1 : 1));
	return { dates, byAction, perDay, stops: stopList };
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Outcome colours, in the order the bars stack; the rest of what was asked is "did not finish". */
const SEGMENTS: Array<{ counter: OutcomeCounter | 'open'; label: string; colour: string }> = [
	{ counter: 'completed', label: 'Completed', colour: '#16a34a' },
	{ counter: 'failed', label: 'Failed', colour: '#dc2626' },
	{ counter: 'handedOff', label: 'Handed off', colour: '#f59e0b' },
	{ counter: 'cancelled', label: 'Cancelled', colour: '#64748b' },
	{ counter: 'open', label: 'Did not finish', colour: '#cbd5e1' },
];

const LABEL_WIDTH = 190;
const CHART_WIDTH = 820;
const BAR_HEIGHT = 22;
const ROW_HEIGHT = 34;

function legend(): string {
	return `<p class="legend">${SEGMENTS.map((segment) => `<span><i class="sw-${segment.counter}"></i>${segment.label}</span>`).join('')}</p>`;
}

/** Per action over the period: one bar as long as what was asked, split by what became of it. */
function actionBars(byAction: ReturnType<typeof insightSummary>['byAction']): string {
	if (byAction.length === 0) return '<p class="empty">No action was asked for in this period.</p>';
	const widthOf = (action: ActionTotals) => Math.max(action.asked, action.completed + action.failed + action.handedOff + action.cancelled);
	const most = Math.max(1, ...byAction.map(widthOf));
	const scale = (CHART_WIDTH - LABEL_WIDTH - 110) / most;
	const rows = byAction.map((action, index) => {
		const y = index * ROW_HEIGHT + 6;
		const open = Math.max(0, action.asked - (action.completed + action.failed + action.handedOff + action.cancelled));
		let x = LABEL_WIDTH;
		const parts = SEGMENTS.map(({ counter, label, colour }) => {
			const n = counter === 'open' ? open : action[counter];
			if (n <= 0) return '';
			const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${(n * scale).toFixed(1)}" height="${BAR_HEIGHT}" fill="${colour}"><title>${escapeHtml(action.action)}: ${label.toLowerCase()} ${n}</title></rect>`;
			x += n * scale;
			return rect;
		});
		const name = action.action === NO_ACTION ? 'handoff, no action' : action.action;
		const figure = action.asked > 0 || action.handedOff === 0 ? `${action.asked} asked` : `${action.handedOff} handed off`;
		return `<text x="${LABEL_WIDTH - 10}" y="${y + 16}" text-anchor="end" class="name">${escapeHtml(name)}</text>${parts.join('')}<text x="${(x + 8).toFixed(1)}" y="${y + 16}" class="num">${figure}</text>`;
	});
	const height = byAction.length * ROW_HEIGHT + 8;
	return `<svg viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" role="img" aria-label="Outcomes per action">${rows.join('')}</svg>${legend()}`;
}

/** The axis' top: the next 1, 2 or 5 times a power of ten, so that its halves are round too. */
function roundUp(n: number): number {
	const power = 10 ** Math.floor(Math.log10(n));
	return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= n)!;
}

const LINES: Array<{ key: 'asked' | 'completed' | 'noMatch'; label: string; colour: string; dashed?: boolean }> = [
	{ key: 'asked', label: 'Asked', colour: '#4f46e5' },
	{ key: 'completed', label: 'Completed', colour: '#16a34a' },
	{ key: 'noMatch', label: 'No Match', colour: '#94a3b8', dashed: true },
];

/** Per day: asked and completed (all actions), and the No Match turns. */
function dayLines(perDay: DayTotals[]): string {
	const left = 40;
	const top = 12;
	const plotWidth = CHART_WIDTH - left - 20;
	const plotHeight = 180;
	const most = roundUp(Math.max(1, ...perDay.flatMap((day) => [day.asked, day.completed, day.noMatch])));
	const step = perDay.length > 1 ? plotWidth / (perDay.length - 1) : 0;
	const xOf = (index: number) => left + (perDay.length > 1 ? index * step : plotWidth / 2);
	const yOf = (n: number) => top + plotHeight - (n / most) * plotHeight;
	const grid = [0, 0.5, 1].map((share) => {
		const value = Math.round(most * share);
		return `<line x1="${left}" x2="${left + plotWidth}" y1="${yOf(value).toFixed(1)}" y2="${yOf(value).toFixed(1)}" class="grid"/><text x="${left - 6}" y="${(yOf(value) + 4).toFixed(1)}" text-anchor="end" class="axis">${value}</text>`;
	});
	const every = Math.max(1, Math.ceil(perDay.length / 10));
	// Counted back from today, so that today is always named and no two dates crowd.
	const ticks = perDay.map((day, index) =>
		(perDay.length - 1 - index) % every === 0 ? `<text x="${xOf(index).toFixed(1)}" y="${top + plotHeight + 18}" text-anchor="middle" class="axis">${day.date.slice(5)}</text>` : '',
	);
	const lines = LINES.map(({ key, label, colour, dashed }) => {
		const points = perDay.map((day, index) => `${xOf(index).toFixed(1)},${yOf(day[key]).toFixed(1)}`).join(' ');
		const dots = perDay.map((day, index) => `<circle cx="${xOf(index).toFixed(1)}" cy="${yOf(day[key]).toFixed(1)}" r="3" fill="${colour}"><title>${day.date}: ${label.toLowerCase()} ${day[key]}</title></circle>`);
		return `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2"${dashed ? ' stroke-dasharray="5 4"' : ''}/>${dots.join('')}`;
	});
	const key = LINES.map(({ key: name, label }) => `<span><i class="ln-${name}"></i>${label}</span>`).join('');
	const height = top + plotHeight + 28;
	return `<svg viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" role="img" aria-label="Asked and completed per day">${grid.join('')}${ticks.join('')}${lines.join('')}</svg><p class="legend">${key}</p>`;
}

/** The questions most collections stopped at, longest bar first. */
function stopBars(list: ReturnType<typeof insightSummary>['stops']): string {
	if (list.length === 0) return '<p class="empty">No collection stopped at a question in this period.</p>';
	const shown = list.slice(0, 8);
	const scale = (CHART_WIDTH - LABEL_WIDTH * 1.6 - 60) / Math.max(1, shown[0].n);
	const labelWidth = LABEL_WIDTH * 1.6;
	const rows = shown.map(({ action, question, n }, index) => {
		const y = index * ROW_HEIGHT + 6;
		const width = (n * scale).toFixed(1);
		return `<text x="${labelWidth - 10}" y="${y + 16}" text-anchor="end" class="name">${escapeHtml(action)} › ${escapeHtml(question)}</text><rect x="${labelWidth}" y="${y}" width="${width}" height="${BAR_HEIGHT}" fill="#fb923c"><title>${escapeHtml(action)} › ${escapeHtml(question)}: ${n}</title></rect><text x="${(labelWidth + n * scale + 8).toFixed(1)}" y="${y + 16}" class="num">${n}</text>`;
	});
	const height = shown.length * ROW_HEIGHT + 8;
	return `<svg viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" role="img" aria-label="Where visitors stop">${rows.join('')}</svg>`;
}

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f6f7fb; color: #111827; }
  main { max-width: 880px; margin: 0 auto; padding: 24px 28px 40px; }
  h1 { font-size: 22px; margin: 0; }
  h1 .label { font-size: 11px; font-weight: 600; letter-spacing: .06em; background: #eef2ff; color: #3730a3; border-radius: 4px; padding: 2px 6px; margin-left: 10px; vertical-align: middle; }
  .sub { color: #6b7280; margin: 4px 0 18px; }
  section { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 16px 20px; margin-bottom: 16px; }
  h2 { font-size: 15px; margin: 0 0 4px; }
  .hint { color: #6b7280; margin: 0 0 12px; font-size: 13px; }
  .tiles { display: grid; grid-template-columns: repeat(6, 1fr); gap: 10px; margin-bottom: 16px; }
  .tile { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 10px 12px; }
  .tile b { display: block; font-size: 22px; }
  .tile span { color: #6b7280; font-size: 12px; }
  svg { display: block; max-width: 100%; height: auto; }
  svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: #374151; }
  svg text.num, svg text.axis { fill: #6b7280; }
  line.grid { stroke: #e5e7eb; }
  .legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 10px 0 0; color: #4b5563; font-size: 12px; }
  .legend i { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 5px; vertical-align: -1px; }
  .legend i[class^="ln-"] { height: 3px; vertical-align: 3px; }
  ${SEGMENTS.map((segment) => `.sw-${segment.counter} { background: ${segment.colour}; }`).join('\n  ')}
  ${LINES.map((line) => `.ln-${line.key} { background: ${line.colour}; }`).join('\n  ')}
  .empty { color: #6b7280; margin: 0; }
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The page's own headers: its one style block and nothing else runs or loads (no script at
 * all), it is framed by nobody, never cached (the owner's figures), and its type is not sniffed.
 */
export function insightPageHeaders(): Record<string, string> {
	return {
		'Content-Type': 'text/html; charset=utf-8',
		'Content-Security-Policy': ["default-src 'none'", `style-src ${sha256(STYLE)}`, "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"].join('; '),
		'X-Content-Type-Options': 'nosniff',
		'X-Frame-Options': 'DENY',
		'Referrer-Policy': 'no-referrer',
		'Cache-Control': 'no-store',
	};
}

export interface InsightPageOptions {
	title: string;
	/** How many days back, today included (at most the days kept). */
	days: number;
	today: Date;
}

/** The Insight page for the last `days` days (UTC) of the record. */
export function insightPage(record: InsightRecord | undefined, { title, days, today }: InsightPageOptions): string {
	const summary = insightSummary(record, days, today);
	const total = (counter: OutcomeCounter) => summary.byAction.reduce((sum, action) => sum + action[counter], 0);
	const noMatch = summary.perDay.reduce((sum, day) => sum + day.noMatch, 0);
	const tiles: Array<[string, number]> = [
		['Asked', total('asked')],
		['Completed', total('completed')],
		['Failed', total('failed')],
		['Cancelled', total('cancelled')],
		['Handed off', total('handedOff')],
		['No Match', noMatch],
	];
	const safeTitle = escapeHtml(title);
	const from = summary.dates[0];
	const to = summary.dates[summary.dates.length - 1];
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${safeTitle}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <h1>${safeTitle}<span class="label">INSIGHT</span></h1>
  <p class="sub">The last ${summary.dates.length} ${summary.dates.length === 1 ? 'day' : 'days'}, ${from} to ${to} (UTC). Counts only: no message, value or visitor is kept.</p>
  <div class="tiles">${tiles.map(([label, n]) => `<div class="tile"><b>${n}</b><span>${label}</span></div>`).join('')}</div>
  <section>
    <h2>What became of each action</h2>
    <p class="hint">Each bar is as long as the action was asked for; "did not finish" is what was neither completed, failed, handed off nor cancelled (left unanswered, or switched to another request).</p>
    ${actionBars(summary.byAction)}
  </section>
  <section>
    <h2>Per day</h2>
    <p class="hint">Actions asked for and completed, all actions together, and the requests the flow has no action for.</p>
    ${dayLines(summary.perDay)}
  </section>
  <section>
    <h2>Where visitors stop</h2>
    <p class="hint">The last question of the collections that never ran: the field asked, or the confirmation.</p>
    ${stopBars(summary.stops)}
  </section>
</main>
</body>
</html>`;
}
