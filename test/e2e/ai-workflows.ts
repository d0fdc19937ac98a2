/**
 * Workflow pieces for n8n's own AI nodes in the e2e suites: n8n's OpenAI Chat Model
 * (`@n8n/n8n-nodes-langchain.lmChatOpenAi`) on the local model server, and the sub-node
 * connections (`ai_languageModel`, `ai_tool`) that workflows.ts's `workflow()` does not write.
 */
import { node, type WorkflowNode } from '../../toolkit/n8n/workflows';

/** n8n's own OpenAI credential, its Base URL on the local model server. */
export const OPENAI_CREDENTIAL = { id: 'llmOpenAiCred001', name: 'Local model server' };
// A test value, not a real key: the suites check that it never reaches a prompt or a reply.
export const OPENAI_API_KEY = 'sk-local-test-0f3c9a1e7b2d4c6e';

export function openAiCredential(baseUrl: string) {
	return { ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: OPENAI_API_KEY, url: baseUrl, header: false } };
}

export interface ChatModelOptions {
	/** `gpt-4o-mini` makes LangChain ask structured output as a JSON schema response format, `gpt-4` as a forced tool call. */
	model?: string;
	/** Off: the Chat Completions API; on (the node's default from version 1.3): the Responses API. */
	responsesApi?: boolean;
	/** The node's Timeout option (ms). */
	timeoutMs?: number;
}

/** n8n's OpenAI Chat Model (version 1.3), no retries, on the `openAiApi` credential. */
export function openAiChatModel(workflowId: string, name: string, options: ChatModelOptions = {}): WorkflowNode {
	return node(
		workflowId,
		name,
		'@n8n/n8n-nodes-langchain.lmChatOpenAi',
		{
			model: { __rl: true, mode: 'id', value: options.model ?? 'gpt-4o-mini' },
			responsesApiEnabled: options.responsesApi ?? false,
			options: { maxRetries: 0, timeout: options.timeoutMs ?? 8000 },
		},
		{ typeVersion: 1.3, credentials: { openAiApi: OPENAI_CREDENTIAL } },
	);
}

type Connections = Record<string, Record<string, Array<Array<{ node: string; type: string; index: number }>>>>;

/** Adds a sub-node connection (`ai_languageModel`, `ai_tool`, …) from `from` into `to`'s input of that type. */
export function connectAi<T extends { connections: object }>(flow: T, from: string, to: string, type: 'ai_languageModel' | 'ai_tool' | 'ai_memory'): T {
	const connections = flow.connections as Connections;
	const outputs = ((connections[from] ??= {})[type] ??= [[]]);
	outputs[0].push({ node: to, type, index: 0 });
	return flow;
}
