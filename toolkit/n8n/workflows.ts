/** Builds the workflow JSON that the e2e tests and the load benchmark import into a real n8n. */
import { createHash } from 'node:crypto';

const PACKAGE = 'n8n-nodes-chat-actions';

type Parameters = Record<string, unknown>;

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Parameters;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
}

/** A stable UUID-shaped id from a seed, so workflows import the same way every run. */
function uuid(seed: string): string {
	const hex = createHash('sha256').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function node(
	workflowId: string,
	name: string,
	type: string,
	parameters: Parameters,
	extra: Partial<WorkflowNode> = {},
): WorkflowNode {
	return {
		id: uuid(`${workflowId}/${name}`),
		name,
		type: type.includes('.') ? type : `${PACKAGE}.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...extra,
	};
}

export function triggerNode(workflowId: string, parameters: Parameters, extra: Partial<WorkflowNode> = {}): WorkflowNode {
	return node(workflowId, 'Chat Action Trigger', 'chatActionTrigger', parameters, {
		typeVersion: 1.1,
		webhookId: uuid(`${workflowId}/webhook`),
		...extra,
	});
}

/**
 * A workflow from nodes and [from, to, output?] links; positions are laid out left to right.
 */
export function workflow(id: string, name: string, nodes: WorkflowNode[], links: Array<[string, string, number?]>) {
	nodes.forEach((n, index) => (n.position = [index * 240, 0]));
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: 0 }>> }> = {};
	for (const [from, to, output = 0] of links) {
		const main = (connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: 0 });
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' } };
}
