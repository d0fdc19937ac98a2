/**
 * The actions a router is configured with: their shape, how they are read from the node's
 * parameters (also from an exported workflow, by the story runner), and the configuration
 * mistakes that fail the node.
 */
import { isPlainObject } from '../../shared/contract';
import { splitList } from '../../shared/lists';
import { checkFieldDefinition, type FieldDefinition, type FieldType } from './fields';
import { splitIdentifier } from './intent/normalize';

export interface RouterAction {
	name: string;
	/** Shown on the button that picks this action when two are nearly tied; default: the name, readable. */
	label?: string;
	/** When to use it (also what the intent model learns from). */
	description: string;
	examples: string[];
	/** Which ways can start it. */
	triggers: { intent: boolean; buttonIds: string[]; leadCaptured: boolean };
	fields: FieldDefinition[];
	/** Asked before the action runs, when set ("Cancel order {{fields.order_id}}?" rendered by the router). */
	confirmation?: string;
}

/** "order_status" → "Order status": the label of an action without one. */
function readableName(name: string): string {
	const words = splitIdentifier(name).trim();
	return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}

export const labelOf = (action: RouterAction) => action.label?.trim() || readableName(action.name);

/** Entries of a comma- or line-separated list, trimmed, empty ones dropped. */
const list = splitList;

const text = (value: unknown) => String(value ?? '').trim();

/**
 * The node's *Actions* parameter (`actions.action`, as n8n stores it in a workflow) as router
 * actions. Missing values take the same defaults as the node's parameters.
 */
export function actionsFromParameters(raw: unknown): RouterAction[] {
	const entries = Array.isArray(raw) ? raw.filter(isPlainObject) : [];
	return entries.map((action) => ({
		name: text(action.name),
		label: text(action.label) || undefined,
		description: text(action.description),
		examples: list(action.examples, /\r?\n/),
		triggers: {
			intent: action.onIntent !== false,
			buttonIds: list(action.buttonIds, /,/),
			leadCaptured: action.onLead === true,
		},
		confirmation: text(action.confirmation) || undefined,
		fields: ((isPlainObject(action.fields) && Array.isArray(action.fields.field) ? action.fields.field : []) as unknown[])
			.filter(isPlainObject)
			.map(
				(field): FieldDefinition => ({
					name: text(field.name),
					question: text(field.question) || `What is your ${text(field.name) || 'answer'}?`,
					type: (field.type as FieldType) ?? 'text',
					required: field.required !== false,
					options: list(field.options, /,/),
					pattern: String(field.pattern ?? '') || undefined,
					invalidMessage: String(field.invalidMessage ?? '') || undefined,
					reuse: field.reuse === 'use' || field.reuse === 'never' ? field.reuse : 'offer',
					when: field.type === 'date' && (field.dateIs === 'past' || field.dateIs === 'future') ? field.dateIs : undefined,
				}),
			),
	}));
}

/** Finds configuration mistakes; each names the action (and field) at fault. */
export function checkActions(actions: RouterAction[]): string[] {
	const problems: string[] = [];
	if (actions.length === 0) problems.push('Add at least one action');
	const seen = new Set<string>();
	for (const action of actions) {
		if (!action.name.trim()) problems.push('An action has no name');
		else if (seen.has(action.name)) problems.push(`Two actions are named "${action.name}": each needs its own name`);
		seen.add(action.name);
		const fieldNames = new Set<string>();
		for (const field of action.fields) {
			const problem = checkFieldDefinition(action.name, field);
			if (problem) problems.push(problem);
			if (fieldNames.has(field.name)) problems.push(`Action "${action.name}" has two fields named "${field.name}"`);
			fieldNames.add(field.name);
		}
	}
	return problems;
}
