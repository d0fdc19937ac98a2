/**
 * A local stand-in for a user's own API (CRM, mailing list, order system) on loopback:
 * records every request exactly as received and answers from a script.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export interface ScriptedAnswer {
	status?: number;
	headers?: Record<string, string>;
	/** An object is sent as JSON; a string or a Buffer as it is. */
	body?: unknown;
	/** Wait this long before answering. */
	delayMs?: number;
	/** Drop the connection without answering. */
	reset?: boolean;
}

export type Responder = (request: ReceivedRequest) => ScriptedAnswer | Promise<ScriptedAnswer>;

export class ApiServer {
	readonly received: ReceivedRequest[] = [];
	private server?: Server;
	private responder: Responder = () => ({ status: 200, body: { ok: true } });
	private queue: ScriptedAnswer[] = [];

	get url(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	/** Answers every request with this (after any queued answers are used up). */
	respond(responder: Responder | ScriptedAnswer): void {
		this.responder = typeof responder === 'function' ? responder : () => responder;
	}

	/** Answers the next requests with these, in order. */
	enqueue(...answers: ScriptedAnswer[]): void {
		this.queue.push(...answers);
	}

	reset(): void {
		this.received.length = 0;
		this.queue = [];
		this.respond({ status: 200, body: { ok: true } });
	}

	async start(): Promise<void> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const request: ReceivedRequest = {
			method: req.method ?? '',
			url: req.url ?? '',
			headers: req.headers,
			body: Buffer.concat(chunks).toString('utf8'),
		};
		this.received.push(request);
		const answer = this.queue.shift() ?? (await this.responder(request));
		if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
		if (answer.reset) {
			req.socket.destroy();
			return;
		}
		const isText = typeof answer.body === 'string';
		res.writeHead(answer.status ?? 200, {
			'content-type': isText ? 'text/plain' : 'application/json',
			...answer.headers,
		});
		const raw = answer.body === undefined ? '' : isText || Buffer.isBuffer(answer.body) ? (answer.body as string | Buffer) : JSON.stringify(answer.body);
		res.end(raw);
	}
}
