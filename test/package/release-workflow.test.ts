/**
 * The release workflow (.github/workflows/release.yml) cannot run here; its shape can be
 * checked, and its shell steps run: it starts only on a version tag, packs the tarball once,
 * runs the README's test command on that file, uploads it, and a job that may request an
 * identity token publishes that very file with an npm provenance statement as a trusted
 * publisher, with no token and no rebuild. Its pack, unpack, guard and publish steps run here.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'yaml';

import { REPO_ROOT } from './pack';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, string | number | boolean>;
	env?: Record<string, string>;
	'working-directory'?: string;
}

interface Job {
	needs?: string | string[];
	permissions?: Record<string, string>;
	env?: Record<string, string>;
	steps: Step[];
}

interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	env?: Record<string, string>;
	jobs: Record<string, Job>;
}

const workflowText = readFileSync(join(REPO_ROOT, '.github', 'workflows', 'release.yml'), 'utf8');
const workflow = parse(workflowText) as Workflow;
const jobs = Object.entries(workflow.jobs);
const isPublish = (step: Step) => /^npm publish\b/.test(step.run?.trim() ?? '');
const isPack = (step: Step) => /(^|\n)\s*npm pack\b/.test(step.run ?? '');
const uses = (action: string) => (step: Step) => step.uses?.split('@')[0] === action;
const publishJobs = jobs.filter(([, job]) => job.steps.some(isPublish));

/**
 * Runs a `run:` step as GitHub does on Linux (bash --noprofile --norc -eo pipefail), in `cwd`
 * with GITHUB_ENV pointing at a file there; returns what the step added to GITHUB_ENV.
 */
