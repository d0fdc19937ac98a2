/**
 * The flow owner's Review page (GET ?page=review): the messages the Action Router was unsure
 * about (its Keep a Review List option), newest first, each with why it is there and the
 * router's top three; the owner assigns one to an action or "not an action", dismisses it,
 * undoes an assignment, adopts one whose clash check found changes, or saves its conversation
 * as a story file. The page holds no data: it asks the trigger's URL with authenticated POSTs
 * (`{"owner": {"op": …}}`) and builds everything with textContent, so a message stays text.
 */
import { AUTH_SCRIPT, AUTH_STYLE, accessAttributes, escapeHtml, keyBox, type PageAccess, pageHeaders } from './page-kit';

const REVIEW_SCRIPT = String.raw`
const list = document.getElementById('items');
const status = document.getElementById('status');
const REASONS = {
  no_match: 'No Match: no action scored above the threshold',
  clarify: 'The router asked which of two actions was meant',
  switch: 'The visitor switched to another request while one was being collected',
  cancelled_after_routing: 'The visitor cancelled right after the router chose an action',
  reask_cap: 'The visitor could not give a field the router asked for (re-ask cap)',
  model_disagrees: 'Hybrid: the chat model disagreed with the embedded model',
};
const STATUS = { open: 'open', assigned: 'checking', adopted: 'learned', clash: 'would change decisions', dismissed: 'dismissed' };
let actions = [];
let notAnAction = '(not an action)';
let pollTimer;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
function labelOf(name) {
  if (name === notAnAction) return 'Not an action';
  if (name === 'no match' || name === null || name === undefined) return 'No Match';
  const known = actions.find((action) => action.name === name);
  return known && known.label ? known.label + ' (' + name + ')' : name;
}
function button(text, onClick, className) {
  const b = el('button', className || '', text);
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}
function say(text, isError) {
  status.textContent = text;
  status.className = isError ? 'error' : '';
}

async function owner(request) {
  const { response, data } = await postJson({ owner: request });
  if (!response.ok) throw new Error(errorText(data, response));
  return data;
}
async function act(request, done) {
  try {
    await owner(request);
    say(done);
    if (request.op === 'assign') status.dataset.checking = 'yes';
    await load();
  } catch (error) {
    say(error.message, true);
  }
}
async function saveStory(item) {
  try {
    const data = await owner({ op: 'story', id: item.id });
    const blob = new Blob([JSON.stringify(data.story, null, 2) + '\n'], { type: 'application/json' });
    const link = el('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'reviewed-' + item.id.slice(0, 8) + '.story.json';
    document.body.appendChild(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    say('Saved the conversation as a story file.');
  } catch (error) {
    say(error.message, true);
  }
}

function chooser(item) {
  const select = el('select');
  select.setAttribute('aria-label', 'Action for this message');
  for (const action of actions) {
    const option = el('option', '', labelOf(action.name));
    option.value = action.name;
    select.append(option);
  }
  const none = el('option', '', 'Not an action');
  none.value = notAnAction;
  select.append(none);
  if (item.assigned) select.value = item.assigned;
  else if (item.ranking && item.ranking[0]) select.value = item.ranking[0].action;
  return select;
}

function card(item) {
  const article = el('article', 'item status-' + item.status);
  article.dataset.id = item.id;
  const top = el('div', 'top');
  top.append(el('span', 'when', new Date(item.at).toLocaleString()), el('span', 'badge', STATUS[item.status] || item.status));
  if (item.language) top.append(el('span', 'lang', item.language));
  article.append(top, el('p', 'message', item.message), el('p', 'reason', REASONS[item.reason] || item.reason));
  if (item.ranking && item.ranking.length) {
    const ranking = el('p', 'ranking', "Router's top 3: ");
    ranking.append(item.ranking.slice(0, 3).map((entry) => labelOf(entry.action) + ' ' + Number(entry.score).toFixed(2)).join(' · '));
    article.append(ranking);
  }
  if (item.decided) article.append(el('p', 'decided', 'Sent to: ' + labelOf(item.decided)));
  const controls = el('div', 'controls');
  if (item.status === 'open' || item.status === 'dismissed') {
    const select = chooser(item);
    controls.append(select, button('Assign', () => act({ op: 'assign', id: item.id, action: select.value }, 'Assigned: the router checks it now.'), 'primary'));
    if (item.status === 'open') controls.append(button('Dismiss', () => act({ op: 'dismiss', id: item.id }, 'Dismissed.')));
  } else {
    const note = {
      assigned: 'Assigned to ' + labelOf(item.assigned) + ': the router is checking it against its past decisions and stories…',
      adopted: 'Learned: an example of ' + labelOf(item.assigned) + '.',
      clash: 'Assigned to ' + labelOf(item.assigned) + ', not learned yet: it would change these decisions.',
    }[item.status];
    if (note) article.append(el('p', 'note', note));
    if (item.status === 'clash') {
      const changes = el('ul', 'changes');
      for (const change of item.changes || []) {
        const where = change.source === 'story' ? ' (story ' + (change.story || '') + ')' : '';
        changes.append(el('li', '', "Would change: '" + change.message + "' from " + labelOf(change.before) + ' to ' + labelOf(change.after) + where));
      }
      article.append(changes);
      controls.append(button('Adopt anyway', () => act({ op: 'assign', id: item.id, action: item.assigned, force: true }, 'Adopting anyway: the router checks it now.'), 'primary'));
    }
    if (item.status === 'adopted' || item.status === 'clash' || item.status === 'assigned') controls.append(button('Undo', () => act({ op: 'undo', id: item.id }, 'Undone: the message is open again.')));
    if (item.status === 'adopted' || item.status === 'clash') controls.append(button('Save as story', () => saveStory(item)));
  }
  article.append(controls);
  return article;
}

async function load() {
  clearTimeout(pollTimer);
  try {
    const data = await owner({ op: 'list' });
    actions = data.actions || [];
    notAnAction = data.notAnAction || notAnAction;
    document.getElementById('router').textContent = data.router ? 'kept by ' + data.router : '';
    list.replaceChildren(...(data.items || []).map(card));
    if (!(data.items || []).length) list.append(el('p', 'empty', 'Nothing to review. The Action Router keeps the messages it was unsure about here when its "Keep a Review List" option is on and it keeps its Conversation State where this trigger does.'));
    if ((data.items || []).some((item) => item.status === 'assigned')) pollTimer = setTimeout(load, 2000);
    else if (status.dataset.checking) { delete status.dataset.checking; say('Checked: the router has answered every assignment.'); }
  } catch (error) {
    say(error.message, true);
  }
}
document.getElementById('refresh').addEventListener('click', () => { say(''); load(); });
if (keyInput) keyInput.addEventListener('change', () => load());
load();
`;

