/**
 * One channel's part of the ways-in end-to-end test (test/e2e/ways-in.e2e.test.ts): the local
 * server that speaks the service's protocol, started before n8n; the example flow and credentials
 * n8n imports; the tests, run against the one n8n all channels share (one n8n start per n8n line).
 */
import type { DemoApi } from '../../../examples/demo-api';
import type { N8nInstance } from '../../../toolkit/n8n/n8n-instance';

export interface WaysInContext {
	n8n: N8nInstance;
	api: DemoApi;
}

export interface ChannelSetUp {
	workflows: object[];
	credentials: object[];
	/** Webhooks that must answer before the tests start (n8n registers them on activation). */
	readyWebhooks: Array<{ path: string; method: 'GET' | 'POST' }>;
}

export interface ChannelSuite {
	name: string;
	/** Starts the channel's local server; returns what n8n imports. */
	setUp(api: DemoApi): Promise<ChannelSetUp>;
	/** Registers the tests (synchronously, at load): `context()` gives n8n once it runs. */
	tests(context: () => WaysInContext): void;
	tearDown(): Promise<void>;
}

export interface ExampleWorkflow {
	id: string;
	nodes: Array<{ name: string; type: string; webhookId?: string; parameters?: Record<string, unknown> }>;
	[key: string]: unknown;
}
