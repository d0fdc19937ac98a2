// A throwaway PostgreSQL server for the harness's queue mode (n8n's main process and its
// workers share one database; n8n supports that on PostgreSQL, not SQLite). Loopback only,
// a free port, a temporary data folder, trust authentication for one user, durability off
// (fsync, synchronous_commit: the data is thrown away anyway). The binaries come from
// Debian's postgresql package (scripts/ensure-postgres.mjs installs it when missing).
//
// PostgreSQL refuses to run as root: as root, initdb and the server run as the `postgres`
// system user the Debian package creates, on a folder handed over to it.
//
// Queries run like sqlite.ts's: in a short child process on n8n's Node, with n8n's own `pg`
// module (the test process needs no driver of its own).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { N8nInstall } from './install';
import { freePorts, isGroupAlive, killGroup, runCommand, sleep, startWatchdog, stopGroup } from './process';
import { ensureTool } from './repo';
import type { Row } from './sqlite';

const USER = 'n8n';

const QUERY_SCRIPT = `
const [hostDir, connectionJson, sql, paramsJson, flattedColumnsJson] = process.argv.slice(1);
const requireFromN8n = require('node:module').createRequire(hostDir + '/node_modules/n8n/package.json');
const { Client } = requireFromN8n('pg');
const flatted = requireFromN8n('flatted');
const flattedColumns = JSON.parse(flattedColumnsJson);
const client = new Client(JSON.parse(connectionJson));
client.connect()
	.then(() => client.query(sql, JSON.parse(paramsJson)))
	.then((result) => {
		for (const row of result.rows) {
			for (const column of flattedColumns) {
				if (typeof row[column] === 'string') row[column] = flatted.parse(row[column]);
			}
		}
		process.stdout.write(JSON.stringify(result.rows));
		return client.end();
	})
	.catch((error) => { console.error(error.message); process.exit(1); });`;

export interface PostgresServer {
	host: string;
	port: number;
	user: string;
	/** The database n8n uses. */
	database: string;
	/** The server's own log. */
	logFile: string;
	/** Environment that points n8n at this database. */
	n8nEnv(): Record<string, string>;
	/** One statement with $1-style parameters; `flattedColumns` are decoded like n8n's execution data. */
	query(install: N8nInstall, sql: string, params?: unknown[], flattedColumns?: string[]): Promise<Row[]>;
	stop(): Promise<void>;
}

function ensurePostgresBinDir(): string {
	return ensureTool<{ binDir: string }>('ensure-postgres.mjs').binDir;
}

/** uid/gid to run PostgreSQL as: the `postgres` user when this is root, else ourselves. */
function runAs(): { uid: number; gid: number } | undefined {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

export async function startPostgres(options: { logFile: string; timeoutMs?: number }): Promise<PostgresServer> {
	const binDir = ensurePostgresBinDir();
	const identity = runAs();
	const dir = await mkdtemp(join(tmpdir(), 'n8n-e2e-postgres-'));
	const dataDir = join(dir, 'data');
	if (identity) await chown(dir, identity.uid, identity.gid);
	const init = await runCommand(
		join(binDir, 'initdb'),
		['-D', dataDir, '-U', USER, '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
		{ cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' }, logFile: options.logFile, timeoutMs: 120_000, ...identity },
	);
	if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code ?? init.signal}):\n${init.output}`);

	const [port] = await freePorts(1);
	const args = ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'];
	// Throwaway data: no durability; enough connections for n8n's main process, workers and pools.
	for (const setting of ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=300']) args.push('-c', setting);
	const logFd = openSync(options.logFile, 'a');
	const child = spawn(join(binDir, 'postgres'), args, { cwd: dir, detached: true, stdio: ['ignore', logFd, logFd], ...identity });
	closeSync(logFd);
	child.unref();
	const pgid = child.pid;
	if (!pgid) throw new Error(`Could not start ${join(binDir, 'postgres')}`);
	startWatchdog(process.pid, pgid); // the server goes with the test process, however it ends

	const server: PostgresServer = {
		host: '127.0.0.1',
		port,
		user: USER,
		database: 'n8n',
		logFile: options.logFile,
		n8nEnv: () => ({
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_USER: USER,
			DB_POSTGRESDB_PASSWORD: '',
			DB_POSTGRESDB_DATABASE: 'n8n',
		}),
		query: (install, sql, params = [], flattedColumns = []) => {
			const connection = JSON.stringify({ host: '127.0.0.1', port, user: USER, database: server.database });
			const argv = ['-e', QUERY_SCRIPT, install.hostDir, connection, sql, JSON.stringify(params), JSON.stringify(flattedColumns)];
			return new Promise((resolve, reject) => {
				execFile(install.nodeBin, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
					if (error) reject(new Error(`PostgreSQL query failed (${sql}): ${stderr.trim() || error.message}`));
					else resolve(JSON.parse(stdout) as Row[]);
				});
			});
		},
		async stop() {
			if (isGroupAlive(pgid)) await stopGroup(pgid, 10_000); // SIGTERM: PostgreSQL's "smart" shutdown
			await rm(dir, { recursive: true, force: true });
		},
	};

	// Ready when it accepts a connection; then the database n8n migrates on its first start.
	const deadline = Date.now() + (options.timeoutMs ?? 60_000);
	const psqlEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
	for (;;) {
		if (!isGroupAlive(pgid)) throw new Error(`PostgreSQL exited during start-up (see ${options.logFile})`);
		const ready = await runCommand('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', USER, '-d', 'postgres', '-Atc', 'CREATE DATABASE n8n'], {
			cwd: dir,
			env: psqlEnv,
			logFile: options.logFile,
			timeoutMs: 10_000,
		});
		if (ready.code === 0) return server;
		if (Date.now() > deadline) {
			killGroup(pgid, 'SIGKILL');
			throw new Error(`PostgreSQL did not accept connections on port ${port}:\n${ready.output}`);
		}
		await sleep(250);
	}
}
