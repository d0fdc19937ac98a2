// The editor's defaults are written out in the node descriptions (n8n's scanner reads only
// literals); the nodes fall back to their defaults modules when an option is not set. Both
// must say the same, or a workflow saved without an option behaves otherwise than the editor shows.
import type { INodeProperties } from 'n8n-workflow';

import { actionRouterProperties } from '../../nodes/ActionRouter/ActionRouterDescription';
import { actionsFromParameters } from '../../nodes/ActionRouter/engine/actions';
import { DEFAULT_REPLIES, ROUTER_DEFAULTS } from '../../nodes/ActionRouter/engine/defaults';
import { chatActionTriggerProperties } from '../../nodes/ChatActionTrigger/ChatActionTriggerDescription';
import { TRIGGER_DEFAULTS } from '../../nodes/ChatActionTrigger/engine/defaults';
import { DEFAULT_FAILURE_MESSAGE } from '../../nodes/HttpAction/engine/action';
import { HTTP_ACTION_DEFAULTS } from '../../nodes/HttpAction/engine/defaults';
import { httpActionProperties } from '../../nodes/HttpAction/HttpActionDescription';

/** The default of the option `name` inside the node's Options collection. */
function optionDefault(properties: INodeProperties[], name: string): unknown {
	const options = properties.filter((property) => property.name === 'options').flatMap((property) => (property.options ?? []) as INodeProperties[]);
	const option = options.find((entry) => entry.name === name);
	if (!option) throw new Error(`No option "${name}"`);
	return option.default;
}

describe('each option default the editor shows is the one the node falls back to', () => {
	test.each<[string, unknown]>([
		...Object.entries(DEFAULT_REPLIES).map(([key, text]): [string, unknown] => [`${key}Reply`, text]),
		['handoffOutput', false],
		['startFromValue', false],
		['threshold', ROUTER_DEFAULTS.threshold],
		['tieMargin', ROUTER_DEFAULTS.tieMargin],
		['maxReasks', ROUTER_DEFAULTS.maxReasks],
		['hybridBelow', ROUTER_DEFAULTS.hybridBelow],
		['ttlMinutes', ROUTER_DEFAULTS.ttlMinutes],
		['holdMinutes', ROUTER_DEFAULTS.holdMinutes],
		['language', ROUTER_DEFAULTS.language],
	])('Action Router: %s', (name, value) => {
		expect(optionDefault(actionRouterProperties, name)).toBe(value);
	});

	test.each([
		['allowedFileTypes', TRIGGER_DEFAULTS.allowedFileTypes],
		['maxBodySize', TRIGGER_DEFAULTS.maxBodySizeKb],
		['maxFileSize', TRIGGER_DEFAULTS.maxFileSizeKb],
		['maxFiles', TRIGGER_DEFAULTS.maxFiles],
		['rateLimit', TRIGGER_DEFAULTS.rateLimitPerMinute],
		['addressRateLimit', TRIGGER_DEFAULTS.addressRateLimitPerMinute],
		['rateLimitReply', TRIGGER_DEFAULTS.rateLimitReply],
		['signatureWindow', TRIGGER_DEFAULTS.signatureWindowSeconds],
	])('Chat Action Trigger: %s', (name, value) => {
		expect(optionDefault(chatActionTriggerProperties, name)).toBe(value);
	});

	test.each([
		['failureMessage', DEFAULT_FAILURE_MESSAGE],
		['idempotencyHeader', HTTP_ACTION_DEFAULTS.idempotencyHeader],
		['maxResponseSize', HTTP_ACTION_DEFAULTS.maxResponseSizeKb],
		['maxRetries', HTTP_ACTION_DEFAULTS.maxRetries],
		['maxRetryDelay', HTTP_ACTION_DEFAULTS.maxRetryDelaySeconds],
		['maxRetryTime', HTTP_ACTION_DEFAULTS.maxRetryTimeSeconds],
		['timeout', HTTP_ACTION_DEFAULTS.timeoutMs],
	])('HTTP Action: %s', (name, value) => {
		expect(optionDefault(httpActionProperties, name)).toBe(value);
	});
});

/** The options of a fixed collection's entries: the actions' settings, or a field's. */
function entryProperties(properties: INodeProperties[], name: string): INodeProperties[] {
	const collection = properties.find((property) => property.name === name);
	if (!collection) throw new Error(`No collection "${name}"`);
	return ((collection.options ?? []) as Array<{ values?: INodeProperties[] }>).flatMap((entry) => entry.values ?? []);
}

test("a field's Date Is shows the side of today a date field takes when the option is not set", () => {
	const fieldProperties = entryProperties(entryProperties(actionRouterProperties, 'actions'), 'fields');
	const dateIs = fieldProperties.find((property) => property.name === 'dateIs');
	const read = (field: Record<string, unknown>) => actionsFromParameters([{ name: 'book', fields: { field: [field] } }])[0].fields[0].when;
	expect(dateIs?.default).toBe('any');
	expect(read({ name: 'day', type: 'date', dateIs: dateIs?.default })).toBe(read({ name: 'day', type: 'date' }));
});
