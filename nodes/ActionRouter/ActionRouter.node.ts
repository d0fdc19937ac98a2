import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';

import { actionsFromParameters, checkActions } from './engine/actions';
import { type GivenInput, turnFromItem } from './engine/input';
import { type ChatModelLike, rankWithChatModel } from './engine/llm';
import { routerOptions } from './engine/parameters';
import { chatActionsRedisConnectionTest } from '../shared/redis-credential-node';
import { conversationStateKey } from '../shared/state';
import { stateStoreFor } from '../shared/state-store-node';
import { type IntentMode, processTurn, type TurnSetup } from './engine/turn';
import { releaseHold } from './engine/hold';
import { chatActionsPersonalDataKeyTest, personalDataFor } from '../shared/personal-data-node';
import { actionRouterProperties } from './ActionRouterDescription';
import { describeExecution, type OwnerWork, ownerWorkFor, reportInsight } from './owner';
import { learnedClassifier } from './engine/learning';

/**
 * Routing: one output per configured action, then Ask and No Match, and Hand Over and With a
 * Person when the option adds them; forgetting and releasing: one. Evaluated by n8n from its
 * source text, so it must stay self-contained (no imports, no closures).
 */
const configuredOutputs = (parameters: { operation?: string; actions?: { action?: Array<{ name?: string }> }; options?: { handoffOutput?: boolean } }) =>
	parameters.operation === 'forget' || parameters.operation === 'release' || parameters.operation === 'insight'
		? [{ type: 'main', displayName: { forget: 'Forgotten', release: 'Released', insight: 'Insight' }[parameters.operation] }]
		: [
				...(parameters.actions?.action ?? []).map((action, index) => ({
					type: 'main',
					displayName: action.name || `Action ${index + 1}`,
				})),
				{ type: 'main', displayName: 'Ask' },
				{ type: 'main', displayName: 'No Match' },
				...(parameters.options?.handoffOutput === true
					? [
							{ type: 'main', displayName: 'Hand Over' },
							{ type: 'main', displayName: 'With a Person' },
						]
					: []),
			];

/**
 * Forget: each item's conversation erased from the store, and whether it had state. Release: a
 * person's hold on it lifted, so the bot answers it again, and whether one was held.
 */
async function changeConversations(ctx: IExecuteFunctions, operation: 'forget' | 'release'): Promise<INodeExecutionData[][]> {
	const store = await stateStoreFor(ctx);
	const items = ctx.getInputData();
	const done: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const conversationId = String(ctx.getNodeParameter('forgetConversationId', itemIndex, '') ?? '').trim();
		if (!conversationId) throw new NodeOperationError(ctx.getNode(), `No conversation ID to ${operation}`, { itemIndex });
		const key = conversationStateKey(ctx.getWorkflow().id, conversationId);
		try {
			const json = operation === 'forget' ? { conversationId, forgotten: await store.forget(key) } : { conversationId, released: await releaseHold(store, key) };
			done.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex, description: `The conversation state could not be ${operation === 'forget' ? 'erased' : 'changed'}` });
		}
	}
	return [done];
}

/** The node's parameters as the engine's per-turn setup, with the owner's work around the turns (owner.ts). */
async function readSetup(ctx: IExecuteFunctions): Promise<OwnerWork> {
	const actions = actionsFromParameters(ctx.getNodeParameter('actions.action', 0, []));
	const problems = checkActions(actions);
	if (problems.length > 0) throw new NodeOperationError(ctx.getNode(), problems.join('; '));

	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const intentMode = ctx.getNodeParameter('intentMode', 0, 'embedded') as IntentMode;
	const intentActions = actions.filter((action) => action.triggers.intent);
	let chatModel: TurnSetup['chatModel'];
	if (intentMode !== 'embedded') {
		const connected = await ctx.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0).catch(() => undefined);
		// Nothing connected comes back as undefined or an empty list, depending on n8n's version.
		const model = connected as ChatModelLike | undefined;
		if (typeof model?.withStructuredOutput !== 'function') {
			throw new NodeOperationError(ctx.getNode(), `Intent detection "${intentMode}" needs a chat model connected to the Model input`);
		}
		chatModel = (message) => rankWithChatModel(model, message, intentActions);
	}
	const store = await stateStoreFor(ctx);
	const owner = { reviewList: options.reviewList === true, insight: options.insight === true, sealed: ctx.getNodeParameter('personalData', 0, 'plain') === 'sealed' };
	return await ownerWorkFor(owner, ctx.getNode().name, (learned) => ({
		actions,
		...routerOptions(options, ctx.getTimezone()),
		intentMode,
		embedded: learnedClassifier(intentActions, learned),
		chatModel,
		store,
		scope: ctx.getWorkflow().id ?? 'workflow',
	}), (message) => ctx.logger.warn(message));
}

