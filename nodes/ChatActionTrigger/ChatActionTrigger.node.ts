import {
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { chatActionsPersonalDataKeyTest } from '../shared/personal-data-node';
import { BadChatRequest } from '../shared/dialects';
import { chatActionsRedisConnectionTest } from '../shared/redis-credential-node';
import { StateStoreError } from '../shared/state';
import { chatActionTriggerProperties } from './ChatActionTriggerDescription';
import { handleRequest, Refusal, refuse } from './request';
import { fieldsFromParameters, pathAndResponseMode } from './webhook-fields';

export class ChatActionTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chat Action Trigger',
		name: 'chatActionTrigger',
		icon: { light: 'file:chatActionTrigger.svg', dark: 'file:chatActionTrigger.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves as 1. For a webhook node of version 1, n8n 2.x evaluates the Webhook node
		// v1 option `binaryData` in its expression engine (a V8 isolate) on every request; from
		// 1.1 it does not, so with lazy isolates a turn needs no isolate (README, "Under load").
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{"/webhook/" + $parameter["path"]}}',
		description: 'Starts the flow when a chat widget sends a message, a button click or a lead form',
		eventTriggerDescription: 'Waiting for a chat message',
		activationMessage: 'Chat widgets can now post to the production URL.',
		defaults: { name: 'Chat Action Trigger' },
		supportsCORS: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'chatActionsBearerApi', required: true, displayOptions: { show: { authentication: ['bearer'] } } },
			{ name: 'chatActionsHeaderApi', required: true, displayOptions: { show: { authentication: ['header'] } } },
			{ name: 'chatActionsBasicApi', required: true, displayOptions: { show: { authentication: ['basic'] } } },
			{ name: 'chatActionsHmacApi', required: true, displayOptions: { show: { authentication: ['hmac'] } } },
			{ name: 'chatActionsChatwootApi', required: true, displayOptions: { show: { authentication: ['chatwoot'] } } },
			{ name: 'chatActionsTelegramApi', required: true, displayOptions: { show: { authentication: ['telegram'] } } },
			{ name: 'chatActionsWhatsAppApi', required: true, displayOptions: { show: { authentication: ['whatsapp'] } } },
			{ name: 'chatActionsRedisApi', required: true, testedBy: 'chatActionsRedisConnectionTest', displayOptions: { show: { stateStore: ['redis'] } } },
			// Personal Data: Sealed (nodes/shared/personal-data-node.ts).
			{ name: 'chatActionsPersonalDataApi', required: true, testedBy: 'chatActionsPersonalDataKeyTest', displayOptions: { show: { personalData: ['sealed'] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// In "last node" mode the reply is the last item's `reply`, from whichever output has one.
				responsePropertyName: 'reply',
				isFullPath: true,
				...pathAndResponseMode(),
			},
			{
				// The test chat page (off unless enabled in the options).
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				isFullPath: true,
				...fieldsFromParameters('path'),
			},
		],
		properties: chatActionTriggerProperties,
	};

	methods = { credentialTest: { chatActionsPersonalDataKeyTest, chatActionsRedisConnectionTest } };

	// n8n registers this trigger's webhooks itself; there is nothing outside n8n to set up.
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		// Whatever happens, answer here: a throw from webhook() makes n8n answer 500 and
		// record a failed execution for a request that should never have started one.
		try {
			return await handleRequest(this);
		} catch (error) {
			if (error instanceof BadChatRequest) return refuse(this, error.status, error.message);
			if (error instanceof Refusal) return refuse(this, error.status, error.message, error.headers);
			if (error instanceof StateStoreError) {
				// The shared replay guard (Redis) cannot be asked: refuse rather than risk a replay.
				this.logger.warn(`Chat Action Trigger could not check a request: ${error.message}`);
				return refuse(this, 503, 'The chat cannot check this request right now; try again shortly', { 'Retry-After': '5' });
			}
			this.logger.error(`Chat Action Trigger could not handle a request: ${(error as Error).message}`);
			return refuse(this, 500, 'The chat trigger failed to handle this request');
		}
	}
}
