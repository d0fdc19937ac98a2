import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeCredentialDescription,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type JsonObject,
} from 'n8n-workflow';

import type { ChatTurn } from '../shared/contract';
import { languageOfItem } from '../shared/languages';
import { chatActionsPersonalDataKeyTest, personalDataFor } from '../shared/personal-data-node';
import { maskSecrets } from '../shared/secrets';
import { type ActionConfig, type ActionOutcome, failedAfterAnswer, runHttpAction } from './engine/action';
import { composeReply, type ComposingModel } from './engine/compose';
import { runsAsTool } from './engine/tool';
import { createTransport, type RequestFunction, type StreamResponse } from './engine/transport';
import { AUTHENTICATIONS, type AuthenticationName, authenticationFor } from './authentication';
import { httpActionProperties } from './HttpActionDescription';
import { maxResponseBytes, readConfig } from './parameters';

/**
 * Success and Error outputs, or one output when failures stop the flow. Evaluated by n8n
 * from its source text, so it must stay self-contained (no imports, no closures).
 */
const configuredOutputs = (parameters: { onFailure?: string }) =>
	parameters.onFailure === 'stop'
		? [{ type: 'main', displayName: 'Success' }]
		: [
				{ type: 'main', displayName: 'Success' },
				{ type: 'main', displayName: 'Error' },
			];

type Ctx = IExecuteFunctions;

/** n8n's HTTP helpers, with the credential when the action has one. */
function n8nRequest(ctx: Ctx, authentication: AuthenticationName): RequestFunction {
	const credentialType = AUTHENTICATIONS[authentication].credentialType;
	return async (options) =>
		(await (credentialType
			? ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options)
			: ctx.helpers.httpRequest(options))) as StreamResponse;
}

/** The credential of each authentication, and the Personal Data Key when personal data is sealed. */
const CREDENTIALS: INodeCredentialDescription[] = [
	...Object.values(AUTHENTICATIONS)
		.filter((auth) => auth.credentialType)
		.map((auth) => ({
			name: auth.credentialType!,
			required: true,
			displayOptions: { show: { authentication: [auth.name] } },
		})),
	{ name: 'chatActionsPersonalDataApi', required: true, testedBy: 'chatActionsPersonalDataKeyTest', displayOptions: { show: { personalData: ['sealed'] } } },
];

/** The reply phrased by the connected model from the data the template saw (already masked). */
async function withComposedReply(outcome: ActionOutcome, model: ComposingModel, options: IDataObject, secrets: string[]): Promise<ActionOutcome> {
	const turn = outcome.item;
	const composed = await composeReply(model, {
		data: outcome.templateData,
		tone: String(options.composeTone ?? ''),
		visitorMessage: typeof turn.message === 'string' ? turn.message : undefined,
		language: languageOfItem(turn),
		secrets,
	});
	// `composedReply` says whether the model's text is the reply, or why the template's stands.
	const item = {
		...turn,
		...(composed.ok ? { reply: { ...turn.reply, message: composed.text } } : {}),
		composedReply: composed.ok ? { used: true } : { used: false, reason: composed.reason },
	} as ChatTurn;
	return { ...outcome, item };
}

/** A step after the API's answer failed (composing, sealing): the Error output, with the failure reply. */
function afterAnswerFailed(turn: ChatTurn, config: ActionConfig, error: unknown, secrets: string[]): ActionOutcome {
	const message = maskSecrets(`The answer could not be processed: ${(error as Error)?.message ?? String(error)}`, secrets);
	return failedAfterAnswer(turn, config, { kind: 'invalid_response', message, retryable: false, attempts: 1 });
}