/** Where the *Input* parameters point, for an item of another trigger (their expressions are evaluated per item). */
function readGivenInput(ctx: IExecuteFunctions, itemIndex: number): GivenInput {
	const value = (name: string) => ctx.getNodeParameter(name, itemIndex, '');
	return {
		message: value('inputMessage'),
		conversationId: value('inputConversationId'),
		email: value('inputEmail'),
		phone: value('inputPhone'),
		name: value('inputName'),
	};
}

// Not usable as a tool: n8n's AI Agent reads only a tool's first output (one action's, here) and
// hands it the tool call's arguments instead of a chat turn; the router keeps a conversation.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class ActionRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Action Router',
		name: 'actionRouter',
		icon: { light: 'file:actionRouter.svg', dark: 'file:actionRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{$parameter["operation"] === "forget" ? "Forget a conversation" : $parameter["operation"] === "release" ? "Release a conversation" : $parameter["operation"] === "insight" ? "Report insight" : (($parameter["actions"]?.action ?? []).length) + ((($parameter["actions"]?.action ?? []).length) === 1 ? " action" : " actions")}}',
		description: 'Works out which action a chat message asks for, collects and validates its fields, and asks what is missing',
		defaults: { name: 'Action Router' },
		inputs: [
			NodeConnectionTypes.Main,
			{ type: NodeConnectionTypes.AiLanguageModel, displayName: 'Model', maxConnections: 1, required: false },
		],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		credentials: [
			{
				name: 'chatActionsRedisApi',
				required: true,
				testedBy: 'chatActionsRedisConnectionTest',
				displayOptions: { show: { stateStore: ['redis'] } },
			},
			// Personal Data: Sealed (nodes/shared/personal-data-node.ts).
			{ name: 'chatActionsPersonalDataApi', required: true, testedBy: 'chatActionsPersonalDataKeyTest', displayOptions: { show: { personalData: ['sealed'] } } },
		],
		properties: actionRouterProperties,
	};

	methods = {
		credentialTest: {
			chatActionsRedisConnectionTest,
			chatActionsPersonalDataKeyTest,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'route') as string;
		if (operation === 'forget' || operation === 'release') return await changeConversations(this, operation);
		if (operation === 'insight') return [await reportInsight(this)];
		const owner = await readSetup(this);
		const { setup } = owner;
		const outputs: INodeExecutionData[][] = [...setup.actions.map(() => []), [], [], ...(setup.settings.handoff ? [[], []] : [])];
		const items = this.getInputData();
		const defined = this.getNodeParameter('input', 0, 'auto') === 'define';
		const personal = await personalDataFor(this);
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const given = defined ? readGivenInput(this, itemIndex) : undefined;
			const item = personal.open(items[itemIndex].json, itemIndex);
			try {
				// The Review page's nudge (the trigger's): its assignments were checked above.
				if (item.ownerReview === true) continue;
				const turn = turnFromItem(item, given);
				if (!turn) continue;
				const { output, json } = await processTurn(turn, setup);
				await owner.afterTurn(turn, json, new Date());
				const saved = personal.close(owner.counts ? { ...json, router: { ...(json.router as object), insight: true } } : json) as IDataObject;
				if (itemIndex === 0) describeExecution(this, saved);
				if (output >= 0) outputs[output].push({ json: saved, pairedItem: { item: itemIndex } });
			} catch (error) {
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex, description: 'The conversation state could not be read or saved' });
			}
		}
		return outputs;
	}
}
