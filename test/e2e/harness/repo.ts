import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository: the nearest folder above this file whose package.json is this package's
 * (three levels up from the sources; more from a compiled copy such as the benchmarks' build).
 */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
	for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
		try {
			if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'n8n-nodes-chat-actions') return dir;
		} catch {
			// no package.json here
		}
	}
	return resolve(from, '..', '..', '..');
}
