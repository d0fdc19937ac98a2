/**
 * n8n's AI Agent with HTTP Action as a tool, in a real n8n: n8n's Chat Trigger (embedded mode)
 * → AI Agent, with n8n's OpenAI Chat Model on the local model server (ai_languageModel) and
 * HTTP Action offered as `n8n-nodes-chat-actions.httpActionTool` (ai_tool), calling a local API.
 *
 * How the arguments reach the template: n8n builds the tool's input schema from the
 * `$fromAI(key, description, type)` calls it finds in the node's parameters, and runs the node
 * with the tool call's arguments as its one input item. In a Fixed-mode template HTTP Action
 * reads `{{ $fromAI('order_id', …) }}` as `{{order_id}}` (nodes/HttpAction/engine/tool.ts): the
 * argument, escaped for where it stands like any other value (README, "HTTP Action as an AI
 * Agent tool").
 */
import { ApiServer } from '../../toolkit/servers/api-server';
import { type ModelRequest, OpenAiServer } from '../../toolkit/servers/openai-server';
import { connectAi, OPENAI_API_KEY, openAiChatModel, openAiCredential } from './ai-workflows';
import { type N8nInstance, nodeOutput, packPackage, startN8n } from '../../toolkit/n8n/n8n-instance';
import { node, workflow } from '../../toolkit/n8n/workflows';

const WORKFLOW_ID = 'agentHttpTool001';
const CHAT_WEBHOOK_ID = '6a1f7c52-43d1-4b8e-9a0c-2f5e8d7b1c01';
/** The same flow with the Chat Trigger streaming the agent's answer (the model is then called with `stream: true`). */
const STREAMING_WORKFLOW_ID = 'agentHttpTool002';
const STREAMING_WEBHOOK_ID = '6a1f7c52-43d1-4b8e-9a0c-2f5e8d7b1c02';
const TOOL_NAME = 'Look_up_order';
const TOOL_DESCRIPTION = "Looks up an order in the shop's order system and says where it is. Call it once per order number the visitor gives.";

const model = new OpenAiServer();
const api = new ApiServer();
let n8n: N8nInstance;

function agentWorkflow(apiUrl: string, agentVersion: number, streaming = false) {
	const id = streaming ? STREAMING_WORKFLOW_ID : WORKFLOW_ID;
	const flow = workflow(
		id,
		`AI Agent with HTTP Action tool${streaming ? ' (streaming)' : ''}`,
		[
			node(id, 'When chat message received', '@n8n/n8n-nodes-langchain.chatTrigger', { public: true, mode: 'webhook', options: { responseMode: streaming ? 'streaming' : 'lastNode' } }, {
				typeVersion: streaming ? 1.3 : 1.1,
				webhookId: streaming ? STREAMING_WEBHOOK_ID : CHAT_WEBHOOK_ID,
			}),
			node(id, 'AI Agent', '@n8n/n8n-nodes-langchain.agent', { promptType: 'auto', options: { systemMessage: 'You help visitors of a shop. Use the tools.' } }, { typeVersion: agentVersion }),
			openAiChatModel(id, 'OpenAI Chat Model', { model: 'gpt-4o-mini' }),
			node(id, 'Look up order', 'httpActionTool', {
				toolDescription: TOOL_DESCRIPTION,
				authentication: 'none',
				method: 'POST',
				url: `${apiUrl}/orders/lookup`,
				bodyType: 'json',
				jsonBody:
					"{\"orderId\": \"{{ $fromAI('order_id', 'The order number the visitor gave', 'string') }}\", " +
					"\"note\": \"{{ $fromAI('note', 'Anything else the visitor said about the order', 'string') }}\", \"source\": \"agent\"}",
				replyTemplate: 'Order {{data.order}} is {{data.status}}.',
				options: { maxRetries: 0 },
			}),
		],
		[['When chat message received', 'AI Agent']],
	);
	connectAi(flow, 'OpenAI Chat Model', 'AI Agent', 'ai_languageModel');
	return connectAi(flow, 'Look up order', 'AI Agent', 'ai_tool');
}

beforeAll(async () => {
	await Promise.all([model.start(), api.start()]);
	api.respond((request) => {
		const body = JSON.parse(request.body) as { orderId: string };
		if (body.orderId === '999') return { status: 404, body: { message: 'We could not find order 999' } };
		return { status: 200, body: { data: { order: body.orderId, status: 'out for delivery' } } };
	});
	const line = process.env.N8N_LINE === '1' ? 1 : 2;
	n8n = await startN8n({
		workflows: [agentWorkflow(api.url, 3), agentWorkflow(api.url, 3, true)],
		credentials: [openAiCredential(model.url)],
		packageTarball: await packPackage(),
		readyWebhooks: [CHAT_WEBHOOK_ID, STREAMING_WEBHOOK_ID].map((id) => ({ path: `${id}/chat`, method: 'POST' })),
	});
	console.log(`AI Agent with HTTP Action as a tool: n8n ${n8n.version} (line ${line}) on Node ${n8n.nodeVersion}`);
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await Promise.all([model.stop(), api.stop()]);
});

