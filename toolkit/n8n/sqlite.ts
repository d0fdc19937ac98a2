// Read-only queries against an n8n instance's SQLite database.
//
// The test process (Node 20) has no SQLite driver; n8n's own `sqlite3` module is built for
// the Node binary n8n runs on. So each query runs in a short child process on that binary,
// loading sqlite3 (and flatted, n8n's serialisation of execution data) from n8n's install.
// Reading works while n8n runs (SQLite allows concurrent readers) and while it is stopped.
import { execFile } from 'node:child_process';

import type { N8nInstall } from './install';

const QUERY_SCRIPT = `
const [hostDir, dbPath, sql, paramsJson, flattedColumnsJson] = process.argv.slice(1);
const requireFromN8n = require('node:module').createRequire(hostDir + '/node_modules/n8n/package.json');
const sqlite3 = requireFromN8n('sqlite3');
const flatted = requireFromN8n('flatted');
const flattedColumns = JSON.parse(flattedColumnsJson);
const db = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY, (openError) => {
	if (openError) { console.error(openError.message); process.exit(1); }
	db.configure('busyTimeout', 10000);
	db.all(sql, JSON.parse(paramsJson), (error, rows) => {
		if (error) { console.error(error.message); process.exit(1); }
		for (const row of rows) {
			for (const column of flattedColumns) {
				if (typeof row[column] === 'string') row[column] = flatted.parse(row[column]);
			}
		}
		process.stdout.write(JSON.stringify(rows));
		db.close();
	});
});`;

export type Row = Record<string, unknown>;

/** Runs one SELECT; columns named in `flattedColumns` are decoded with flatted.parse. */
export function querySqlite(
	install: N8nInstall,
	dbPath: string,
	sql: string,
	params: unknown[] = [],
	flattedColumns: string[] = [],
): Promise<Row[]> {
	const args = ['-e', QUERY_SCRIPT, install.hostDir, dbPath, sql, JSON.stringify(params), JSON.stringify(flattedColumns)];
	return new Promise((resolve, reject) => {
		execFile(install.nodeBin, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`SQLite query failed (${sql}): ${stderr.trim() || error.message}`));
			else resolve(JSON.parse(stdout) as Row[]);
		});
	});
}
