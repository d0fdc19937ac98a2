/** The messaging channels by name (types.ts says what a channel does). */
import { chatwoot } from './chatwoot';
import { telegram } from './telegram';
import type { Channel, ChannelName } from './types';
import { whatsapp } from './whatsapp';

const CHANNEL_LIST: Channel[] = [chatwoot, whatsapp, telegram];

export function channelNamed(name: ChannelName): Channel {
	return CHANNEL_LIST.find((channel) => channel.name === name)!;
}

/** The channel whose webhook body this is, if any. */
export function detectChannel(body: Record<string, unknown>): ChannelName | undefined {
	return CHANNEL_LIST.find((channel) => channel.detect(body))?.name;
}
