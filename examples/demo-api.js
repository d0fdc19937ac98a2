// The demo API the example flows call: a tiny CRM, mailing list, order system, campaign
// statistics, API-key and rate-limit service and support desk in plain Node (no dependencies), in memory, on 127.0.0.1.
//
//   node examples/demo-api.js            # port $DEMO_API_PORT (5681), token $DEMO_API_TOKEN (demo-token)
//   const { startDemoApi } = require('./examples/demo-api');   // tests and scripts/start.mjs
//
// Every request needs `Authorization: Bearer <token>`. POST requests honour `Idempotency-Key`:
// the same key gets the stored response again and has no second side effect.
//
// Messages are written for the visitor who asked and name their email address in full, as the
// chat already shows it (they typed it, and it was confirmed back to them). Masking belongs where
// others read: the log line below holds the method, path and status only.
'use strict';

const { createServer } = require('node:http');

const SEED_SUBSCRIPTIONS = {
	'ada@example.com': ['weekly', 'offers'],
	'grace@example.com': ['product news'],
};
const SEED_ORDERS = {
	12345: { order_number: '12345', status: 'shipped', eta: '2026-12-03' },
	23456: { order_number: '23456', status: 'being packed', eta: '2026-12-05' },
	34567: { order_number: '34567', status: 'delivered', eta: null },
};
// Sent campaigns and what their recipients did (examples/status-lookups.json).
const SEED_CAMPAIGNS = {
	1001: { campaign_id: '1001', name: 'Spring sale', sent: 12000, opened: 5400, clicked: 1320 },
	1002: { campaign_id: '1002', name: 'Product news, November', sent: 8000, opened: 2400, clicked: 400 },
};
// Accounts whose API calls are rate limited (examples/support.json). An enterprise account's
// limit is in its contract, so lifting it needs a person: the API refuses with 409.
const SEED_RATE_LIMITS = {
	'ada@example.com': { plan: 'pro' },
	'grace@example.com': { plan: 'enterprise' },
};
const LISTS = ['weekly', 'product news', 'offers'];
// Niches the affiliate programme pays well for (anything else scores on reach alone).
const NICHES = ['fitness', 'travel', 'tech', 'food'];
const MAX_BODY = 64 * 1024;

function json(status, body) {
	return { status, body };
}

/**
 * Starts the demo API. Resolves to
 * { url, port, close(), requests, sideEffects, reset() }:
 * `requests` lists every request received ({method, path, status, idempotencyKey, replayed, body}),
 * `sideEffects` every change made ({kind, ...}); a replayed Idempotency-Key adds none.
 */
