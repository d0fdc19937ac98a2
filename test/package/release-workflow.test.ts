/**
 * The release workflow (.github/workflows/release.yml) cannot run here; its shape can be
 * checked: it starts only on a version tag, runs the README's test command before anything
 * is published, and publishes with an npm provenance statement. Its guard step runs here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'yaml';

import { REPO_ROOT } from './pack';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	env?: Record<string, string>;
}

interface Job {
	needs?: string | string[];
	permissions?: Record<string, string>;
	steps: Step[];
}

interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(join(REPO_ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as Workflow;
const jobs = Object.entries(workflow.jobs);
const isPublish = (step: Step) => /^npm publish\b/.test(step.run?.trim() ?? '');
const publishJobs = jobs.filter(([, job]) => job.steps.some(isPublish));

/** The jobs that must succeed before this one starts (its `needs`, transitively). */
function before(name: string): string[] {
	const needs = workflow.jobs[name].needs ?? [];
	const direct = Array.isArray(needs) ? needs : [needs];
	return [...new Set(direct.flatMap((job) => [job, ...before(job)]))];
}

/** Where a step runs: [job, index of the step], for the first step that matches. */
function stepsWhere(match: (step: Step) => boolean): Array<[string, number]> {
	return jobs.flatMap(([name, job]) => job.steps.flatMap((step, index) => (match(step) ? [[name, index] as [string, number]] : [])));
}

describe('the release workflow', () => {
	test('starts only when a version tag (v1.2.3) is pushed', () => {
		expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	test('has exactly one step that publishes', () => {
		expect(stepsWhere(isPublish)).toHaveLength(1);
	});

	test("runs the README's test command (npm ci, then npm test) before it publishes", () => {
		const [publishJob] = publishJobs[0];
		const publishIndex = workflow.jobs[publishJob].steps.findIndex(isPublish);
		const earlier = ([job, index]: [string, number]) => before(publishJob).includes(job) || (job === publishJob && index < publishIndex);
		const tests = stepsWhere((step) => step.run?.trim() === 'npm test').filter(earlier);
		expect(tests).not.toHaveLength(0);
		for (const [job, index] of tests) {
			expect(workflow.jobs[job].steps.slice(0, index).map((step) => step.run?.trim())).toContain('npm ci');
		}
	});

	test('publishes publicly with a provenance statement, from the one job that may request an identity token', () => {
		const [publishJob, job] = publishJobs[0];
		const publish = job.steps.find(isPublish)!.run!;
		expect(publish).toMatch(/\s--provenance(\s|$)/);
		expect(publish).toMatch(/\s--access public(\s|$)/);
		expect(job.permissions?.['id-token']).toBe('write');
		expect(workflow.permissions?.['id-token']).toBeUndefined();
		expect(jobs.filter(([, other]) => other.permissions?.['id-token']).map(([name]) => name)).toEqual([publishJob]);
	});

	test('builds the package in the publishing job before it publishes', () => {
		const [, job] = publishJobs[0];
		const runs = job.steps.map((step) => step.run?.trim());
		expect(runs.indexOf('npm ci')).toBeGreaterThanOrEqual(0);
		expect(runs.indexOf('npm run build')).toBeGreaterThan(runs.indexOf('npm ci'));
		expect(job.steps.findIndex(isPublish)).toBeGreaterThan(runs.indexOf('npm run build'));
	});

	describe('a guard step before npm publish', () => {
		const [, job] = publishJobs[0];
		const guardIndex = job.steps.findIndex((step) => step.run?.includes('GITHUB_REF_NAME'));
		const guard = job.steps[guardIndex];
		const good = {
			name: 'n8n-nodes-chat-actions',
			version: '1.2.3',
			author: { name: 'A Publisher', email: 'publisher@their-domain.test' },
			homepage: 'https://github.com/Someone/n8n-nodes-chat-actions#readme',
			repository: { type: 'git', url: 'git+https://github.com/Someone/n8n-nodes-chat-actions.git' },
			bugs: { url: 'https://github.com/Someone/n8n-nodes-chat-actions/issues' },
		};

		/** Runs the guard step's script as GitHub would, on this package.json. */
		function runGuard(pkg: object, tag: string, repository = 'someone/n8n-nodes-chat-actions') {
			const dir = mkdtempSync(join(tmpdir(), 'release-guard-'));
			try {
				writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
				const env = { PATH: process.env.PATH, GITHUB_REF_NAME: tag, ...guard.env, REPOSITORY: repository };
				// GitHub's default shell for a run step on Linux: bash --noprofile --norc -eo pipefail.
				const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', guard.run!], { cwd: dir, env, encoding: 'utf8' });
				return { status: result.status, stderr: result.stderr };
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}

		test('lets a consistent release through: tag v + version, an author email, package.json naming the publishing repository', () => {
			expect(guardIndex).toBeGreaterThanOrEqual(0);
			expect(guardIndex).toBeLessThan(job.steps.findIndex(isPublish));
			expect(guard.env?.REPOSITORY).toBe('${{ github.repository }}');
			expect(runGuard(good, 'v1.2.3')).toEqual({ status: 0, stderr: '' });
		});

		test('stops a tag that is not v + package.json version', () => {
			expect(runGuard(good, 'v1.2.4')).toEqual({ status: 1, stderr: expect.stringContaining('tag v1.2.4 is not v1.2.3') });
		});

		test('stops a package.json without an author email', () => {
			const result = runGuard({ ...good, author: { name: 'A Publisher' } }, 'v1.2.3');
			expect(result).toEqual({ status: 1, stderr: expect.stringContaining('author has no email') });
		});

		test('stops a package.json whose repository, bugs or homepage name another repository', () => {
			const result = runGuard(good, 'v1.2.3', 'n8n-nodes-chat-actions/n8n-nodes-chat-actions');
			expect(result.status).toBe(1);
			for (const field of ['repository', 'bugs', 'homepage']) expect(result.stderr).toContain(`package.json ${field}`);
		});
	});
});
