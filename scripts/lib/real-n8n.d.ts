// Types of real-n8n.js (plain CommonJS, shared by scripts/start.mjs and toolkit/n8n).
import type { ChildProcess } from 'node:child_process';

export function sleep(ms: number): Promise<void>;
export function isPidAlive(pid: number): boolean;
export function isGroupAlive(pgid: number): boolean;
export function killGroup(pgid: number, signal: NodeJS.Signals): void;
export function stopGroup(pgid: number, graceMs: number): Promise<void>;
export function startWatchdog(parentPid: number, pgid: number, graceMs?: number): void;

export interface CommandResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	timedOut: boolean;
	output: string;
}

export function runCommand(
	file: string,
	args: string[],
	/** `uid`/`gid`: run as another user (root only; e.g. PostgreSQL's initdb). */
	options: {
		cwd: string;
		env: NodeJS.ProcessEnv;
		logFile: string;
		timeoutMs: number;
		uid?: number;
		gid?: number;
		onSpawn?: (child: ChildProcess) => void;
	},
): Promise<CommandResult>;
export function lastLines(text: string, count: number): string;

export function installCommunityPackage(n8nFolder: string, tarball: string, logFile: string): Promise<void>;

/** A webhook to wait for: `/webhook/<path>` registered for `method`. */
export interface WebhookProbe {
	path: string;
	method: string;
}

export function webhookRegistered(baseUrl: string, probe: WebhookProbe): Promise<boolean>;
export function isUsefulLogLine(line: string): boolean;
export function tailFile(path: string, lines: number, keep?: (line: string) => boolean): Promise<string>;
export function waitUntilReady(args: {
	/** Why n8n is gone, or undefined while it runs. */
	exitReason: () => string | undefined;
	baseUrl: string;
	logFile: string;
	logOffset: number;
	readyWebhooks: WebhookProbe[];
	timeoutMs: number;
}): Promise<void>;