beforeEach(() => {
	model.reset();
	api.received.length = 0;
});

/** First a call of the tool with these arguments, then a final text that quotes what the tool returned. */
function toolThenAnswer(args: Record<string, unknown>) {
	model.respond((request: ModelRequest) => {
		const toolResult = request.messages.find((message) => message.role === 'tool');
		if (!toolResult) return { toolCalls: [{ name: request.tools[0]?.name ?? 'missing_tool', arguments: args }] };
		return { text: `Here is what I found: ${toolResult.content}` };
	});
}

async function chat(message: string) {
	const response = await fetch(n8n.webhookUrl(`${CHAT_WEBHOOK_ID}/chat`), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId: `agent-${Date.now()}`, chatInput: message }),
	});
	expect(response.status).toBe(200);
	return (await response.json()) as { output?: string };
}

test('the agent calls HTTP Action once with the tool call\'s arguments, written safely into the JSON body, and gets the reply back', async () => {
	const hostile = {
		order_id: 'A-1"}, "admin": true, "x": {"y": "',
		note: "it's {{late}} \\ and }{ \n broken",
	};
	toolThenAnswer(hostile);
	const answer = await chat('Where is my order A-1? It is late.');

	// The local API got exactly one call; the values stayed values.
	expect(api.received).toHaveLength(1);
	const [call] = api.received;
	expect(call.method).toBe('POST');
	expect(call.url).toBe('/orders/lookup');
	expect(JSON.parse(call.body)).toEqual({ orderId: hostile.order_id, note: hostile.note, source: 'agent' });

	// What the model was offered: the tool, its description, and the arguments $fromAI declares.
	expect(model.calls).toHaveLength(2);
	const [first, second] = model.calls;
	expect(first.tools.map((tool) => tool.name)).toEqual([TOOL_NAME]);
	expect(first.tools[0].description).toBe(TOOL_DESCRIPTION);
	expect(first.tools[0].parameters).toMatchObject({
		type: 'object',
		properties: {
			order_id: { type: 'string', description: 'The order number the visitor gave' },
			note: { type: 'string', description: 'Anything else the visitor said about the order' },
		},
	});
	expect(first.messages.at(-1)).toMatchObject({ role: 'user', content: 'Where is my order A-1? It is late.' });

	// The tool's result, as the agent read it: HTTP Action's reply text.
	const toolMessage = second.messages.find((message) => message.role === 'tool')!;
	expect(toolMessage.content).toContain(JSON.stringify(`Order ${hostile.order_id} is out for delivery.`).slice(1, -1));
	expect(answer.output).toContain('Here is what I found:');
	expect(answer.output).toContain('out for delivery');
	expect(JSON.stringify(api.received)).not.toContain(OPENAI_API_KEY);

	const [execution] = await n8n.waitForExecutions(1, { workflowId: WORKFLOW_ID });
	expect(execution.status).toBe('success');
	expect(nodeOutput(execution, 'AI Agent')?.[0]?.output).toBe(answer.output);
}, 120_000);

test('a failing API reaches the agent as the failure\'s message (a tool\'s Error output would be lost)', async () => {
	toolThenAnswer({ order_id: '999', note: '' });
	const answer = await chat('Where is order 999?');
	expect(api.received).toHaveLength(1);
	const toolMessage = model.calls[1].messages.find((message) => message.role === 'tool')!;
	expect(toolMessage.content).toContain('We could not find order 999');
	expect(toolMessage.content).toContain('"kind":"http"');
	expect(answer.output).toContain('We could not find order 999');
}, 120_000);

test('streaming: the Chat Trigger streams the agent\'s answer, the model answers in server-sent events (tool call, then text)', async () => {
	toolThenAnswer({ order_id: 'B-7', note: 'none' });
	const response = await fetch(n8n.webhookUrl(`${STREAMING_WEBHOOK_ID}/chat`), {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'text/plain' },
		body: JSON.stringify({ action: 'sendMessage', sessionId: `agent-stream-${Date.now()}`, chatInput: 'Where is order B-7?' }),
	});
	expect(response.status).toBe(200);
	const lines = (await response.text()).split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as { type: string; content?: string });
	const streamed = lines.filter((line) => line.type === 'item').map((line) => line.content ?? '').join('');
	expect(lines.map((line) => line.type)).toContain('end');
	expect(api.received).toHaveLength(1);
	expect(JSON.parse(api.received[0].body)).toEqual({ orderId: 'B-7', note: 'none', source: 'agent' });
	expect(model.calls).toHaveLength(2);
	expect(model.calls.every((call) => call.stream)).toBe(true);
	expect(streamed).toContain('Here is what I found:');
	expect(streamed).toContain('Order B-7 is out for delivery.');
}, 120_000);
