/** The example flows (examples/*.json) and their credential, as the e2e suites import them. */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { type DemoApi, startDemoApi } from '../../examples/demo-api';
import { REPO_ROOT } from '../../toolkit/n8n/install';
import { type N8nInstance, packPackage, startN8n, type WebhookProbe } from '../../toolkit/n8n/n8n-instance';

export const EXAMPLES = join(REPO_ROOT, 'examples');

export interface ExampleWorkflow {
	id: string;
	active: boolean;
	nodes: Array<{ type: string; webhookId?: string; parameters: { path?: string } }>;
}

/**
 * examples/<file> (`ways-in/telegram.json` for a flow behind another trigger), marked active: the files are exported inactive (n8n's import deactivates
 * anyway), and the harness activates only workflows not marked inactive.
 */
export function exampleWorkflow(file: string): ExampleWorkflow {
	return { ...(JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as ExampleWorkflow), active: true };
}

/** Every example flow (examples/*.json but credentials.json), in file-name order. */
export function exampleWorkflows(): ExampleWorkflow[] {
	return readdirSync(EXAMPLES)
		.filter((file) => file.endsWith('.json') && file !== 'credentials.json')
		.sort()
		.map(exampleWorkflow);
}

/** examples/credentials.json, pointed at a demo API running on `apiUrl` (the shipped one names its default port). */
export function exampleCredentials(apiUrl: string): object[] {
	const credentials = JSON.parse(readFileSync(join(EXAMPLES, 'credentials.json'), 'utf8')) as Array<{ data: object }>;
	return credentials.map((credential) => ({ ...credential, data: { ...credential.data, baseUrl: apiUrl } }));
}

export interface ExamplesRun {
	api: DemoApi;
	n8n: N8nInstance;
	/** Stops n8n and the demo API and removes the packed package. */
	stop(): Promise<void>;
}

/**
 * What `npm start` runs, for a suite: the demo API (examples/demo-api.js) on a free port and a
 * real n8n with the packed package, these example flows and their credential pointed at the API.
 * `moreCredentials` go in too (the Telegram bot of examples/ways-in/telegram.json).
 */
export async function startExamples(workflows: ExampleWorkflow[], readyWebhooks?: WebhookProbe[], moreCredentials: object[] = []): Promise<ExamplesRun> {
	const api = await startDemoApi({ port: 0, log: false });
	let tarball: string | undefined;
	const removeTarball = () => tarball && rmSync(dirname(tarball), { recursive: true, force: true });
	try {
		tarball = await packPackage();
		const n8n = await startN8n({ workflows, credentials: [...exampleCredentials(api.url), ...moreCredentials], packageTarball: tarball, readyWebhooks });
		return {
			api,
			n8n,
			stop: async () => {
				await n8n.dispose();
				await api.close();
				removeTarball();
			},
		};
	} catch (error) {
		await api.close();
		removeTarball();
		throw error;
	}
}
