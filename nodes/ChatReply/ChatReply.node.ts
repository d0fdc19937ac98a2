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
import { answeredTurnCounts, recordCounts } from '../shared/insight';
import { commaList } from '../shared/lists';
import { chatActionsPersonalDataKeyTest, type PersonalDataHandling, personalDataFor } from '../shared/personal-data-node';
import { chatActionsRedisConnectionTest } from '../shared/redis-credential-node';
import { stateStoreFor } from '../shared/state-store-node';
import { answerChat } from './answer';
import { deliver } from './channel-send';
import type { ChannelName } from '../shared/channels/types';
import { chatReplyProperties } from './ChatReplyDescription';
import { type ReplySpec, withSettingsReply } from './engine/reply';
import { addReplyToThread } from './engine/thread';

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
		subtitle:
			'={{({ chatwoot: "Send through Chatwoot", whatsapp: "Send through WhatsApp", telegram: "Send through Telegram" })[$parameter["sendThrough"]] ?? ($parameter["respond"] === false ? "Set the reply" : "Answer the chat")}}',
		description: 'Answers the visitor: sets the reply and sends it in the chat widget\'s own format',
		defaults: { name: 'Chat Reply' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// The key credential calls no API: this node tests it (see methods.credentialTest).
		credentials: [
			{ name: 'chatActionsChatwootApi', required: true, displayOptions: { show: { sendThrough: ['chatwoot'] } } },
			{ name: 'chatActionsTelegramApi', required: true, displayOptions: { show: { sendThrough: ['telegram'] } } },
			{ name: 'chatActionsWhatsAppApi', required: true, displayOptions: { show: { sendThrough: ['whatsapp'] } } },
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
		properties: chatReplyProperties,
	};

	methods = { credentialTest: { chatActionsPersonalDataKeyTest, chatActionsRedisConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		const personal = await personalDataFor(this);
		// The widget reads the real reply; the saved output shows it redacted when sealed.
		let answer: ChatTurn | undefined;
		const answered: ChatTurn[] = [];
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
				updated = withSettingsReply(turn, spec);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
			answer ??= updated;
			answered.push(updated);
			output.push({ json: personal.close(updated) as IDataObject, pairedItem: { item: itemIndex } });
		}
		const channel = this.getNodeParameter('sendThrough', 0, 'response') as ChannelName | 'response';
		if (channel !== 'response') {
			await sendThroughChannel(this, channel, output, personal);
		} else if (answer) {
			// One request, one answer: the first item answers the widget. Recorded first, so that a
			// reload right after the answer shows it.
			await recordAnswer(this, answer);
			await answerChat(this, answer, this.getNodeParameter('respond', 0, true) as boolean);
		}
		// Counted once the visitor has the answer: a slow store never delays it.
		await countOutcomes(this, answered, output);
		return [output];
	}
}

/**
 * Each item's reply sent through the channel's API, recorded in its conversation, and how it went
 * on the item (`delivery`); a failure fails the node unless it continues on fail.
 */
async function sendThroughChannel(ctx: IExecuteFunctions, channel: ChannelName, output: INodeExecutionData[], personal: PersonalDataHandling): Promise<INodeExecutionData[]> {
	for (const [itemIndex, item] of output.entries()) {
		const turn = personal.open(item.json, itemIndex);
		try {
			const delivery = await deliver(ctx, channel, turn);
			item.json = { ...item.json, delivery } as IDataObject;
		} catch (error) {
			if (!ctx.continueOnFail()) throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			item.json = { ...item.json, delivery: { channel, error: (error as Error).message } } as IDataObject;
			continue;
		}
		await recordAnswer(ctx, turn);
	}
	return output;
}

/**
 * The answer into the router's thread: a store that cannot be reached costs the thread one
 * line and n8n's log a warning, never the visitor's answer.
 */
async function recordAnswer(ctx: IExecuteFunctions, answer: ChatTurn): Promise<void> {
	const text = typeof answer.reply?.message === 'string' ? answer.reply.message : '';
	const reply = { text, tags: answer.reply?.tags, handoff: answer.reply?.handoff === true };
	if (ctx.getNodeParameter('stateStore', 0, 'memory') === 'none' || typeof answer.conversationId !== 'string' || !answer.conversationId) return;
	if (!text.trim() && !reply.handoff && !reply.tags?.length) return;
	// The router found the store unavailable on this very turn: asking again only delays the answer.
	if (isPlainObject(answer.router) && answer.router.reason === 'state_unavailable') return;
	try {
		await addReplyToThread(await stateStoreFor(ctx), ctx.getWorkflow().id, answer.conversationId, reply);
	} catch (error) {
		ctx.logger.warn(`Chat Reply could not add its answer to the conversation's thread: ${(error as Error).message}`);
	}
}

/**
 * Count Outcomes (the router's option, which marks its items `router.insight: true`): each routed
 * action this node answers counts as completed or failed in the flow's insight
 * (nodes/shared/insight.ts), in this node's Conversation State store, which is the router's when
 * both are set alike. A store that fails loses the counts, never the answer.
 */
async function countOutcomes(ctx: IExecuteFunctions, answered: ChatTurn[], output: INodeExecutionData[]): Promise<void> {
	const counts = answered.map(answeredTurnCounts);
	if (counts.every((turn) => turn.length === 0) || ctx.getNodeParameter('stateStore', 0, 'memory') === 'none') return;
	const warn = (message: string) => ctx.logger.warn(message);
	let counted = false;
	try {
		counted = await recordCounts(await stateStoreFor(ctx), ctx.getWorkflow().id, counts.flat(), new Date(), warn);
	} catch (error) {
		warn(`Insight could not be counted: ${(error as Error).message}`);
	}
	if (!counted) return;
	// A second Chat Reply on the same path (one that sets the reply, one that sends it) counts nothing again.
	for (const [index, item] of output.entries()) {
		if (counts[index].length > 0 && isPlainObject(item.json.router)) item.json = { ...item.json, router: { ...item.json.router, insight: 'counted' } };
	}
}
