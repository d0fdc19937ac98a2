import {
	type ICredentialDataDecryptedObject,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IDataObject,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';

import { type ChatReply, type ChatTurn, isPlainObject, withReply } from '../shared/contract';
import { ROUTER_DEFAULTS } from './engine/defaults';
import type { FieldDefinition, FieldType } from './engine/fields';
import { cachedClassifier } from './engine/intent/embedded';
import { type ChatModelLike, rankWithChatModel } from './engine/llm';
import type { IntentClassifier, IntentScore } from './engine/intent/types';
import { checkActions, recordOfTurnAlone, route, type RoutedDecision, type RouterAction, type RouterOutcome, type RouterSettings } from './engine/router';
import { getRedisStateStore, getSharedMemoryStateStore, StateStoreError, type StateStore, type StateStoreErrorKind, testRedisConnection } from './engine/state';
import { actionRouterProperties, DEFAULT_REPLIES } from './ActionRouterDescription';

/**
 * One output per configured action, then Ask and No Match. Evaluated by n8n from its source
 * text, so it must stay self-contained (no imports, no closures).
 */
const configuredOutputs = (parameters: { actions?: { action?: Array<{ name?: string }> } }) => [
	...(parameters.actions?.action ?? []).map((action, index) => ({
		type: 'main',
		displayName: action.name || `Action ${index + 1}`,
	})),
	{ type: 'main', displayName: 'Ask' },
	{ type: 'main', displayName: 'No Match' },
];

const list = (text: unknown, separator: RegExp) =>
	String(text ?? '')
		.split(separator)
		.map((entry) => entry.trim())
		.filter(Boolean);

function readActions(ctx: IExecuteFunctions): RouterAction[] {
	const raw = (ctx.getNodeParameter('actions.action', 0, []) as IDataObject[]) ?? [];
	return raw.map((action) => ({
		name: String(action.name ?? '').trim(),
		description: String(action.description ?? '').trim(),
		examples: list(action.examples, /\r?\n/),
		triggers: {
			intent: action.onIntent !== false,
			buttonIds: list(action.buttonIds, /,/),
			leadCaptured: action.onLead === true,
		},
		confirmation: String(action.confirmation ?? '').trim() || undefined,
		fields: (((action.fields as IDataObject | undefined)?.field as IDataObject[] | undefined) ?? []).map(
			(field): FieldDefinition => ({
				name: String(field.name ?? '').trim(),
				question: String(field.question ?? '').trim() || `What is your ${String(field.name ?? 'answer')}?`,
				type: (field.type as FieldType) ?? 'text',
				required: field.required !== false,
				options: list(field.options, /,/),
				pattern: String(field.pattern ?? '') || undefined,
				invalidMessage: String(field.invalidMessage ?? '') || undefined,
			}),
		),
	}));
}

async function stateStoreFor(ctx: IExecuteFunctions): Promise<StateStore> {
	if (ctx.getNodeParameter('stateStore', 0, 'memory') !== 'redis') return getSharedMemoryStateStore();
	const credentials = await ctx.getCredentials('chatActionsRedisApi');
	return getRedisStateStore(credentials as never);
}

/** State-store failures that a later turn may not meet (Redis down, a lost update race, a refused login). */
const TRANSIENT_STATE_ERRORS = new Set<StateStoreErrorKind>(['unavailable', 'conflict', 'refused']);

/** A ranking already made (by the chat model) for this turn's message. */
const fixedRanking = (ranking: IntentScore[]): IntentClassifier => ({ rank: () => ranking });

/** The reply an outcome carries: the question to ask, the No Match text, or none yet (an action's flow answers). */
function replyFor(outcome: RouterOutcome, options: IDataObject): ChatReply {
	const tags = 'action' in outcome && outcome.action ? [`action:${outcome.action}`] : [];
	if (outcome.kind === 'action') return { message: '', tags };
	if (outcome.kind === 'ask') return { message: outcome.question, buttons: outcome.buttons, tags };
	const text = {
		out_of_scope: String(options.noMatchReply ?? DEFAULT_REPLIES.noMatch),
		cancelled: String(options.cancelledReply ?? DEFAULT_REPLIES.cancelled),
		escalated: String(options.escalatedReply ?? DEFAULT_REPLIES.escalated),
		state_unavailable: String(options.stateUnavailableReply ?? DEFAULT_REPLIES.stateUnavailable),
	}[outcome.reason];
	return { message: text, handoff: outcome.reason === 'escalated', tags: [...tags, `router:${outcome.reason}`] };
}

export class ActionRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Action Router',
		name: 'actionRouter',
		icon: { light: 'file:actionRouter.svg', dark: 'file:actionRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{(($parameter["actions"]?.action ?? []).length) + ((($parameter["actions"]?.action ?? []).length) === 1 ? " action" : " actions")}}',
		description: 'Works out which action a chat message asks for, collects and validates its fields, and asks what is missing',
		defaults: { name: 'Action Router' },
		usableAsTool: true,
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
		],
		properties: actionRouterProperties,
	};

	methods = {
		credentialTest: {
			async chatActionsRedisConnectionTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
			): Promise<INodeCredentialTestResult> {
				return await testRedisConnection(credential);
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const actions = readActions(this);
		const problems = checkActions(actions);
		if (actions.length === 0) problems.push('Add at least one action');
		if (problems.length > 0) throw new NodeOperationError(this.getNode(), problems.join('; '));

		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const settings: RouterSettings = {
			threshold: Number(options.threshold ?? ROUTER_DEFAULTS.threshold),
			tieMargin: Number(options.tieMargin ?? ROUTER_DEFAULTS.tieMargin),
			maxReasks: Number(options.maxReasks ?? ROUTER_DEFAULTS.maxReasks),
			defaultCountry: String(options.defaultCountry ?? '') || undefined,
			timezone: String(options.timezone ?? '') || this.getTimezone(),
		};
		const ttlSeconds = Number(options.ttlMinutes ?? ROUTER_DEFAULTS.ttlMinutes) * 60;
		const intentMode = this.getNodeParameter('intentMode', 0, 'embedded') as string;
		const embedded = cachedClassifier(actions.filter((action) => action.triggers.intent));
		const connected =
			intentMode === 'embedded' ? undefined : await this.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0).catch(() => undefined);
		// Nothing connected comes back as undefined or an empty list, depending on n8n's version.
		const model = typeof (connected as ChatModelLike | undefined)?.withStructuredOutput === 'function' ? (connected as ChatModelLike) : undefined;
		if (intentMode !== 'embedded' && !model) {
			throw new NodeOperationError(this.getNode(), `Intent detection "${intentMode}" needs a chat model connected to the Model input`);
		}
		const store = await stateStoreFor(this);

		const outputs: INodeExecutionData[][] = [...actions.map(() => []), [], []];
		const items = this.getInputData();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const turn = items[itemIndex].json as ChatTurn;
			// Scoped to the workflow: two flows that see one conversation id keep separate state.
			const conversationId =
				typeof turn.conversationId === 'string' && turn.conversationId ? `${this.getWorkflow().id ?? 'workflow'}:${turn.conversationId}` : undefined;
			const message = typeof turn.message === 'string' ? turn.message.trim() : '';

			let classifier: IntentClassifier = embedded;
			let intentSource = 'embedded';
			let routedTurn = turn;
			if (model && message) {
				// A store that cannot be read fails the update below, which answers the visitor; no
				// chat model is paid for a turn that cannot be kept.
				let stateReadable = true;
				const pending = conversationId
					? (
							await store.get(conversationId).catch(() => {
								stateReadable = false;
								return undefined;
							})
						)?.pendingAction
					: undefined;
				const ranking = embedded.rank(message);
				const hybridBelow = Number(options.hybridBelow ?? ROUTER_DEFAULTS.hybridBelow);
				const unsure = !ranking[0] || ranking[0].score < hybridBelow || (ranking[1] !== undefined && ranking[0].score - ranking[1].score < settings.tieMargin);
				if (stateReadable && !pending && (intentMode === 'llm' || unsure)) {
					try {
						const answer = await rankWithChatModel(model, message, actions.filter((a) => a.triggers.intent));
						classifier = fixedRanking(answer.ranking);
						intentSource = 'chat_model';
						// The model's field values are validated like a lead form's; the turn's own win.
						routedTurn = { ...turn, fields: { ...answer.fields, ...(isPlainObject(turn.fields) ? turn.fields : {}) } };
					} catch (error) {
						// The embedded answer stands; the item says why.
						intentSource = `embedded (chat model failed: ${(error as Error).message})`;
					}
				}
			}

			let decision: RoutedDecision | undefined;
			const decide = (state: Parameters<typeof route>[0]['state']) => {
				decision = route({ turn: routedTurn, state, actions, classifier, settings });
				return decision.state;
			};
			let stateError: string | undefined;
			try {
				if (conversationId) await store.update(conversationId, decide, ttlSeconds);
				else decide(undefined);
			} catch (error) {
				// Only an outage or a lost race is the visitor's "try again"; a bad setting (a TTL of 0
				// from an expression, say) or a closed store fails the execution so it gets fixed.
				if (!(error instanceof StateStoreError) || !TRANSIENT_STATE_ERRORS.has(error.kind)) {
					throw new NodeOperationError(this.getNode(), error as Error, { itemIndex, description: 'The conversation state could not be read or saved' });
				}
				// Redis down, or a conversation changing faster than it can be saved: nothing was
				// decided for good, but the visitor still gets an answer and the flow a No Match it
				// can route (retry later, hand over). The message names host and port, never a secret.
				stateError = error.message;
				decision = { outcome: { kind: 'noMatch', reason: 'state_unavailable' }, state: undefined, conversation: recordOfTurnAlone(turn) };
			}
			const outcome = decision!.outcome;
			const output =
				outcome.kind === 'action' ? actions.findIndex((action) => action.name === outcome.action) : outcome.kind === 'ask' ? actions.length : actions.length + 1;
			const routed: ChatTurn = {
				...turn,
				...('action' in outcome && outcome.action
					? {
							action: {
								name: outcome.action,
								confidence: outcome.kind === 'action' ? outcome.confidence : 1,
								trigger: outcome.kind === 'action' ? outcome.trigger : 'collection',
							},
						}
					: {}),
				fields: 'fields' in outcome && outcome.fields ? outcome.fields : {},
				conversation: decision!.conversation,
				router: {
					outcome: outcome.kind,
					...('reason' in outcome ? { reason: outcome.reason } : {}),
					...(outcome.kind === 'ask' && outcome.field ? { field: outcome.field } : {}),
					intentSource,
					ranking: (decision!.ranking ?? []).slice(0, 3),
					...(stateError ? { error: stateError } : {}),
				},
			};
			const json = withReply(routed, replyFor(outcome, options));
			outputs[output].push({ json: json as IDataObject, pairedItem: { item: itemIndex } });
		}
		return outputs;
	}
}
