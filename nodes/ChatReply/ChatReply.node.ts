import {
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';

import { type ChatTurn, isPlainObject } from '../shared/contract';
import { commaList } from '../shared/lists';
import { chatActionsPersonalDataKeyTest, personalDataFor, personalDataProperty } from '../shared/personal-data-node';
import { chatActionsRedisConnectionTest } from '../shared/redis-credential-node';
import { stateStoreFor } from '../shared/state-store-node';
import { answerChat } from './answer';
import { composeReply, type ReplySpec } from './compose';
import { addReplyToThread } from './thread';

function listParameter(ctx: IExecuteFunctions, name: string, itemIndex: number): IDataObject[] {
	return ctx.getNodeParameter(`${name}.entries`, itemIndex, []) as IDataObject[];
}

// Not usable as a tool: it answers the chat widget's pending request, which an AI agent
// calling tools has no business doing.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class ChatReply implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chat Reply',
		name: 'chatReply',
		icon: { light: 'file:chatReply.svg', dark: 'file:chatReply.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["respond"] === false ? "Set the reply" : "Answer the chat"}}',
		description: 'Answers the visitor: sets the reply and sends it in the chat widget\'s own format',
		defaults: { name: 'Chat Reply' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// The key credential calls no API: this node tests it (see methods.credentialTest).
		credentials: [
			{
				name: 'chatActionsRedisApi',
				required: true,
				testedBy: 'chatActionsRedisConnectionTest',
				displayOptions: { show: { stateStore: ['redis'] } },
			},
			{
				name: 'chatActionsPersonalDataApi',
				required: true,
				testedBy: 'chatActionsPersonalDataKeyTest',
				displayOptions: { show: { personalData: ['sealed'] } },
			},
		],
		properties: [
			{
				displayName: 'Message',
				name: 'message',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: 'Thanks {{user_name}}! Your order {{fields.order_id}} is on its way.',
				description: 'A Handlebars template (Fixed mode). Empty keeps the reply an earlier node set.',
			},
			{
				displayName: 'Buttons',
				name: 'buttons',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Button',
				default: {},
				options: [
					{
						name: 'entries',
						displayName: 'Button',
						values: [
							{ displayName: 'Label', name: 'label', type: 'string', default: '' },
							{
								displayName: 'Action ID',
								name: 'actionId',
								type: 'string',
								default: '',
								description: 'Sent back as the turn\'s actionId when clicked',
							},
							{
								displayName: 'URL',
								name: 'url',
								type: 'string',
								default: '',
								placeholder: 'https://example.com/orders/{{fields.order_id}}',
								description: 'Opens this address instead (a URL template: values are percent-encoded)',
							},
						],
					},
				],
			},
			{
				displayName: 'Hand Over to a Human',
				name: 'handoff',
				type: 'boolean',
				default: false,
				description: 'Whether to mark the reply for a human to take over (reply.handoff); off keeps what an earlier node set',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'string',
				default: '',
				placeholder: 'lead, priority',
				description: 'Comma-separated conversation tags added to the reply',
			},
			{
				displayName: 'Send Response',
				name: 'respond',
				type: 'boolean',
				default: true,
				description:
					'Whether to answer the chat widget now (when its trigger responds "Using a Chat Reply Node"), in the format it posted in',
			},
			{
				displayName: 'Conversation State',
				name: 'stateStore',
				type: 'options',
				options: [
					{ name: 'In Memory', value: 'memory', description: 'The Action Router keeps this conversation in memory' },
					{ name: 'Redis', value: 'redis', description: 'The Action Router keeps it in Redis: use its credential' },
					{ name: 'None', value: 'none', description: 'Do not add the answer to the thread' },
				],
				default: 'memory',
				description:
					"Where the Action Router keeps this conversation: the answer is added to its thread, which @n8n/chat's previous session shows and a handoff carries. Nothing is kept for a conversation the router does not know.",
			},
			personalDataProperty,
		],
	};

	methods = { credentialTest: { chatActionsPersonalDataKeyTest, chatActionsRedisConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		const personal = await personalDataFor(this);
		// The widget reads the real reply; the saved output shows it redacted when sealed.
		let answer: ChatTurn | undefined;
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const turn = personal.open(items[itemIndex].json, itemIndex);
			const spec: ReplySpec = {
				message: this.getNodeParameter('message', itemIndex, '') as string,
				buttons: listParameter(this, 'buttons', itemIndex).map((b) => ({
					label: String(b.label ?? ''),
					actionId: String(b.actionId ?? ''),
					url: String(b.url ?? ''),
				})),
				handoff: this.getNodeParameter('handoff', itemIndex, false) as boolean,
				tags: commaList(this.getNodeParameter('tags', itemIndex, '')),
			};
			let updated: ChatTurn;
			try {
				updated = composeReply(turn, spec);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			answer ??= updated;
			output.push({ json: personal.close(updated) as IDataObject, pairedItem: { item: itemIndex } });
		}
		// One request, one answer: the first item answers the widget.
		if (answer) {
			// Recorded first, so that a reload right after the answer shows it.
			await recordAnswer(this, answer);
			await answerChat(this, answer, this.getNodeParameter('respond', 0, true) as boolean);
		}
		return [output];
	}
}

/**
 * The answer into the router's thread: a store that cannot be reached costs the thread one
 * line and n8n's log a warning, never the visitor's answer.
 */
async function recordAnswer(ctx: IExecuteFunctions, answer: ChatTurn): Promise<void> {
	const text = typeof answer.reply?.message === 'string' ? answer.reply.message : '';
	if (ctx.getNodeParameter('stateStore', 0, 'memory') === 'none' || !text.trim() || typeof answer.conversationId !== 'string' || !answer.conversationId) return;
	// The router found the store unavailable on this very turn: asking again only delays the answer.
	if (isPlainObject(answer.router) && answer.router.reason === 'state_unavailable') return;
	try {
		await addReplyToThread(await stateStoreFor(ctx), ctx.getWorkflow().id, answer.conversationId, text);
	} catch (error) {
		ctx.logger.warn(`Chat Reply could not add its answer to the conversation's thread: ${(error as Error).message}`);
	}
}
