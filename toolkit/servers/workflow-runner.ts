/**
 * Runs workflows through n8n's real execution engine (WorkflowExecute from n8n-core), the
 * way n8n's own node tests do. n8n's NodeTestHarness is not published, so this is the small
 * equivalent: our node and credential types, a credentials helper that authenticates
 * requests as n8n's does (generic and function authenticate), and the run data back.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IConnections,
	ICredentialsHelper,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
	type IRun,
	type IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { ChatActionsBasicApi } from '../../credentials/ChatActionsBasicApi.credentials';
import { ChatActionsBearerApi } from '../../credentials/ChatActionsBearerApi.credentials';
import { ChatActionsHeaderApi } from '../../credentials/ChatActionsHeaderApi.credentials';
import { ChatActionsHmacApi } from '../../credentials/ChatActionsHmacApi.credentials';
import { ActionRouter } from '../../nodes/ActionRouter/ActionRouter.node';
import { ChatReply } from '../../nodes/ChatReply/ChatReply.node';
import { HttpAction } from '../../nodes/HttpAction/HttpAction.node';

export const PACKAGE = 'n8n-nodes-chat-actions';

type AnyNodeType = INodeType | IVersionedNodeType;

const NODE_TYPES: Record<string, AnyNodeType> = {
	[`${PACKAGE}.httpAction`]: new HttpAction(),
	[`${PACKAGE}.chatReply`]: new ChatReply(),
	[`${PACKAGE}.actionRouter`]: new ActionRouter(),
};

/** Makes another node type (n8n's own, for comparisons) available to workflows. */
export function registerNodeType(name: string, type: AnyNodeType): void {
	NODE_TYPES[name] = type;
}

const CREDENTIAL_TYPES: Record<string, ICredentialType> = Object.fromEntries(
	[new ChatActionsBearerApi(), new ChatActionsHeaderApi(), new ChatActionsBasicApi(), new ChatActionsHmacApi()].map(
		(type) => [type.name, type],
	),
);

class NodeTypes implements INodeTypes {
	getByName(nodeType: string): AnyNodeType {
		const type = NODE_TYPES[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const type = this.getByName(nodeType);
		if (!('nodeVersions' in type)) return type;
		return type.nodeVersions[version ?? type.currentVersion];
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

function setPath(target: Record<string, unknown>, outer: string, key: string, value: unknown) {
	const bag = (target[outer] ?? {}) as Record<string, unknown>;
	bag[key] = value;
	target[outer] = bag;
}

/** Authenticates requests as n8n's CredentialsHelper does, with credentials held in memory. */
class CredentialsHelper extends ICredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = CREDENTIAL_TYPES[typeName]?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? workflow!.expression.getSimpleParameterValue(node!, value, 'internal', { $credentials: credentials } as never)
				: value;
		const options = { ...requestOptions } as unknown as Record<string, unknown>;
		for (const [outer, entries] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				setPath(options, outer, String(resolve(key)), resolve(value));
			}
		}
		return options as unknown as IHttpRequestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string) {
		const data = this.credentials[type];
		if (!data) throw new Error(`No credentials of type ${type} in this test`);
		return { ...data };
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used in tests');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}
}

type NodeSpec = Omit<INode, 'id' | 'position' | 'typeVersion'> & { typeVersion?: number };

export interface RunOptions {
	/** The node under test, with its parameters; credentials are referenced by type. */
	node: NodeSpec;
	items: IDataObject[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Sub-nodes feeding the node under test (a chat model, say), by connection type. */
	subNodes?: Array<{ node: NodeSpec; connectionType: string }>;
}

export interface RunResult {
	/** Items per output of the node under test. */
	outputs: IDataObject[][];
	/** The execution error, when the node failed. */
	error?: Error & { description?: string };
	run: IRun;
}

/** Executes one node on the given items in a real n8n workflow execution. */
export async function runNode({ node, items, credentials = {}, subNodes = [] }: RunOptions): Promise<RunResult> {
	const fullNode: INode = {
		id: 'node-under-test',
		position: [0, 0],
		typeVersion: 1,
		...node,
		credentials: Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: type, name: type }])),
	};
	const extraNodes: INode[] = subNodes.map(({ node: sub }, index) => ({ id: `sub-${index}`, position: [0, 200], typeVersion: 1, ...sub }));
	const connections = Object.fromEntries(
		subNodes.map(({ node: sub, connectionType }) => [
			sub.name,
			{ [connectionType]: [[{ node: fullNode.name, type: connectionType, index: 0 }]] },
		]),
	) as IConnections;
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [fullNode, ...extraNodes],
		connections,
		active: false,
		nodeTypes: new NodeTypes(),
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		active: false,
		nodes: [fullNode, ...extraNodes],
		connections,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
	} as never);
	let finish: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (finish = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finish(run));

	const additionalData = {
		hooks,
		credentialsHelper: new CredentialsHelper(credentials),
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		variables: {},
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;

	const input: INodeExecutionData[] = items.map((json) => ({ json }));
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: fullNode, data: { main: [input] }, source: null }] },
	});

	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const run = await finished;
	const taskData = run.data.resultData.runData[fullNode.name]?.[0];
	const outputs = (taskData?.data?.main ?? []).map((output: INodeExecutionData[] | null) =>
		(output ?? []).map((item) => item.json),
	);
	return { outputs, error: (taskData?.error ?? run.data.resultData.error) as RunResult['error'], run };
}
