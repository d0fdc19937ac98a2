/** The example flows (examples/*.json) and their credential, as the e2e suites import them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../../toolkit/n8n/install';

export const EXAMPLES = join(REPO_ROOT, 'examples');

/** examples/credentials.json, pointed at a demo API running on `apiUrl` (the shipped one names its default port). */
export function exampleCredentials(apiUrl: string): object[] {
	const credentials = JSON.parse(readFileSync(join(EXAMPLES, 'credentials.json'), 'utf8')) as Array<{ data: object }>;
	return credentials.map((credential) => ({ ...credential, data: { ...credential.data, baseUrl: apiUrl } }));
}