function startDemoApi(options = {}) {
	const token = options.token ?? process.env.DEMO_API_TOKEN ?? 'demo-token';
	const port = options.port ?? Number(process.env.DEMO_API_PORT || 5681);
	const host = options.host ?? '127.0.0.1';
	const log = options.log === undefined ? (line) => console.log(line) : options.log || (() => {});

	const state = {
		subscriptions: {},
		rateLimits: {},
		handoffs: 0,
		leads: [],
		idempotent: new Map(), // key -> { fingerprint, status, body }
		requests: [],
		sideEffects: [],
	};
	const reset = () => {
		state.subscriptions = Object.fromEntries(Object.entries(SEED_SUBSCRIPTIONS).map(([k, v]) => [k, [...v]]));
		state.rateLimits = Object.fromEntries(Object.entries(SEED_RATE_LIMITS).map(([k, v]) => [k, { ...v }]));
		state.handoffs = 0;
		state.leads = [];
		state.idempotent.clear();
		state.requests.length = 0;
		state.sideEffects.length = 0;
	};
	reset();

	const routes = (method, path, query, body) => {
		if (method === 'POST' && path === '/leads') {
			const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
			if (!email.includes('@')) return json(422, { message: 'A lead needs an email address.' });
			const text = `${body.message ?? ''} ${body.company ?? ''}`.toLowerCase();
			let score = 20;
			const tags = ['lead'];
			if (body.company) (score += 30), tags.push('b2b');
			if (/pricing|price|quote|demo|buy/.test(text)) (score += 30), tags.push('hot');
			if (body.phone) score += 10;
			// Affiliate sign-ups (examples/lead-capture.json): reach and niche decide the score.
			const audience = Number(body.audience);
			if (body.audience !== undefined && Number.isFinite(audience)) {
				if (audience >= 10000) (score += 50), tags.push('influencer');
				else if (audience >= 1000) (score += 30), tags.push('content site');
				else tags.push('beginner');
			}
			const niche = typeof body.niche === 'string' ? body.niche.trim().toLowerCase() : '';
			if (NICHES.includes(niche)) (score += 20), tags.push(niche);
			const extra = Object.fromEntries(
				Object.entries({ name: body.name, audience: body.audience, niche: body.niche || undefined, conversationId: body.conversationId }).filter(
					([, value]) => value !== undefined,
				),
			);
			const lead = { id: `lead_${String(state.leads.length + 1).padStart(4, '0')}`, email, ...extra, score: Math.min(score, 100), tags };
			state.leads.push(lead);
			state.sideEffects.push({ kind: 'lead', ...lead });
			return json(201, { data: lead });
		}
		if (method === 'GET' && path === '/subscriptions') {
			const email = String(query.get('email') ?? '').trim().toLowerCase();
			if (!email) return json(400, { message: 'Which email address? Send ?email=' });
			const lists = state.subscriptions[email] ?? [];
			return json(200, { data: { email, lists, summary: lists.length ? lists.join(', ') : 'no lists' } });
		}
		if (method === 'POST' && path === '/subscriptions/unsubscribe') {
			const email = String(body.email ?? '').trim().toLowerCase();
			const list = String(body.list ?? '').trim().toLowerCase();
			if (!email || !LISTS.includes(list)) return json(422, { message: `Send an email and one of the lists: ${LISTS.join(', ')}.` });
			const lists = state.subscriptions[email] ?? [];
			if (!lists.includes(list)) return json(200, { message: `${email} was not on the ${list} list, so nothing changed.` });
			state.subscriptions[email] = lists.filter((l) => l !== list);
			state.sideEffects.push({ kind: 'unsubscribe', email, list });
			return json(200, { message: `Done: ${email} is off the ${list} list.` });
		}
		if (method === 'POST' && path === '/subscriptions/resubscribe') {
			// Re-opt-in: a confirmation email (double opt-in); the list is joined from its link.
			const email = String(body.email ?? '').trim().toLowerCase();
			const list = String(body.list ?? '').trim().toLowerCase();
			if (!email.includes('@') || !LISTS.includes(list)) return json(422, { message: `Send an email and one of the lists: ${LISTS.join(', ')}.` });
			if ((state.subscriptions[email] ?? []).includes(list)) return json(200, { message: `${email} is already on the ${list} list, so there is nothing to confirm.` });
			state.sideEffects.push({ kind: 'confirmation_email', email, list });
			return json(200, { message: `We sent a confirmation email to ${email}: click its link to be back on the ${list} list.` });
		}
		const campaign = /^\/campaigns\/([^/]+)\/stats$/.exec(path);
		if (method === 'GET' && campaign) {
			const id = decodeURIComponent(campaign[1]);
			const found = SEED_CAMPAIGNS[id];
			if (!found) return json(404, { message: `We could not find campaign ${id}.` });
			const rate = (count) => Math.round((count / found.sent) * 1000) / 10;
			return json(200, { data: { ...found, open_rate: rate(found.opened), click_rate: rate(found.clicked) } });
		}
		if (method === 'POST' && path === '/rate-limits/lift') {
			const email = String(body.email ?? '').trim().toLowerCase();
			if (!email.includes('@')) return json(422, { message: 'Which account? Send its email address.' });
			const limited = state.rateLimits[email];
			if (!limited) return json(200, { message: `${email} is not rate limited, so there is nothing to lift.` });
			if (limited.plan === 'enterprise') {
				return json(409, { message: `The limit of ${email} is set by its enterprise contract: only a person on our team can change it.` });
			}
			delete state.rateLimits[email];
			state.sideEffects.push({ kind: 'rate_limit_lifted', email });
			return json(200, { message: `Done: the rate limit on ${email} is lifted. Your requests go through again within a minute.` });
		}
		if (method === 'POST' && path === '/handoffs') {
			// A support desk's inbox: a person picks the conversation up with what the bot saw and did.
			const conversationId = typeof body.conversationId === 'string' ? body.conversationId : '';
			if (!conversationId || !Array.isArray(body.thread) || !Array.isArray(body.actionsTaken)) {
				return json(422, { message: 'A handoff needs a conversationId, the thread and the actions taken.' });
			}
			const ticket = `H-${String(++state.handoffs).padStart(4, '0')}`;
			state.sideEffects.push({ ...body, kind: 'handoff', ticket });
			return json(201, { data: { ticket, queue: 'support' } });
		}
		if (method === 'POST' && path === '/handoffs/messages') {
			// What the visitor writes while a person holds the conversation: added to its latest ticket.
			const conversationId = typeof body.conversationId === 'string' ? body.conversationId : '';
			const handoff = state.sideEffects.findLast((effect) => effect.kind === 'handoff' && effect.conversationId === conversationId);
			if (!handoff) return json(404, { message: `No ticket is open for conversation ${conversationId || '(none given)'}.` });
			if (typeof body.text !== 'string' || body.text.trim() === '') return json(422, { message: 'A ticket message needs its "text".' });
			state.sideEffects.push({ kind: 'handoff_message', ticket: handoff.ticket, conversationId, text: body.text });
			return json(201, { data: { ticket: handoff.ticket } });
		}
		const order = /^\/orders\/([^/]+)$/.exec(path);
		if (method === 'GET' && order) {
			const id = decodeURIComponent(order[1]);
			const found = SEED_ORDERS[id];
			return found ? json(200, { data: found }) : json(404, { message: `We could not find order ${id}.` });
		}
		if (method === 'POST' && path === '/api-keys/reset') {
			const email = String(body.email ?? '').trim().toLowerCase();
			if (!email.includes('@')) return json(422, { message: 'Which account? Send its email address.' });
			state.sideEffects.push({ kind: 'api_key_reset', email });
			return json(200, { message: `A new API key is on its way to ${email}.` });
		}
		return json(404, { message: `No such endpoint: ${method} ${path}` });
	};

	const server = createServer((req, res) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY) chunks.push(chunk);
		});
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://demo');
			const method = req.method ?? 'GET';
			const idempotencyKey = req.headers['idempotency-key'];
			const entry = { method, path: url.pathname, status: 0, idempotencyKey: idempotencyKey ?? null, replayed: false, body: null };
			const send = (answer, extraHeaders = {}) => {
				entry.status = answer.status;
				state.requests.push(entry);
				log(`[demo-api] ${method} ${url.pathname} ${answer.status}${entry.replayed ? ' (idempotent replay)' : ''}`);
				res.writeHead(answer.status, { 'content-type': 'application/json', ...extraHeaders });
				res.end(JSON.stringify(answer.body));
			};
			if (req.headers.authorization !== `Bearer ${token}`) {
				return send(json(401, { message: 'Missing or wrong bearer token.' }), { 'www-authenticate': 'Bearer' });
			}
			if (size > MAX_BODY) return send(json(413, { message: 'Body too large.' }));
			let body = {};
			const raw = Buffer.concat(chunks).toString('utf8');
			if (raw) {
				try {
					body = JSON.parse(raw);
				} catch {
					return send(json(400, { message: 'The body is not valid JSON.' }));
				}
				if (!body || typeof body !== 'object' || Array.isArray(body)) return send(json(400, { message: 'Send a JSON object.' }));
				entry.body = body;
			}
			if (method === 'POST' && typeof idempotencyKey === 'string' && idempotencyKey) {
				const fingerprint = `${url.pathname}\n${raw}`;
				const stored = state.idempotent.get(idempotencyKey);
				if (stored) {
					if (stored.fingerprint !== fingerprint) {
						return send(json(422, { message: 'This Idempotency-Key was already used for another request.' }));
					}
					entry.replayed = true;
					return send({ status: stored.status, body: stored.body }, { 'idempotent-replayed': 'true' });
				}
				const answer = routes(method, url.pathname, url.searchParams, body);
				if (answer.status < 500) state.idempotent.set(idempotencyKey, { fingerprint, ...answer });
				return send(answer);
			}
			return send(routes(method, url.pathname, url.searchParams, body));
		});
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			const actualPort = server.address().port;
			resolve({
				url: `http://${host}:${actualPort}`,
				port: actualPort,
				requests: state.requests,
				sideEffects: state.sideEffects,
				reset,
				close: () =>
					new Promise((done) => {
						server.close(() => done());
						server.closeAllConnections?.();
					}),
			});
		});
	});
}

module.exports = { startDemoApi };

if (require.main === module) {
	startDemoApi()
		.then((api) => {
			console.log(`[demo-api] listening on ${api.url} (token from DEMO_API_TOKEN, default "demo-token")`);
			const stop = () => api.close().then(() => process.exit(0));
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
		})
		.catch((error) => {
			console.error(`[demo-api] could not start: ${error.message}`);
			process.exit(1);
		});
}
