/**
 * The test chat page a trigger serves on GET when enabled: one self-contained HTML file
 * (no external assets) that posts the native chat-turn JSON to the same URL, shows replies,
 * buttons and links, and keeps its conversation id across reloads. With Show Why on, a Why
 * toggle asks the flow for each reply's explanation (why-panel.ts); behind Bearer or Header
 * Auth the page asks for the key once per tab (page-kit.ts).
 */
import { AUTH_SCRIPT, AUTH_STYLE, accessAttributes, escapeHtml, keyBox, type PageAccess, pageHeaders } from './page-kit';
import { WHY_SCRIPT, WHY_STYLE } from './why-panel';

const CHAT_SCRIPT = String.raw`
const log = document.getElementById('log');
const form = document.getElementById('form');
const input = document.getElementById('input');
const storageKey = 'chat-actions:' + location.pathname;
// Unguessable ids (getRandomValues works on plain http too, unlike randomUUID): the conversation
// is bound to the visitor id, and neither can be guessed from the other.
const randomId = (prefix) => prefix + Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
let saved = {};
try { saved = JSON.parse(localStorage.getItem(storageKey) || '{}') || {}; } catch (error) { saved = {}; }
if (!saved.conversationId || !saved.visitorId) {
  saved = { conversationId: randomId('conv_'), visitorId: randomId('visitor_') };
  localStorage.setItem(storageKey, JSON.stringify(saved));
}
const { conversationId, visitorId } = saved;
document.getElementById('conversation').textContent = conversationId;

function bubble(who, text) {
  const div = document.createElement('div');
  div.className = 'msg ' + who;
  div.textContent = text;
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
  return div;
}

const whyToggle = document.getElementById('why-toggle');
const whyStorage = 'chat-actions-why:' + location.pathname;
if (whyToggle) {
  // Off until the owner turns it on in this tab.
  whyToggle.checked = sessionStorage.getItem(whyStorage) === 'on';
  const apply = () => { document.body.classList.toggle('why-on', whyToggle.checked); sessionStorage.setItem(whyStorage, whyToggle.checked ? 'on' : 'off'); };
  whyToggle.addEventListener('change', apply);
  apply();
}

function render(reply) {
  const div = bubble('bot', reply.message || (reply.handoff ? '(a person has this conversation: the bot stays silent)' : '(no reply message)'));
  if (reply.handoff) div.classList.add('handoff');
  const actions = document.createElement('div');
  actions.className = 'actions';
  for (const button of reply.buttons || []) {
    const b = document.createElement(button.url ? 'a' : 'button');
    b.textContent = button.label;
    if (button.url) { b.href = button.url; b.target = '_blank'; b.rel = 'noopener'; }
    else b.addEventListener('click', () => send(
      // A button without an action id is a quick reply: its label is the visitor's message.
      button.actionId ? { event: 'button', actionId: button.actionId, message: button.label } : { event: 'message', message: button.label },
      button.label));
    actions.appendChild(b);
  }
  for (const link of reply.links || []) {
    const a = document.createElement('a');
    a.textContent = link.label; a.href = link.url; a.target = '_blank'; a.rel = 'noopener';
    actions.appendChild(a);
  }
  if (actions.childElementCount) div.appendChild(actions);
  if (reply.why && typeof reply.why === 'object') { log.appendChild(whyPanel(reply.why)); log.scrollTop = log.scrollHeight; }
}

async function send(extra, shown) {
  bubble('visitor', shown);
  const pending = bubble('bot pending', '…');
  try {
    const why = whyToggle && whyToggle.checked ? { showWhy: true } : {};
    const { response, data } = await postJson({ conversationId, chatbotId: 'playground', visitor: { id: visitorId }, ...extra, ...why });
    pending.remove();
    if (!response.ok) bubble('bot error', errorText(data, response));
    else render(data);
  } catch (error) {
    pending.remove();
    bubble('bot error', 'Could not reach the flow: ' + error.message);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  send({ event: 'message', message: text }, text);
});
document.getElementById('reset').addEventListener('click', () => {
  localStorage.removeItem(storageKey);
  location.reload();
});
`;

const SCRIPT = AUTH_SCRIPT + WHY_SCRIPT + CHAT_SCRIPT;

