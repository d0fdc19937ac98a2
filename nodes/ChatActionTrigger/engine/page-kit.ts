/**
 * What the trigger's pages share (the test chat page, the owner's Review and Insight pages):
 * escaping, their security headers (a policy that runs only their own inline script and style,
 * by hash), and the part of their script that signs in: with Bearer or Header Auth a small
 * "key" box kept in the tab's sessionStorage, sent in the credential's header with each request;
 * with Basic Auth the browser does it itself (the page was served after its login prompt).
 */
import { createHash } from 'node:crypto';

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** How a page proves itself on its requests: as the trigger's Verification says. */
export type PageAuth = 'none' | 'basic' | 'bearer' | 'header';

/** The sign-in settings a page carries in its body's data attributes (no inline values in its script, whose hash is fixed). */
export interface PageAccess {
	auth: PageAuth;
	/** Header Auth: the credential's header name (a name, not the secret). */
	keyHeader?: string;
}

/** The body's data attributes that tell the page script how to sign in. */
export function accessAttributes(access: PageAccess): string {
	return `data-auth="${escapeHtml(access.auth)}" data-key-header="${escapeHtml(access.keyHeader ?? '')}"`;
}

/** The key box (Bearer or Header Auth only): typed once per tab. */
export function keyBox(access: PageAccess): string {
	if (access.auth !== 'bearer' && access.auth !== 'header') return '';
	const what = access.auth === 'bearer' ? 'the Bearer token' : `the ${escapeHtml(access.keyHeader ?? 'API key')} key`;
	return `<label class="key">Key <input id="key" type="password" autocomplete="off" placeholder="${what}" aria-label="Key: ${what}"></label>`;
}

/**
 * Defines `authHeaders()` and `postJson(body)` for the page script after it. The key stays in
 * this tab (sessionStorage, per URL path), never in the page or a cookie.
 */
export const AUTH_SCRIPT = String.raw`
const pageConfig = document.body.dataset;
const keyStorage = 'chat-actions-key:' + location.pathname;
const keyInput = document.getElementById('key');
if (keyInput) {
  keyInput.value = sessionStorage.getItem(keyStorage) || '';
  keyInput.addEventListener('input', () => sessionStorage.setItem(keyStorage, keyInput.value.trim()));
}
function authHeaders() {
  const key = keyInput ? keyInput.value.trim() : '';
  if (!key) return {};
  if (pageConfig.auth === 'bearer') return { Authorization: 'Bearer ' + key };
  if (pageConfig.auth === 'header' && pageConfig.keyHeader) return { [pageConfig.keyHeader]: key };
  return {};
}
async function postJson(body) {
  const response = await fetch(location.pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if ((response.status === 401 || response.status === 403) && keyInput) keyInput.classList.add('wanted');
  else if (keyInput) keyInput.classList.remove('wanted');
  return { response, data };
}
const errorText = (data, response) => (data.error && data.error.message) || data.message || ('HTTP ' + response.status);
`;

export const AUTH_STYLE = `
  .key { font-size: 12px; display: inline-flex; align-items: center; gap: 4px; }
  .key input { font: inherit; width: 11em; padding: 2px 6px; border-radius: 4px; border: 1px solid #c7d2fe; }
  .key input.wanted { outline: 2px solid #f59e0b; }
`;

export interface PageHeaderOptions {
	script: string;
	style: string;
	/** Origins that may frame the page; the owner's pages give none (not even the trigger's allowed origins). */
	frameAncestors: string[];
}

/**
 * A page's own headers: it runs only its own script and style, talks only to its own URL, is
 * framed only by `frameAncestors`, and its type is not sniffed.
 */
export function pageHeaders({ script, style, frameAncestors }: PageHeaderOptions): Record<string, string> {
	return {
		'Content-Security-Policy': [
			"default-src 'none'",
			`script-src ${sha256(script)}`,
			`style-src ${sha256(style)}`,
			"connect-src 'self'",
			"img-src 'self' data:",
			`frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
			"base-uri 'none'",
			"form-action 'none'",
		].join('; '),
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'no-referrer',
		'Cache-Control': 'no-store',
		// Older browsers read only this; it cannot list origins, so it is sent when none are allowed.
		...(frameAncestors.length === 0 ? { 'X-Frame-Options': 'DENY' } : frameAncestors.length === 1 && frameAncestors[0] === "'self'" ? { 'X-Frame-Options': 'SAMEORIGIN' } : {}),
	};
}
