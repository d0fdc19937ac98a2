/**
 * The flow owner's Insight page (GET ?page=insight): a frame that holds no data itself. It asks
 * the trigger's URL for the insight page of the chosen days with an authenticated POST
 * (`{"owner": {"op": "insight", "days": n}}`) and shows the answer (nodes/shared/insight-page.ts:
 * HTML and SVG, no script) in a sandboxed frame, so the figures never travel on a GET a browser
 * could cache or a link could carry. The Review page is review-page.ts.
 */
import { insightPageHeaders } from '../../shared/insight-page';
import { AUTH_SCRIPT, AUTH_STYLE, accessAttributes, escapeHtml, keyBox, type PageAccess, pageHeaders } from './page-kit';

/** The days the selector offers; the first is chosen when the page opens. */
export const INSIGHT_DAY_CHOICES = [14, 7, 30, 90] as const;

const INSIGHT_SCRIPT = String.raw`
const frame = document.getElementById('insight');
const days = document.getElementById('days');
const status = document.getElementById('status');
// The frame runs no script (its sandbox allows none); same origin only so its height can be read.
function fit() {
  try { frame.style.height = (frame.contentDocument.documentElement.scrollHeight + 8) + 'px'; } catch (error) { frame.style.height = '80vh'; }
}
frame.addEventListener('load', fit);
async function load() {
  status.textContent = 'Loading…';
  status.className = '';
  const { response, data } = await postJson({ owner: { op: 'insight', days: Number(days.value) } }).catch((error) => ({ response: { ok: false, status: 0 }, data: { message: error.message } }));
  if (!response.ok || typeof data.html !== 'string') {
    status.textContent = errorText(data, response);
    status.className = 'error';
    return;
  }
  status.textContent = '';
  frame.srcdoc = data.html;
}
days.addEventListener('change', load);
document.getElementById('refresh').addEventListener('click', load);
if (keyInput) keyInput.addEventListener('change', load);
load();
`;

const INSIGHT_STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; background: #f6f7fb; color: #1f2937; }
  header { padding: 12px 16px; background: #4f46e5; color: #fff; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
  header h1 { font-size: 17px; margin: 0; flex: 1; }
  header a { color: #fff; font-size: 12px; }
  header label { font-size: 12px; }
  select, button { font: inherit; font-size: 12px; padding: 2px 8px; border-radius: 4px; border: 1px solid #c7d2fe; }
  #status { margin: 8px 16px; min-height: 1.2em; }
  #status.error { color: #b91c1c; }
  iframe { display: block; width: 100%; height: 80vh; border: 0; }
`;

const SCRIPT = AUTH_SCRIPT + INSIGHT_SCRIPT;
const STYLE = AUTH_STYLE + INSIGHT_STYLE;

/** The insight page's own style hash, which its frame (a srcdoc document, under this page's policy) needs. */
function insightStyleSources(): string {
	const policy = insightPageHeaders()['Content-Security-Policy'];
	return /style-src ([^;]+)/.exec(policy)?.[1] ?? '';
}

/** The Insight frame's headers: its script and style, and the insight page's style; never framed. */
export function insightFrameHeaders(): Record<string, string> {
	const headers = pageHeaders({ script: SCRIPT, style: STYLE, frameAncestors: [] });
	const policy = headers['Content-Security-Policy'].replace(/style-src ([^;]+)/, (_all, own: string) => `style-src ${own} ${insightStyleSources()}`);
	return { ...headers, 'Content-Security-Policy': policy };
}

export function insightFramePage({ title, access, testPage }: { title: string; access: PageAccess; testPage: boolean }): string {
	const safeTitle = escapeHtml(title);
	const choices = INSIGHT_DAY_CHOICES.map((n) => `<option value="${n}">${n} days</option>`).join('');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Insight · ${safeTitle}</title>
<style>${STYLE}</style>
</head>
<body ${accessAttributes(access)}>
<header>
  <h1>Insight · ${safeTitle}</h1>
  ${keyBox(access)}
  <label>Show <select id="days" aria-label="Days shown">${choices}</select></label>
  ${testPage ? '<a href="?">Test page</a> ' : ''}<a href="?page=review">Review</a>
  <button type="button" id="refresh">Refresh</button>
</header>
<p id="status" role="status"></p>
<iframe id="insight" title="Insight" sandbox="allow-same-origin"></iframe>
<script>${SCRIPT}</script>
</body>
</html>`;
}