export class HttpAction implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HTTP Action',
		name: 'httpAction',
		icon: { light: 'file:httpAction.svg', dark: 'file:httpAction.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["method"] + " " + $parameter["url"]}}',
		description: "Calls your API with stored credentials and turns its answer into the visitor's chat reply",
		defaults: { name: 'HTTP Action' },
		// As an AI Agent's tool (README, "HTTP Action as an AI Agent tool"): the description is the
		// default of the tool description the agent's model reads.
		usableAsTool: {
			replacements: {
				description: 'Calls an API and returns its answer as a short reply text (reply.message), or what went wrong',
			},
		},
		inputs: [
			NodeConnectionTypes.Main,
			// For the option Compose Reply With Model.
			{ type: NodeConnectionTypes.AiLanguageModel, displayName: 'Model', maxConnections: 1, required: false },
		],
		outputs: `={{(${configuredOutputs})($parameter)}}`,
		credentials: CREDENTIALS,
		properties: httpActionProperties,
	};

	methods = { credentialTest: { chatActionsPersonalDataKeyTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// n8n's AI Agent reads only a tool's first output: as a tool, a failure goes there too, so
		// that the agent learns what went wrong (reply.message, error) instead of reading nothing.
		const asTool = runsAsTool(this.getNode().type);
		const onFailure = asTool ? 'stop' : (this.getNodeParameter('onFailure', 0, 'errorOutput') as string);
		const success: INodeExecutionData[] = [];
		const errors: INodeExecutionData[] = [];

		let composer: ComposingModel | undefined;
		const composingModel = async (): Promise<ComposingModel> => {
			if (composer) return composer;
			const connected = (await this.getInputConnectionData(NodeConnectionTypes.AiLanguageModel, 0).catch(() => undefined)) as ComposingModel | undefined;
			if (typeof connected?.invoke !== 'function') {
				throw new NodeOperationError(this.getNode(), 'Compose Reply With Model needs a chat model connected to the Model input');
			}
			return (composer = connected);
		};

		const personal = await personalDataFor(this);
		// Credentials are decrypted once per type, not once per item.
		const resolved = new Map<AuthenticationName, Awaited<ReturnType<typeof authenticationFor>>>();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const authentication = this.getNodeParameter('authentication', itemIndex, 'none') as AuthenticationName;
			if (!resolved.has(authentication)) resolved.set(authentication, await authenticationFor(this, authentication));
			const auth = resolved.get(authentication)!;
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const config = readConfig(this, itemIndex, options, auth.baseUrl);
			const transport = createTransport(n8nRequest(this, authentication), {
				restrictRedirects: config.destination.allowedHosts.length > 0 || config.destination.blockPrivateAddresses,
				maxResponseBytes: maxResponseBytes(options),
			});
			const turn = personal.open(items[itemIndex].json, itemIndex);
			// The engine hides the credential's secrets in what the API answered, in errors and in
			// the request record; what the visitor typed stays as typed.
			let outcome: ActionOutcome = await runHttpAction(turn, config, { transport, authHeaders: auth.headers, secrets: auth.secrets });
			let json: IDataObject;
			try {
				if (outcome.output === 'success' && outcome.templateData !== undefined && options.composeReply === true && !asTool) {
					outcome = await withComposedReply(outcome, await composingModel(), options, auth.secrets);
				}
				// Sealed personal data leaves redacted; an AI Agent, which reads the reply, gets it as it is.
				json = (asTool ? outcome.item : personal.close(outcome.item)) as IDataObject;
			} catch (error) {
				// The API has answered: a failure here is the Error output's, never a lost reply.
				outcome = afterAnswerFailed(turn, config, error, auth.secrets);
				json = (asTool ? outcome.item : personal.close(outcome.item)) as IDataObject;
			}
			const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };

			if (outcome.output === 'success') {
				success.push(item);
			} else if (onFailure === 'errorOutput') {
				errors.push(item);
			} else if (asTool || this.continueOnFail()) {
				success.push(item);
			} else {
				const error = json.error as IDataObject;
				const description = `${String(error.kind)}${error.status ? ` (HTTP ${String(error.status)})` : ''}; the visitor was told: ${String((json.reply as IDataObject)?.message ?? '')}`;
				if (error.kind === 'http') {
					throw new NodeApiError(this.getNode(), error as JsonObject, {
						message: String(error.message),
						description,
						httpCode: String(error.status),
						itemIndex,
					});
				}
				throw new NodeOperationError(this.getNode(), String(error.message), { description, itemIndex });
			}
		}
		return onFailure === 'stop' ? [success] : [success, errors];
	}
}
