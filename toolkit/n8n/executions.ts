// Executions as n8n saved them, read straight from its database: SQLite, or PostgreSQL in
// queue mode (tables execution_entity + execution_data, the same on n8n 1.x and 2.x).
import type { Row } from './sqlite';

/** One SELECT against n8n's database; `flattedColumns` are decoded with flatted.parse. */
export type DatabaseQuery = (sql: string, params?: unknown[], flattedColumns?: string[]) => Promise<Row[]>;

export type ExecutionStatus = 'new' | 'running' | 'success' | 'error' | 'canceled' | 'crashed' | 'waiting' | 'unknown';

export interface NodeExecutionError {
	message?: string;
	description?: string | null;
	name?: string;
	[key: string]: unknown;
}

/** One run of one node (runData[nodeName][runIndex]). */
export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	executionStatus?: string;
	error?: NodeExecutionError;
	/** Items per output of the main connection type; `data.main[outputIndex][itemIndex].json`. */
	data?: { main?: Array<Array<{ json: Record<string, unknown>; [key: string]: unknown }> | null> };
	[key: string]: unknown;
}

export interface ExecutionRecord {
	id: string;
	workflowId: string;
	status: ExecutionStatus;
	finished: boolean;
	/** 'webhook', 'trigger', 'manual', 'integrated', ... */
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
	/**
	 * The saved run data (IRunExecutionData), or null when n8n did not save it (for example
	 * EXECUTIONS_DATA_SAVE_ON_SUCCESS=none). The harness saves all by default.
	 */
	data: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: NodeExecutionError;
		};
		[key: string]: unknown;
	} | null;
}

/** A status n8n will not change any more. */
function isFinalStatus(status: ExecutionStatus): boolean {
	return status !== 'new' && status !== 'running';
}

/**
 * Finished and saved: n8n 1.x can mark an execution a success before its run data is written,
 * and a read in between sees no node run at all.
 */
export function isSaved(execution: Pick<ExecutionRecord, 'status' | 'data'>): boolean {
	if (!isFinalStatus(execution.status)) return false;
	return execution.status !== 'success' || execution.data === null || Object.keys(execution.data.resultData?.runData ?? {}).length > 0;
}

export async function readExecutions(query: DatabaseQuery): Promise<ExecutionRecord[]> {
	// Quoted identifiers: PostgreSQL folds unquoted camelCase names; SQLite accepts both.
	const rows = await query(
		`SELECT e.id, e."workflowId", e.status, e.finished, e.mode, e."startedAt", e."stoppedAt", d.data
		   FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
		  WHERE e."deletedAt" IS NULL
		  ORDER BY e.id`,
		[],
		['data'],
	);
	return rows.map((row) => ({
		id: String(row.id),
		workflowId: String(row.workflowId),
		status: row.status as ExecutionStatus,
		finished: Boolean(row.finished),
		mode: String(row.mode),
		startedAt: (row.startedAt as string | null) ?? null,
		stoppedAt: (row.stoppedAt as string | null) ?? null,
		data: (row.data as ExecutionRecord['data']) ?? null,
	}));
}

/**
 * The JSON items a node produced: `runData[nodeName][run].data.main[output]`.
 * `run` defaults to the node's last run. Returns undefined if the node did not run.
 */
export function nodeOutput(
	execution: ExecutionRecord,
	nodeName: string,
	options: { output?: number; run?: number } = {},
): Array<Record<string, unknown>> | undefined {
	const runs = execution.data?.resultData.runData[nodeName];
	if (!runs?.length) return undefined;
	const run = runs[options.run ?? runs.length - 1];
	const items = run?.data?.main?.[options.output ?? 0];
	return items ? items.map((item) => item.json) : undefined;
}

