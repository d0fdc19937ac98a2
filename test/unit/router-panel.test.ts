// The nodes' panels as n8n's editor draws them from the descriptions: what an owner reads
// first, what each field type shows, what the explanations point at, where the Docs link
// leads, and that saved workflows keep their parameters.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ICredentialType, INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { ChatActionsBasicApi } from '../../credentials/ChatActionsBasicApi.credentials';
import { ChatActionsBearerApi } from '../../credentials/ChatActionsBearerApi.credentials';
import { ChatActionsChatwootApi } from '../../credentials/ChatActionsChatwootApi.credentials';
import { ChatActionsHeaderApi } from '../../credentials/ChatActionsHeaderApi.credentials';
import { ChatActionsHmacApi } from '../../credentials/ChatActionsHmacApi.credentials';
import { ChatActionsPersonalDataApi } from '../../credentials/ChatActionsPersonalDataApi.credentials';
import { ChatActionsRedisApi } from '../../credentials/ChatActionsRedisApi.credentials';
import { ChatActionsTelegramApi } from '../../credentials/ChatActionsTelegramApi.credentials';
import { ChatActionsWhatsAppApi } from '../../credentials/ChatActionsWhatsAppApi.credentials';
import { actionRouterProperties } from '../../nodes/ActionRouter/ActionRouterDescription';
import { chatActionTriggerProperties } from '../../nodes/ChatActionTrigger/ChatActionTriggerDescription';
import { chatReplyProperties } from '../../nodes/ChatReply/ChatReplyDescription';
import { httpActionProperties } from '../../nodes/HttpAction/HttpActionDescription';

const REPO = join(__dirname, '..', '..');
const DOCS_BASE = 'https://github.com/n8n-nodes-chat-actions/n8n-nodes-chat-actions/blob/main/';

type Values = Record<string, unknown>;

/** n8n's displayOptions for sibling parameters: every `show` condition holds and no `hide` one does. */
function isShown(property: INodeProperties, values: Values, siblings: INodeProperties[]): boolean {
	const valueOf = (name: string) => (name in values ? values[name] : siblings.find((sibling) => sibling.name === name)?.default);
	const matches = (conditions: Record<string, unknown> | undefined) =>
		Object.entries(conditions ?? {}).map(([name, allowed]) => (allowed as unknown[]).includes(valueOf(name)));
	const { show, hide } = property.displayOptions ?? {};
	return matches(show).every(Boolean) && !(hide && matches(hide).some(Boolean));
}

const visibleNames = (properties: INodeProperties[], values: Values) =>
	properties.filter((property) => isShown(property, values, properties)).map((property) => property.name);

function byName(properties: INodeProperties[], name: string): INodeProperties {
	const found = properties.find((property) => property.name === name);
	if (!found) throw new Error(`No parameter "${name}"`);
	return found;
}

const actionsParameter = byName(actionRouterProperties, 'actions');
const actionValues = (actionsParameter.options as INodePropertyCollection[])[0].values;
const fieldValues = (byName(actionValues, 'fields').options as INodePropertyCollection[])[0].values;
const routerOptions = byName(actionRouterProperties, 'options').options as INodeProperties[];
const fieldTypes = (byName(fieldValues, 'type').options as INodePropertyOptions[]).map((option) => String(option.value));

/** Every parameter of a list, with the ones inside collections, fixed collections and options. */
function everyProperty(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const nested = (property.options ?? []).flatMap((option) => {
			if ('values' in option) return everyProperty(option.values);
			if ('displayName' in option && 'type' in option) return everyProperty([option as INodeProperties]);
			return [];
		});
		return [property, ...nested];
	});
}

/** Every text the editor shows about a parameter: its description, hint, placeholder, a notice's text, its options' descriptions. */
function shownTexts(properties: INodeProperties[]): Array<[string, string]> {
	return everyProperty(properties).flatMap((property) => {
		const texts: Array<[string, string]> = [];
		if (property.description) texts.push([property.name, property.description]);
		if (property.hint) texts.push([property.name, property.hint]);
		if (typeof property.placeholder === 'string') texts.push([property.name, property.placeholder]);
		if (property.type === 'notice') texts.push([property.name, property.displayName]);
		for (const option of (property.options ?? []) as Array<Partial<INodePropertyOptions>>) {
			if (typeof option.description === 'string') texts.push([`${property.name}.${String(option.value)}`, option.description]);
		}
		return texts;
	});
}

