/** Chatwoot: to be written (issue 27). */
import type { ChannelSuite } from './suite';

export const chatwootSuite: ChannelSuite = {
	name: 'Chatwoot',
	async setUp() {
		return { workflows: [], credentials: [], readyWebhooks: [] };
	},
	async tearDown() {},
	tests() {},
};
