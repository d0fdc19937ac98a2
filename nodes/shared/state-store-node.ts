/** The store a node's *Conversation State* parameter names, for the nodes that read or write conversations. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { getRedisStateStore, getSharedMemoryStateStore, type StateStore } from './state';

/** This process's memory, or Redis by the node's Chat Actions Redis credential. */
export async function stateStoreFor(ctx: IExecuteFunctions): Promise<StateStore> {
	if (ctx.getNodeParameter('stateStore', 0, 'memory') !== 'redis') return getSharedMemoryStateStore();
	return getRedisStateStore(await ctx.getCredentials('chatActionsRedisApi'));
}
