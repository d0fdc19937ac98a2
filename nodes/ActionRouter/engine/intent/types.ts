/** The contract between the Action Router and its intent models (embedded or LLM). */

/** What a model learns an action from: its name, when to use it, and example phrases. */
export interface ActionDefinitionForIntent {
	name: string;
	description: string;
	examples: string[];
}

export interface IntentScore {
	action: string;
	/** 0..1, comparable across messages: the router's threshold and tie margin apply to it. */
	score: number;
}

/** Why a model scores a message as it does for one action (the router's explanation). */
export interface IntentExplanation {
	/** The message's words that weigh most for the action, as the model reads them (lower case, spelling corrected). */
	words: Array<{ word: string; action: string; weight: number }>;
	/** The action's texts (examples, description, name) the message is nearest to. */
	examples: Array<{ action: string; text: string; similarity: number }>;
}

export interface IntentClassifier {
	/**
	 * Actions ranked best first (all of them, or the best `topK`). `language`: the turn's (ISO
	 * 639-1), when the caller knows it; a classifier that compares words reads the message in it.
	 */
	rank(message: string, topK?: number, language?: string): IntentScore[];
	/** The background topic (its index) a message is likelier about than any action, where the classifier learns one. */
	backgroundTopic?(message: string): { topic: number; probability: number } | undefined;
	/** Why the message scores as it does for an action, where the classifier can tell; never called to rank. */
	explain?(message: string, action: string, language?: string): IntentExplanation;
	/** The languages of the actions' texts (ISO 639-1), the most used first, where the classifier knows them. */
	readonly languages?: readonly string[];
}
