/**
 * A local, scripted OpenAI-compatible model server on loopback, for n8n's own OpenAI Chat
 * Model node (`@n8n/n8n-nodes-langchain.lmChatOpenAi`) pointed at it through n8n's `openAiApi`
 * credential (Base URL `<server>/v1`). It records every request as received and answers each
 * from a script, in the shape the request asks for:
 *
 * - `POST /v1/chat/completions` (Chat Completions; the node with *Use Responses API* off, and
 *   every version before 1.3): plain text, `tool_calls`, a forced function (`tools` +
 *   `tool_choice: {type: 'function', function: {name}}`, LangChain's `functionCalling`
 *   structured output), `response_format: {type: 'json_schema' | 'json_object'}` (its
 *   `jsonSchema` / `jsonMode` structured output), `refusal`; with `stream: true` as
 *   server-sent events (`chat.completion.chunk`, `data: [DONE]`).
 * - `POST /v1/responses` (Responses API, the node's default from version 1.3): `output_text`,
 *   `function_call` items, `text.format: {type: 'json_schema'}`, `refusal`; with
 *   `stream: true` as its typed events.
 * - `GET /v1/models` (the credential test and the node's model list).
 *
 * A scripted answer is one of: structured JSON (sent as the forced tool call when the request
 * forces one, else as the message text), text, tool calls, a refusal, raw text as it is (say,
 * invalid JSON), an HTTP error, a delay, or a dropped connection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A parsed request body: arbitrary JSON from LangChain's OpenAI client, read field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export type OpenAiApi = 'chat.completions' | 'responses' | 'models' | 'unknown';

/** One message as the model received it, whichever API carried it. */
export interface ReceivedMessage {
	role: string;
	/** The text of the message (parts joined); tool results included. */
	content: string;
	toolCalls?: Array<{ name: string; arguments: string; id: string }>;
	toolCallId?: string;
}

export interface ModelRequest {
	api: OpenAiApi;
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	/** The body as sent. */
	raw: string;
	/** The body parsed (undefined for a GET). */
	body: Record<string, Json> | undefined;
	model?: string;
	stream: boolean;
	messages: ReceivedMessage[];
	/** Tools offered: name, description and parameters (JSON schema). */
	tools: Array<{ name: string; description?: string; parameters?: Record<string, Json> }>;
	/** The function the request forces (LangChain's functionCalling structured output). */
	forcedTool?: string;
	/** How structured output was asked for: a forced tool, a JSON schema response format, or JSON mode. */
	structured?: { shape: 'tool' | 'json_schema' | 'json_object'; name?: string; schema?: Record<string, Json> };
}

export type ModelAnswer =
	/** Structured output: the forced tool call's arguments, or the message text as JSON. */
	| { json: unknown; delayMs?: number }
	| { text: string; delayMs?: number }
	| { toolCalls: Array<{ name: string; arguments: unknown }>; text?: string; delayMs?: number }
	| { refusal: string; delayMs?: number }
	/** The message text exactly as given, even where JSON is expected. */
	| { raw: string; delayMs?: number }
	| { status: number; body?: unknown; delayMs?: number }
	/** Accept and never answer within the test (until the server stops). */
	| { hang: true }
	| { reset: true };

export type ModelScript = (request: ModelRequest) => ModelAnswer | Promise<ModelAnswer>;

const MODEL_IDS = ['gpt-4o-mini', 'gpt-4'];

function text(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? part?.refusal ?? ''))).join('');
	return content == null ? '' : JSON.stringify(content);
}

function chatMessages(body: Record<string, Json>): ReceivedMessage[] {
	return (Array.isArray(body.messages) ? body.messages : []).map((message: Json) => ({
		role: String(message.role),
		content: text(message.content),
		...(Array.isArray(message.tool_calls)
			? { toolCalls: message.tool_calls.map((call: Json) => ({ id: call.id, name: call.function?.name, arguments: call.function?.arguments })) }
			: {}),
		...(message.tool_call_id ? { toolCallId: message.tool_call_id } : {}),
	}));
}

function responsesMessages(body: Record<string, Json>): ReceivedMessage[] {
	const messages: ReceivedMessage[] = [];
	if (typeof body.instructions === 'string') messages.push({ role: 'system', content: body.instructions });
	const input = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
	for (const item of input) {
		if (item.type === 'function_call') {
			messages.push({ role: 'assistant', content: '', toolCalls: [{ id: item.call_id, name: item.name, arguments: item.arguments }] });
		} else if (item.type === 'function_call_output') {
			messages.push({ role: 'tool', content: text(item.output), toolCallId: item.call_id });
		} else {
			messages.push({ role: String(item.role), content: text(item.content) });
		}
	}
	return messages;
}

