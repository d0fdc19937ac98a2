#!/usr/bin/env node
/**
 * Plays conversation stories against an Action Router configuration, on the router's own
 * engine (no n8n needed): the stories format is in nodes/ActionRouter/engine/stories.ts and
 * the README ("Conversation stories").
 *
 *   chat-actions-stories my-stories.json [--workflow my-flow.json] [--node "Action Router"] [--timezone Europe/Paris]
 *
 * The router is the story file's `router`, else the Action Router of the workflow named by
 * --workflow or the file's `workflow` (an n8n export). Exit code 1 when a story fails.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import {
	checkStoryFile,
	engineRouter,
	formatResults,
	playStory,
	type RouterParameters,
	routerFromWorkflow,
	type StoryFile,
} from '../nodes/ActionRouter/engine/stories';

const USAGE = 'usage: chat-actions-stories <stories.json> [--workflow <workflow.json>] [--node <name>] [--timezone <IANA zone>]';

function option(args: string[], name: string): string | undefined {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? args[index + 1] : undefined;
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

async function main(args: string[]): Promise<number> {
	const storiesPath = args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));
	if (!storiesPath || args.includes('--help')) {
		console.error(USAGE);
		return 2;
	}
	const file = readJson(storiesPath) as StoryFile;
	const problems = checkStoryFile(file);
	if (problems.length > 0) {
		console.error(`${storiesPath}:\n  ${problems.join('\n  ')}`);
		return 2;
	}
	const workflowPath = option(args, 'workflow') ?? (file.workflow ? resolve(dirname(storiesPath), file.workflow) : undefined);
	let router: RouterParameters | undefined = file.router;
	if (option(args, 'workflow') || !router) {
		if (!workflowPath) {
			console.error(`${storiesPath} has no "router" and no "workflow"; name one with --workflow\n${USAGE}`);
			return 2;
		}
		router = routerFromWorkflow(readJson(workflowPath), option(args, 'node') ?? file.node);
	}
	const send = engineRouter(router, option(args, 'timezone') ?? 'UTC');
	const results = [];
	for (const [index, story] of file.stories.entries()) results.push(await playStory(story, `story-${index + 1}`, send));
	console.log(formatResults(results));
	return results.every((result) => result.passed) ? 0 : 1;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(error.message);
		process.exit(2);
	},
);