const credentials: ICredentialType[] = [
	ChatActionsBasicApi,
	ChatActionsBearerApi,
	ChatActionsChatwootApi,
	ChatActionsHeaderApi,
	ChatActionsHmacApi,
	ChatActionsPersonalDataApi,
	ChatActionsRedisApi,
	ChatActionsTelegramApi,
	ChatActionsWhatsAppApi,
].map((Credential) => new Credential());

const nodeCodexFiles = readdirSync(join(REPO, 'nodes'), { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.flatMap((entry) => readdirSync(join(REPO, 'nodes', entry.name)).filter((file) => file.endsWith('.node.json')).map((file) => join(REPO, 'nodes', entry.name, file)));

describe("an action in the Action Router's panel", () => {
	test('reads its name, button label and description first, then how it starts, its fields, and last the confirmation asked after them', () => {
		expect(actionValues.map((property) => property.name)).toEqual(['name', 'label', 'description', 'examples', 'onIntent', 'buttonIds', 'onLead', 'fields', 'confirmation']);
	});

	test("a field reads name, type, question and whether it is required first, then its type's own parameters, then the rest", () => {
		expect(fieldValues.map((property) => property.name)).toEqual(['name', 'type', 'question', 'required', 'options', 'pattern', 'dateIs', 'invalidMessage', 'reuse']);
	});

	test.each([
		['enum', 'options'],
		['regex', 'pattern'],
		['date', 'dateIs'],
	])('a field of type %s shows %s, and a field of any other type does not', (type, parameter) => {
		for (const other of fieldTypes) {
			expect([other, visibleNames(fieldValues, { type: other }).includes(parameter)]).toEqual([other, other === type]);
		}
	});

	test('an Email field shows only what every field has', () => {
		expect(visibleNames(fieldValues, { type: 'email' })).toEqual(['name', 'type', 'question', 'required', 'invalidMessage', 'reuse']);
	});

	test("a type's own parameter has a placeholder of that type's kind", () => {
		expect(byName(fieldValues, 'options').placeholder).toMatch(/,/);
		expect(() => new RegExp(String(byName(fieldValues, 'pattern').placeholder))).not.toThrow();
	});

	test('a list of options and a pattern are marked required where they are shown (the node fails without them)', () => {
		expect(byName(fieldValues, 'options').required).toBe(true);
		expect(byName(fieldValues, 'pattern').required).toBe(true);
	});
});

describe('what each operation of the Action Router shows', () => {
	const visibleFor = (operation: string) => visibleNames(actionRouterProperties, { operation });

	test('Report Insight shows its days, a notice and the Conversation State it reads, nothing of routing', () => {
		expect(visibleFor('insight')).toEqual(['operation', 'insightNotice', 'insightDays', 'stateStore']);
	});

	test('Forget and Release show the conversation, a notice and the Conversation State, nothing of routing', () => {
		for (const operation of ['forget', 'release']) {
			expect(visibleFor(operation)).toEqual(['operation', 'forgetConversationId', 'sameStateNotice', 'stateStore']);
		}
	});

	test('routing shows its outputs notice before the actions, and neither the days nor the conversation to forget', () => {
		const shown = visibleFor('route');
		expect(shown.slice(0, 3)).toEqual(['operation', 'outputsNotice', 'actions']);
		expect(shown).not.toContain('insightDays');
		expect(shown).not.toContain('forgetConversationId');
		expect(shown).toEqual(expect.arrayContaining(['intentMode', 'stateStore', 'personalData', 'options']));
	});

	test('the chat model notice shows only for Chat Model and Hybrid', () => {
		const shownFor = (intentMode: string) => visibleNames(actionRouterProperties, { operation: 'route', intentMode }).includes('chatModelNotice');
		expect([shownFor('embedded'), shownFor('llm'), shownFor('hybrid')]).toEqual([false, true, true]);
	});
});

describe('the parameters of the review list and the insight', () => {
	test.each([
		['reviewList', 'Keep a Review List'],
		['insight', 'Count Outcomes'],
	])('the router option %s ("%s") is a switch, off by default', (name, displayName) => {
		expect(byName(routerOptions, name)).toMatchObject({ displayName, type: 'boolean', default: false });
	});

	test('the review list option says what it keeps, where it is reviewed and how personal data is masked', () => {
		const { description } = byName(routerOptions, 'reviewList');
		expect(description).toMatch(/No Match/);
		expect(description).toMatch(/Review page/);
		expect(description).toMatch(/Forget After/);
		expect(description).toMatch(/Sealed/);
	});

	test('Report Insight is an operation, and its days default to 14', () => {
		const operation = (byName(actionRouterProperties, 'operation').options as INodePropertyOptions[]).find((option) => option.value === 'insight');
		expect(operation).toMatchObject({ name: 'Report Insight', action: 'Report insight' });
		expect(byName(actionRouterProperties, 'insightDays')).toMatchObject({ type: 'number', default: 14, displayOptions: { show: { operation: ['insight'] } } });
	});

	test('the options stay in the alphabetical order n8n lists them in', () => {
		const names = routerOptions.map((option) => option.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe('the explanations in the editor', () => {
	const everyDescription: Array<[string, INodeProperties[]]> = [
		['Action Router', actionRouterProperties],
		['Chat Action Trigger', chatActionTriggerProperties],
		['Chat Reply', chatReplyProperties],
		['HTTP Action', httpActionProperties],
		...credentials.map((credential): [string, INodeProperties[]] => [credential.displayName, credential.properties]),
	];
	const REPOSITORY_FILE = /\b(README|BENCHMARKS|CONTRIBUTING|CHANGELOG)\b|\.md\b|\bdocs\//i;

	test.each(everyDescription)('%s: no description, hint, placeholder or notice points at a file of the repository', (_node, properties) => {
		const pointing = shownTexts(properties).filter(([, text]) => REPOSITORY_FILE.test(text));
		expect(pointing).toEqual([]);
	});

	test('a new owner sees the examples hint and the outputs notice without hovering', () => {
		expect(byName(actionValues, 'examples').hint).toMatch(/examples/);
		expect(byName(actionRouterProperties, 'outputsNotice')).toMatchObject({ type: 'notice' });
	});
});

describe('the Docs links', () => {
	const codexUrls = nodeCodexFiles.flatMap((file) => {
		const codex = JSON.parse(readFileSync(file, 'utf8')) as { resources?: { primaryDocumentation?: Array<{ url: string }> } };
		return (codex.resources?.primaryDocumentation ?? []).map((entry): [string, string] => [file.slice(REPO.length + 1), entry.url]);
	});
	const credentialUrls = credentials.map((credential): [string, string] => [credential.name, String(credential.documentationUrl)]);

	test('every credential of the package is checked here', () => {
		const files = readdirSync(join(REPO, 'credentials')).filter((file) => file.endsWith('.credentials.ts'));
		expect(credentials.map((credential) => `${credential.name.charAt(0).toUpperCase()}${credential.name.slice(1)}.credentials.ts`).sort()).toEqual(files.sort());
	});

	test('every node has one', () => {
		expect(codexUrls.map(([file]) => file).sort()).toEqual(nodeCodexFiles.map((file) => file.slice(REPO.length + 1)).sort());
	});

	// n8n's editor appends "?utm_source=…" to a node's documentation URL: after a "#anchor" that
	// query lands in the anchor, and the page does not scroll to it.
	test.each([...codexUrls, ...credentialUrls])('%s: %s has no anchor and opens a page of this repository that exists', (_owner, url) => {
		expect(url).not.toContain('#');
		expect(url.startsWith(DOCS_BASE)).toBe(true);
		expect(existsSync(join(REPO, url.slice(DOCS_BASE.length)))).toBe(true);
	});
});

describe('saved workflows keep working', () => {
	const exampleFiles = ['', 'ways-in']
		.flatMap((folder) => readdirSync(join(REPO, 'examples', folder)).map((file) => join(folder, file)))
		.filter((file) => file.endsWith('.json') && !file.endsWith('credentials.json'));
	const routers = exampleFiles.flatMap((file) => {
		const workflow = JSON.parse(readFileSync(join(REPO, 'examples', file), 'utf8')) as { nodes: Array<{ name: string; type: string; parameters: Values }> };
		return workflow.nodes.filter((node) => node.type.endsWith('.actionRouter')).map((node): [string, Values] => [`${file} ${node.name}`, node.parameters]);
	});

	test.each(routers)('%s: every parameter, action and field value it holds is one the panel shows', (_router, parameters) => {
		const hidden = Object.keys(parameters).filter((name) => !visibleNames(actionRouterProperties, parameters).includes(name));
		const actions = ((parameters.actions as { action?: Values[] })?.action ?? []) as Values[];
		for (const action of actions) {
			hidden.push(...Object.keys(action).filter((name) => !visibleNames(actionValues, action).includes(name)));
			for (const field of ((action.fields as { field?: Values[] })?.field ?? []) as Values[]) {
				hidden.push(...Object.keys(field).filter((name) => !visibleNames(fieldValues, field).includes(name)));
				expect(fieldTypes).toContain(field.type ?? 'text');
			}
		}
		expect(hidden).toEqual([]);
	});
});