function parse(api: OpenAiApi, method: string, path: string, headers: IncomingMessage['headers'], raw: string): ModelRequest {
	let body: Record<string, Json> | undefined;
	try {
		body = raw ? (JSON.parse(raw) as Record<string, Json>) : undefined;
	} catch {
		body = undefined;
	}
	const request: ModelRequest = { api, method, path, headers, raw, body, model: body?.model, stream: body?.stream === true, messages: [], tools: [] };
	if (!body) return request;
	if (api === 'chat.completions') {
		request.messages = chatMessages(body);
		request.tools = (body.tools ?? []).map((tool: Json) => ({ name: tool.function?.name, description: tool.function?.description, parameters: tool.function?.parameters }));
		request.forcedTool = body.tool_choice?.function?.name;
		const format = body.response_format;
		if (request.forcedTool) {
			const tool = request.tools.find((candidate) => candidate.name === request.forcedTool);
			request.structured = { shape: 'tool', name: request.forcedTool, schema: tool?.parameters };
		} else if (format?.type === 'json_schema') {
			request.structured = { shape: 'json_schema', name: format.json_schema?.name, schema: format.json_schema?.schema };
		} else if (format?.type === 'json_object') {
			request.structured = { shape: 'json_object' };
		}
	} else if (api === 'responses') {
		request.messages = responsesMessages(body);
		request.tools = (body.tools ?? []).filter((tool: Json) => tool.type === 'function').map((tool: Json) => ({ name: tool.name, description: tool.description, parameters: tool.parameters }));
		request.forcedTool = body.tool_choice?.name;
		const format = body.text?.format;
		if (request.forcedTool) {
			const tool = request.tools.find((candidate) => candidate.name === request.forcedTool);
			request.structured = { shape: 'tool', name: request.forcedTool, schema: tool?.parameters };
		} else if (format?.type === 'json_schema') {
			request.structured = { shape: 'json_schema', name: format.name, schema: format.schema };
		} else if (format?.type === 'json_object') {
			request.structured = { shape: 'json_object' };
		}
	}
	return request;
}

