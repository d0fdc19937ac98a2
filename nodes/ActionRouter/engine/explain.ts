/**
 * Why the router decided a turn (`router.explanation`, contract.ts): the step that decided, the
 * model whose ranking it read, that ranking against the threshold and the tie margin, the words
 * and learned texts that weighed for the action the model chose (or ranked first), and the
 * fields of the action pending or started, with why a value was refused. Built after the
 * decision, from what it holds: explaining never changes what is decided.
 */
import type { DecidingModel, FieldExplanation, RouterExplanation, RouterStep } from '../../shared/contract';
import type { RouterAction } from './actions';
import type { RoutedDecision, RouterSettings } from './decision';
import type { IntentClassifier } from './intent/types';

/** The steps at which the model's ranking chose an action or found none: there its words and texts are what decided. */
const RANKING_STEPS = new Set<RouterStep>(['intent', 'switch', 'clarify', 'no_match']);
const RANKING_SHOWN = 5;

interface TurnToExplain {
	decision: RoutedDecision;
	/** The step when the router did not decide: a held turn, the state store unavailable. */
	step?: RouterStep;
	/** Whose ranking the decision's classification holds. */
	model: DecidingModel;
	actions: RouterAction[];
	settings: RouterSettings;
	/** The embedded model, which can say which words and texts weighed. */
	embedded: IntentClassifier;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function explainTurn({ decision, step: given, model, actions, settings, embedded }: TurnToExplain): RouterExplanation {
	const { outcome, classification, refused } = decision;
	const step = given ?? decision.step ?? (outcome.kind === 'held' ? 'held' : 'intent');
	const ranking = (classification?.ranking ?? []).slice(0, RANKING_SHOWN).map(({ action, score }) => ({ action, score: round(score) }));
	const decided = 'action' in outcome ? outcome.action : undefined;
	// The action the ranking chose is explained; with none chosen, the one it came nearest to.
	const explained = step === 'intent' || step === 'switch' ? decided : ranking[0]?.action;
	const weighed =
		classification && model === 'embedded_model' && RANKING_STEPS.has(step) && explained && embedded.explain ? embedded.explain(classification.message, explained, decision.language) : undefined;
	const action = decided ? actions.find((candidate) => candidate.name === decided) : undefined;
	const values = 'fields' in outcome ? (outcome.fields ?? {}) : {};
	const fields: Record<string, FieldExplanation> = Object.fromEntries(
		(action?.fields ?? []).map((field) => [
			field.name,
			values[field.name] !== undefined ? { status: 'valid' } : refused?.field === field.name ? { status: 'invalid', reason: refused.reason } : { status: 'missing' },
		]),
	);
	return {
		step,
		model: classification ? model : null,
		ranking,
		threshold: settings.threshold,
		tieMargin: settings.tieMargin,
		words: weighed?.words ?? [],
		examples: weighed?.examples ?? [],
		fields,
		...(refused ? { refused } : {}),
	};
}
