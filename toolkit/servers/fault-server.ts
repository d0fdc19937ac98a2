/**
 * A local API on loopback that misbehaves on purpose, attempt by attempt: timeouts, slow and
 * stalled bodies, 5xx, 429 with Retry-After, connection resets, oversize and non-JSON bodies.
 *
 * It applies a side effect ("creates an order") the way a careful API does: once per
 * Idempotency-Key. A request whose key already completed is answered with the stored response
 * and changes nothing. Effects are counted per key and per turn, so a test can show that
 * retries never applied anything twice.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
	/** Applies the effect, answers 201 JSON. */
	| { kind: 'ok' }
	/** Answers this status (500, 502, 503...) without applying anything. */
	| { kind: 'status'; status: number }
	/** 429 with this Retry-After (seconds), nothing applied. */
	| { kind: 'retry-after'; seconds: number }
	/** Drops the connection without a response; `commit` applies the effect first. */
	| { kind: 'reset'; commit?: boolean }
	/** Never answers (until the client gives up); `commit` applies the effect first. */
	| { kind: 'hang'; commit?: boolean }
	/** Applies, sends the headers, then the body in `chunks` pieces `chunkMs` apart (padded with JSON whitespace). */
	| { kind: 'slow-body'; chunks: number; chunkMs: number }
	/** Applies, sends the headers and half the body, then nothing more. */
	| { kind: 'stall-body' }
	/** Applies, answers 200 with a JSON body of about `bytes` bytes. */
	| { kind: 'oversize'; bytes: number }
	/** Applies, answers 200 with a body that is not JSON (`contentType` says what it claims to be). */
	| { kind: 'not-json'; contentType: string; body: string };

export interface FaultRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
	scenario: string;
	attempt: number;
	idempotencyKey?: string;
	receivedAt: number;
	/** What the server did. */
	fault: Fault['kind'];
	/** Answered from an earlier completion of the same Idempotency-Key. */
	replayed: boolean;
}

interface Completion {
	status: number;
	body: string;
}

export class FaultServer {
	readonly requests: FaultRequest[] = [];
	/** Idempotency-Key (or `turn:<id>` for requests without one) → times the effect was applied. */
	readonly effectsByKey = new Map<string, number>();
	/** Turn id (the body's `conversation`) → times the effect was applied. */
	readonly effectsByTurn = new Map<string, number>();
	private readonly plans = new Map<string, Fault[]>();
	private readonly attempts = new Map<string, number>();
	private readonly completed = new Map<string, Completion>();
	private readonly sockets = new Set<Socket>();
	private server?: Server;

	/** `scenarioOf` names the plan a request follows; default: its X-Scenario header. */
	constructor(private readonly scenarioOf: (request: IncomingMessage) => string = (request) => String(request.headers['x-scenario'] ?? 'default')) {}

	get url(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	/** Attempt n of `scenario` gets faults[n]; once they are used up, the last one repeats. */
	plan(scenario: string, faults: Fault[]): void {
		this.plans.set(scenario, faults);
		this.attempts.set(scenario, 0);
	}

	requestsOf(scenario: string): FaultRequest[] {
		return this.requests.filter((request) => request.scenario === scenario);
	}

	async start(): Promise<void> {
		this.server = createServer((req, res) => void this.handle(req, res));
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private apply(key: string | undefined, turn: string, completion: Completion): void {
		const effectKey = key ?? `turn:${turn}`;
		this.effectsByKey.set(effectKey, (this.effectsByKey.get(effectKey) ?? 0) + 1);
		this.effectsByTurn.set(turn, (this.effectsByTurn.get(turn) ?? 0) + 1);
		if (key) this.completed.set(key, completion);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks).toString('utf8');
		const scenario = this.scenarioOf(req);
		const attempt = this.attempts.get(scenario) ?? 0;
		this.attempts.set(scenario, attempt + 1);
		const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
		const record: FaultRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, scenario, attempt, idempotencyKey: key, receivedAt: Date.now(), fault: 'ok', replayed: false };
		this.requests.push(record);

		// A completed key is answered as it was the first time: the effect is not applied again.
		const earlier = key ? this.completed.get(key) : undefined;
		if (earlier) {
			record.replayed = true;
			res.writeHead(earlier.status, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
			res.end(earlier.body);
			return;
		}

		const faults = this.plans.get(scenario) ?? [{ kind: 'ok' }];
		const fault = faults[Math.min(attempt, faults.length - 1)];
		record.fault = fault.kind;
		const turn = turnOf(body) ?? scenario;
		const okBody = JSON.stringify({ data: { order: `order-${scenario}`, attempt: attempt + 1 } });
		// GET and other requests without a key change nothing: no effect to count.
		const commit = (completion: Completion) => {
			if (req.method !== 'GET') this.apply(key, turn, completion);
		};

		switch (fault.kind) {
			case 'ok':
				commit({ status: 201, body: okBody });
				res.writeHead(201, { 'content-type': 'application/json' });
				res.end(okBody);
				return;
			case 'status':
				res.writeHead(fault.status, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: `scripted ${fault.status}` }));
				return;
			case 'retry-after':
				res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(fault.seconds) });
				res.end(JSON.stringify({ error: 'slow down' }));
				return;
			case 'reset':
				if (fault.commit) commit({ status: 201, body: okBody });
				req.socket.destroy();
				return;
			case 'hang':
				if (fault.commit) commit({ status: 201, body: okBody });
				return; // the socket stays open until the client aborts or stop()
			case 'slow-body': {
				commit({ status: 201, body: okBody });
				res.writeHead(201, { 'content-type': 'application/json' });
				// Trailing spaces keep it valid JSON and make room for one piece per chunk.
				const padded = okBody.padEnd(Math.max(okBody.length, fault.chunks), ' ');
				const size = Math.ceil(padded.length / fault.chunks);
				for (let offset = 0; offset < padded.length && !res.destroyed; offset += size) {
					res.write(padded.slice(offset, offset + size));
					await new Promise((resolve) => setTimeout(resolve, fault.chunkMs));
				}
				res.end();
				return;
			}
			case 'stall-body':
				commit({ status: 201, body: okBody });
				res.writeHead(201, { 'content-type': 'application/json', 'content-length': String(okBody.length) });
				res.write(okBody.slice(0, okBody.length / 2));
				return;
			case 'oversize': {
				const padded = JSON.stringify({ data: { order: `order-${scenario}`, padding: 'x'.repeat(fault.bytes) } });
				commit({ status: 201, body: okBody });
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(padded);
				return;
			}
			case 'not-json':
				commit({ status: 201, body: okBody });
				res.writeHead(200, { 'content-type': fault.contentType });
				res.end(fault.body);
				return;
		}
	}
}

function turnOf(body: string): string | undefined {
	try {
		const parsed = JSON.parse(body) as { conversation?: unknown };
		return typeof parsed.conversation === 'string' ? parsed.conversation : undefined;
	} catch {
		return undefined;
	}
}