const REVIEW_STYLE = `
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; background: #f4f4f8; color: #1f2937; }
  header { padding: 12px 16px; background: #4f46e5; color: #fff; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
  header h1 { font-size: 17px; margin: 0; flex: 1; }
  header a { color: #fff; font-size: 12px; }
  header small { font-size: 12px; opacity: .85; }
  main { max-width: 760px; margin: 0 auto; padding: 12px 16px; }
  #status { min-height: 1.4em; margin: 0 0 4px; color: #065f46; }
  #status.error { color: #b91c1c; }
  .item { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 10px 14px; margin: 10px 0; }
  .item.status-dismissed { opacity: .6; }
  .item.status-clash { border-color: #f59e0b; }
  .item.status-adopted { border-color: #10b981; }
  .top { display: flex; gap: 8px; font-size: 12px; color: #6b7280; }
  .badge { background: #eef2ff; color: #3730a3; border-radius: 999px; padding: 0 8px; }
  .status-clash .badge { background: #fef3c7; color: #92400e; }
  .status-adopted .badge { background: #d1fae5; color: #065f46; }
  .message { font-size: 16px; margin: 6px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  .reason, .ranking, .decided, .note { margin: 3px 0; color: #374151; }
  .changes { margin: 4px 0 4px 18px; padding: 0; color: #92400e; }
  .controls { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
  select, button { font: inherit; padding: 4px 10px; border-radius: 6px; border: 1px solid #d1d5db; background: #fff; cursor: pointer; }
  button.primary { background: #4f46e5; border-color: #4f46e5; color: #fff; }
  .empty { color: #6b7280; }
`;

const SCRIPT = AUTH_SCRIPT + REVIEW_SCRIPT;
const STYLE = AUTH_STYLE + REVIEW_STYLE;

/** The Review page's headers: its own script and style only, never framed (its buttons change what the router learns). */
export function reviewPageHeaders(): Record<string, string> {
	return pageHeaders({ script: SCRIPT, style: STYLE, frameAncestors: [] });
}

/** `testPage`: the trigger's Test Chat Page is on (linked from here). */
export function reviewPage({ title, access, testPage }: { title: string; access: PageAccess; testPage: boolean }): string {
	const safeTitle = escapeHtml(title);
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Review · ${safeTitle}</title>
<style>${STYLE}</style>
</head>
<body ${accessAttributes(access)}>
<header>
  <h1>Review · ${safeTitle} <small id="router"></small></h1>
  ${keyBox(access)}
  ${testPage ? '<a href="?">Test page</a> ' : ''}<a href="?page=insight">Insight</a>
  <button type="button" id="refresh">Refresh</button>
</header>
<main>
  <p id="status" role="status"></p>
  <div id="items" aria-live="polite"></div>
</main>
<script>${SCRIPT}</script>
</body>
</html>`;
}