function runStep(step: Step, cwd: string, env: Record<string, string | undefined> = {}) {
	const githubEnv = join(cwd, '.github-env');
	writeFileSync(githubEnv, '');
	const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_|^NODE_ENV$/i.test(key)));
	const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
		cwd: join(cwd, step['working-directory'] ?? ''),
		env: { ...clean, ...step.env, ...env, GITHUB_ENV: githubEnv },
		encoding: 'utf8',
	});
	const added = Object.fromEntries(
		readFileSync(githubEnv, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
	);
	return { status: result.status, stdout: result.stdout, stderr: result.stderr, githubEnv: added };
}

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

	test('packs the tarball once, in a job the publishing job waits for, after the build and before the tests', () => {
		const packs = stepsWhere(isPack);
		expect(packs).toHaveLength(1);
		const [[packJob, packIndex]] = packs;
		const [publishJob] = publishJobs[0];
		expect(before(publishJob)).toContain(packJob);
		const runs = workflow.jobs[packJob].steps.map((step) => step.run?.trim());
		expect(runs.indexOf('npm run build')).toBeGreaterThan(runs.indexOf('npm ci'));
		expect(packIndex).toBeGreaterThan(runs.indexOf('npm run build'));
		expect(runs.indexOf('npm test')).toBeGreaterThan(packIndex);
	});

	test('uploads that tarball as an artifact after the tests passed, and the publishing job downloads that artifact', () => {
		const [[packJob]] = stepsWhere(isPack);
		const steps = workflow.jobs[packJob].steps;
		const upload = steps.findIndex(uses('actions/upload-artifact'));
		expect(upload).toBeGreaterThan(steps.findIndex((step) => step.run?.trim() === 'npm test'));
		expect(steps[upload].with?.path).toBe('release/*.tgz');
		expect(steps[upload].with?.['if-no-files-found']).toBe('error');
		const [, job] = publishJobs[0];
		const download = job.steps.find(uses('actions/download-artifact'));
		expect(download?.with).toEqual({ name: steps[upload].with?.name, path: 'release' });
	});

	test('publishes the downloaded .tgz (npm publish <file>.tgz) and neither checks out, installs, builds nor packs anything', () => {
		const [, job] = publishJobs[0];
		const publish = job.steps.find(isPublish)!.run!.trim();
		expect(publish).toMatch(/^npm publish release\/\*\.tgz\s/);
		expect(job.steps.filter(uses('actions/checkout'))).toEqual([]);
		expect(job.steps.filter((step) => /\bnpm (ci|install|i|run|pack|rebuild)\b/.test(step.run ?? ''))).toEqual([]);
	});

	test('passes npm no token: trusted publishing only (no NODE_AUTH_TOKEN or NPM_TOKEN, no secret, no registry-url)', () => {
		const envs = [workflow.env, ...jobs.flatMap(([, job]) => [job.env, ...job.steps.map((step) => step.env)])];
		expect(envs.flatMap((env) => Object.keys(env ?? {})).filter((name) => /TOKEN|NPM/i.test(name))).toEqual([]);
		const code = workflowText
			.split('\n')
			.filter((line) => !/^\s*#/.test(line))
			.join('\n');
		expect(code).not.toMatch(/secrets\.|NODE_AUTH_TOKEN|NPM_TOKEN/);
		const [, job] = publishJobs[0];
		const setupNode = job.steps.filter(uses('actions/setup-node'));
		expect(setupNode).toHaveLength(1);
		// setup-node's registry-url writes an .npmrc reading NODE_AUTH_TOKEN (and sets a placeholder):
		// npm then tries that token instead of trusted publishing.
		expect(Object.keys(setupNode[0].with ?? {})).toEqual(['node-version']);
		// Node 24.21's npm is 11.19; trusted publishing needs npm 11.5.1 or later.
		expect(String(setupNode[0].with?.['node-version'])).toMatch(/^24\./);
	});

	test('its steps work: the pack step writes one tarball and hands the tests its path; the publishing job unpacks its package.json for the guard and publishes that file', () => {
		const [[packJob, packIndex]] = stepsWhere(isPack);
		const packStep = workflow.jobs[packJob].steps[packIndex];
		const [, job] = publishJobs[0];
		const unpack = job.steps.find((step) => /tar -xzf/.test(step.run ?? ''))!;
		const guard = job.steps.find((step) => step.run?.includes('GITHUB_REF_NAME'))!;
		const publish = job.steps.find(isPublish)!;
		const root = mkdtempSync(join(tmpdir(), 'release-steps-'));
		try {
			// The test job, on a small package.
			const repo = join(root, 'repo');
			mkdirSync(repo);
			writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'n8n-nodes-release-check', version: '1.2.3', files: ['index.js'] }));
			writeFileSync(join(repo, 'index.js'), '');
			const packed = runStep(packStep, repo);
			expect({ status: packed.status, stderr: packed.status === 0 ? '' : packed.stderr }).toEqual({ status: 0, stderr: '' });
			expect(readdirSync(join(repo, 'release'))).toEqual(['n8n-nodes-release-check-1.2.3.tgz']);
			expect(packed.githubEnv).toEqual({ CHAT_ACTIONS_TARBALL: join(repo, 'release', 'n8n-nodes-release-check-1.2.3.tgz') });

			// The publishing job: the artifact downloaded into release/, then its steps in order.
			const runner = join(root, 'runner');
			mkdirSync(join(runner, 'release'), { recursive: true });
			copyFileSync(packed.githubEnv.CHAT_ACTIONS_TARBALL, join(runner, 'release', 'n8n-nodes-release-check-1.2.3.tgz'));
			expect(runStep(unpack, runner).status).toBe(0);
			expect(guard['working-directory']).toBe('release/package');
			expect(existsSync(join(runner, guard['working-directory']!, 'package.json'))).toBe(true);
			// A stand-in npm that prints its arguments.
			const bin = join(root, 'bin');
			mkdirSync(bin);
			writeFileSync(join(bin, 'npm'), '#!/bin/sh\nnode -e \'console.log(JSON.stringify(process.argv.slice(1)))\' -- "$@"\n', { mode: 0o755 });
			const published = runStep(publish, runner, { PATH: `${bin}:${process.env.PATH}` });
			expect(published.status).toBe(0);
			expect(JSON.parse(published.stdout)).toEqual(['publish', 'release/n8n-nodes-release-check-1.2.3.tgz', '--provenance', '--access', 'public']);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
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