let counter = 0;
const id = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(++counter).toString(36)}`;
const argumentsText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** What the answer says, independent of the API: text, tool calls, refusal. */
function contentOf(request: ModelRequest, answer: ModelAnswer): { text: string | null; toolCalls: Array<{ id: string; name: string; arguments: string }>; refusal?: string } {
	if ('json' in answer) {
		if (request.forcedTool) return { text: null, toolCalls: [{ id: id('call'), name: request.forcedTool, arguments: JSON.stringify(answer.json) }] };
		return { text: JSON.stringify(answer.json), toolCalls: [] };
	}
	if ('toolCalls' in answer) return { text: answer.text ?? null, toolCalls: answer.toolCalls.map((call) => ({ id: id('call'), name: call.name, arguments: argumentsText(call.arguments) })) };
	if ('refusal' in answer) return { text: null, toolCalls: [], refusal: answer.refusal };
	if ('raw' in answer) return { text: answer.raw, toolCalls: [] };
	if ('text' in answer) return { text: answer.text, toolCalls: [] };
	return { text: '', toolCalls: [] };
}

const USAGE = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };

function chatCompletion(request: ModelRequest, answer: ModelAnswer) {
	const { text: content, toolCalls, refusal } = contentOf(request, answer);
	const message = {
		role: 'assistant',
		content,
		refusal: refusal ?? null,
		...(toolCalls.length ? { tool_calls: toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) } : {}),
	};
	return {
		id: id('chatcmpl'),
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: request.model ?? MODEL_IDS[0],
		choices: [{ index: 0, message, logprobs: null, finish_reason: toolCalls.length ? 'tool_calls' : 'stop' }],
		usage: USAGE,
	};
}

function chatCompletionChunks(request: ModelRequest, answer: ModelAnswer): unknown[] {
	const { text: content, toolCalls, refusal } = contentOf(request, answer);
	const base = { id: id('chatcmpl'), object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: request.model ?? MODEL_IDS[0] };
	const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) => ({
		...base,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
		...extra,
	});
	const chunks: unknown[] = [chunk({ role: 'assistant', content: '' })];
	if (refusal) chunks.push(chunk({ refusal }));
	if (content) chunks.push(chunk({ content }));
	toolCalls.forEach((call, index) =>
		chunks.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }] })),
	);
	chunks.push(chunk({}, toolCalls.length ? 'tool_calls' : 'stop'));
	chunks.push({ ...base, choices: [], usage: USAGE });
	return chunks;
}

function response(request: ModelRequest, answer: ModelAnswer) {
	const { text: content, toolCalls, refusal } = contentOf(request, answer);
	const output: unknown[] = [];
	if (content !== null || refusal) {
		output.push({
			type: 'message',
			id: id('msg'),
			status: 'completed',
			role: 'assistant',
			content: refusal ? [{ type: 'refusal', refusal }] : [{ type: 'output_text', text: content, annotations: [] }],
		});
	}
	for (const call of toolCalls) output.push({ type: 'function_call', id: id('fc'), call_id: call.id, name: call.name, arguments: call.arguments, status: 'completed' });
	return {
		id: id('resp'),
		object: 'response',
		created_at: Math.floor(Date.now() / 1000),
		status: 'completed',
		error: null,
		incomplete_details: null,
		model: request.model ?? MODEL_IDS[0],
		output,
		parallel_tool_calls: true,
		tool_choice: request.body?.tool_choice ?? 'auto',
		tools: request.body?.tools ?? [],
		text: request.body?.text ?? { format: { type: 'text' } },
		usage: { input_tokens: 10, output_tokens: 10, total_tokens: 20, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
	};
}

/** The Responses API's stream: created, the output items, completed. */
function responseEvents(request: ModelRequest, answer: ModelAnswer): unknown[] {
	const done = response(request, answer);
	const events: unknown[] = [{ type: 'response.created', response: { ...done, status: 'in_progress', output: [] } }];
	(done.output as Array<Record<string, Json>>).forEach((item, output_index) => {
		events.push({ type: 'response.output_item.added', output_index, item: { ...item, ...(item.type === 'message' ? { content: [] } : { arguments: '' }) } });
		if (item.type === 'message' && item.content[0]?.type === 'output_text') {
			events.push({ type: 'response.output_text.delta', item_id: item.id, output_index, content_index: 0, delta: item.content[0].text });
		}
		if (item.type === 'function_call') events.push({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index, delta: item.arguments });
		events.push({ type: 'response.output_item.done', output_index, item });
	});
	events.push({ type: 'response.completed', response: done });
	return events;
}

export class OpenAiServer {
	readonly received: ModelRequest[] = [];
	private server?: Server;
	private script: ModelScript = () => ({ text: 'OK' });
	private queue: ModelAnswer[] = [];
	private hanging = new Set<ServerResponse>();

	/** The base URL to put in n8n's OpenAI credential (`…/v1`). */
	get url(): string {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
	}

	/** Model requests only (chat completions and responses), in order. */
	get calls(): ModelRequest[] {
		return this.received.filter((request) => request.api === 'chat.completions' || request.api === 'responses');
	}

	/** Answers every model request with this (after queued answers are used up). */
	respond(script: ModelScript | ModelAnswer): void {
		this.script = typeof script === 'function' ? script : () => script;
	}

	/** Answers the next model requests with these, in order. */
	enqueue(...answers: ModelAnswer[]): void {
		this.queue.push(...answers);
	}

	reset(): void {
		this.received.length = 0;
		this.queue = [];
		this.respond({ text: 'OK' });
	}

	async start(): Promise<void> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
	}

	async stop(): Promise<void> {
		for (const res of this.hanging) res.destroy();
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const path = (req.url ?? '').split('?')[0];
		const api: OpenAiApi = path.endsWith('/chat/completions')
			? 'chat.completions'
			: path.endsWith('/responses')
				? 'responses'
				: path.endsWith('/models')
					? 'models'
					: 'unknown';
		const request = parse(api, req.method ?? '', path, req.headers, Buffer.concat(chunks).toString('utf8'));
		this.received.push(request);
		const json = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (api === 'models') {
			json(200, { object: 'list', data: MODEL_IDS.map((model) => ({ id: model, object: 'model', created: 1700000000, owned_by: 'local-test' })) });
			return;
		}
		if (api === 'unknown' || req.method !== 'POST') {
			json(404, { error: { message: `No route ${req.method} ${path}`, type: 'invalid_request_error' } });
			return;
		}
		let answer: ModelAnswer;
		try {
			answer = this.queue.shift() ?? (await this.script(request));
		} catch (error) {
			answer = { status: 500, body: { error: { message: `script failed: ${(error as Error).message}`, type: 'server_error' } } };
		}
		if ('hang' in answer) {
			this.hanging.add(res);
			res.on('close', () => this.hanging.delete(res));
			return;
		}
		if ('reset' in answer) {
			req.socket.destroy();
			return;
		}
		if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
		if ('status' in answer) {
			json(answer.status, answer.body ?? { error: { message: `scripted ${answer.status}`, type: 'server_error' } });
			return;
		}
		if (request.stream) {
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			if (api === 'chat.completions') {
				for (const chunk of chatCompletionChunks(request, answer)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
				res.end('data: [DONE]\n\n');
			} else {
				for (const event of responseEvents(request, answer)) res.write(`event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`);
				res.end();
			}
			return;
		}
		json(200, api === 'chat.completions' ? chatCompletion(request, answer) : response(request, answer));
	}
}