const STYLE = AUTH_STYLE + WHY_STYLE + `
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; background: #f4f4f8; color: #1f2937; }
  main { max-width: 640px; margin: 0 auto; height: 100vh; display: flex; flex-direction: column; }
  header { padding: 12px 16px; background: #4f46e5; color: #fff; }
  header h1 { font-size: 17px; margin: 0; }
  .label { font-size: 12px; background: #fde047; color: #1e1b4b; border-radius: 4px; padding: 1px 6px; margin-left: 6px; }
  header small { display: block; opacity: .85; font-size: 12px; margin-top: 2px; }
  .tools { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin-top: 6px; font-size: 12px; }
  .tools a { color: #fff; }
  #log { flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column; gap: 8px; }
  .msg { max-width: 80%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; }
  .visitor { align-self: flex-end; background: #4f46e5; color: #fff; }
  .bot { align-self: flex-start; background: #fff; border: 1px solid #e5e7eb; }
  .bot.error { border-color: #ef4444; color: #b91c1c; }
  .bot.handoff { border-left: 4px solid #f59e0b; }
  .pending { opacity: .6; }
  .actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
  .actions button, .actions a { font: inherit; font-size: 13px; padding: 4px 10px; border-radius: 999px; border: 1px solid #4f46e5; background: #eef2ff; color: #3730a3; cursor: pointer; text-decoration: none; }
  form { display: flex; gap: 8px; padding: 12px 16px; background: #fff; border-top: 1px solid #e5e7eb; }
  #input { flex: 1; font: inherit; padding: 8px 10px; border: 1px solid #d1d5db; border-radius: 8px; }
  form button { font: inherit; padding: 8px 14px; border: 0; border-radius: 8px; background: #4f46e5; color: #fff; cursor: pointer; }
  #reset { background: #e5e7eb; color: #374151; }
`;

/** Whether the page offers the Why panel: on, off, or on but not behind the trigger's authentication (a note says what to set). */
export type WhyPanel = 'off' | 'on' | 'needs-auth';

export interface PlaygroundOptions {
	title: string;
	/** How the page signs its requests (the trigger's Verification); none by default. */
	access?: PageAccess;
	why?: WhyPanel;
	/** A note in place of the Why toggle, when `why` is 'needs-auth'. */
	whyNote?: string;
	/** Links to the owner's Review and Insight pages. */
	ownerPages?: boolean;
}

/**
 * The page's own headers: it runs only its own script and style, talks only to its own URL, is
 * framed only by this n8n and the trigger's allowed origins (none for '*' or empty: a test page
 * is not for embedding), and its type is not sniffed.
 */
export function playgroundHeaders(allowedOrigins: string[]): Record<string, string> {
	const ancestors = ["'self'", ...allowedOrigins.filter((origin) => /^https?:\/\/[^\s;,'"]+$/.test(origin))];
	return pageHeaders({ script: SCRIPT, style: STYLE, frameAncestors: ancestors });
}

function tools(options: PlaygroundOptions): string {
	const parts = [keyBox(options.access ?? { auth: 'none' })];
	if (options.why === 'on') parts.push('<label class="why-toggle"><input type="checkbox" id="why-toggle"> Why</label>');
	if (options.why === 'needs-auth') parts.push(`<span class="why-note">${escapeHtml(options.whyNote ?? '')}</span>`);
	if (options.ownerPages) parts.push('<a href="?page=review">Review</a> <a href="?page=insight">Insight</a>');
	const shown = parts.filter(Boolean);
	return shown.length > 0 ? `\n    <div class="tools">${shown.join(' ')}</div>` : '';
}

export function playgroundPage(options: PlaygroundOptions): string {
	const safeTitle = escapeHtml(options.title);
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safeTitle}</title>
<style>${STYLE}</style>
</head>
<body ${accessAttributes(options.access ?? { auth: 'none' })}>
<main>
  <header>
    <h1>${safeTitle}<span class="label">TEST PAGE</span></h1>
    <small>Talks to this n8n flow. Conversation <span id="conversation"></span></small>${tools(options)}
  </header>
  <div id="log" aria-live="polite"></div>
  <form id="form">
    <input id="input" autocomplete="off" placeholder="Type a message…" aria-label="Message">
    <button type="submit" id="send">Send</button>
    <button type="button" id="reset" title="Start a new conversation">New</button>
  </form>
</main>
<script>${SCRIPT}</script>
</body>
</html>`;
}
