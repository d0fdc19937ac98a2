// n8n's official chat widget, @n8n/chat, in a plain HTML page served from localhost, no bundler.
//
// Why `npm pack` and not a devDependency: the browser build in the tarball's dist/ is all the
// page needs (Vue is bundled in), but `npm install @n8n/chat` drags in @n8n/design-system,
// and on our registry 1.37.0's exact design-system version is missing while 1.36.x's tree
// ends up building isolated-vm, which needs Node 24. So the tarball alone is unpacked into a
// cache folder, once, like scripts/ensure-n8n.mjs does for n8n.
//
// dist/chat.bundle.es.js is NOT a single file: it imports sibling chunks with relative paths
// (./chunk-*.mjs, ./vue.runtime.esm-bundler-*.mjs, ./en-*.mjs, lazily ./node-icons-*.mjs),
// so serve the whole dist/ folder, with a JavaScript MIME type for .mjs (module scripts are
// refused otherwise), plus dist/style.css.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { extname, join, normalize } from 'node:path';

/** Latest 1.x on the registry when this was written (2026-11). */
export const N8N_CHAT_VERSION = '1.37.0';

/** Unpacks @n8n/chat@version into the cache once and returns its dist/ folder. */
export function ensureN8nChatDist(version = N8N_CHAT_VERSION): string {
	const cache = process.env.CHAT_ACTIONS_CACHE_DIR || join(homedir(), '.cache', 'n8n-nodes-chat-actions');
	const dir = join(cache, `n8n-chat-${version}`);
	if (existsSync(join(dir, '.complete'))) return join(dir, 'dist');
	const tmp = `${dir}.tmp`;
	rmSync(tmp, { recursive: true, force: true });
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(tmp, { recursive: true });
	execFileSync('npm', ['pack', `@n8n/chat@${version}`, '--silent'], { cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack @n8n/chat@${version} produced no tarball`);
	execFileSync('tar', ['-xzf', tarball], { cwd: tmp });
	renameSync(join(tmp, 'package'), dir);
	rmSync(tmp, { recursive: true, force: true });
	writeFileSync(join(dir, '.complete'), new Date().toISOString());
	return join(dir, 'dist');
}

/** createChat() options of @n8n/chat 1.37 (its README lists what each one does). */
export interface CreateChatOptions {
	webhookUrl: string;
	mode?: 'window' | 'fullscreen';
	webhookConfig?: { method?: 'GET' | 'POST'; headers?: Record<string, string> };
	chatInputKey?: string;
	chatSessionKey?: string;
	loadPreviousSession?: boolean;
	sessionId?: string;
	metadata?: Record<string, unknown>;
	initialMessages?: string[];
	showWelcomeScreen?: boolean;
	enableStreaming?: boolean;
	i18n?: Record<string, Record<string, string>>;
	[option: string]: unknown;
}

export interface ChatPage {
	url: string;
	close(): Promise<void>;
}

const MIME: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css' };

/**
 * Serves on 127.0.0.1 a page that mounts the widget with `options` (JSON only: no functions),
 * and the widget's files under /n8n-chat/. The widget's requests go to options.webhookUrl.
 */
export async function serveChatPage(options: CreateChatOptions, version = N8N_CHAT_VERSION): Promise<ChatPage> {
	const dist = ensureN8nChatDist(version);
	// Fullscreen mode fills its target, so the target needs a size.
	const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>chat</title>
<link rel="stylesheet" href="/n8n-chat/style.css">
<style>html, body, #n8n-chat { width: 100%; height: 100%; margin: 0; }</style>
</head><body><div id="n8n-chat"></div>
<script type="module">
import { createChat } from '/n8n-chat/chat.bundle.es.js';
createChat(${JSON.stringify(options).replace(/</g, '\\u003c')});
</script></body></html>`;

	const server: Server = createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://localhost').pathname;
		if (path === '/') {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			res.end(html);
			return;
		}
		const file = path.startsWith('/n8n-chat/') ? normalize(path.slice('/n8n-chat/'.length)) : '';
		if (file && !file.startsWith('..') && existsSync(join(dist, file))) {
			res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
			res.end(readFileSync(join(dist, file)));
			return;
		}
		res.writeHead(404);
		res.end();
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/`,
		close: () => new Promise<void>((done) => server.close(() => done())),
	};
}
