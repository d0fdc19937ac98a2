/** WhatsApp: to be written (issue 27). */
import type { ChannelSuite } from './suite';

export const whatsappSuite: ChannelSuite = {
	name: 'WhatsApp',
	async setUp() {
		return { workflows: [], credentials: [], readyWebhooks: [] };
	},
	async tearDown() {},
	tests() {},
};
