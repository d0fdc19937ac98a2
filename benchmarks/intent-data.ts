/**
 * Loading the intent benchmark data (/work/shared/data/intents, the DNNC few-shot format:
 * `seq.in` one utterance a line, `label` its intent on the same line) and the small helpers
 * the intent benchmarks share.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { ActionDefinitionForIntent } from '../nodes/ActionRouter/engine/intent/types';
import { DEFAULT_VECTORS_FILE } from '../nodes/ActionRouter/engine/intent/word-vectors';

export const DEFAULT_DATA = '../shared/data/intents/clinc150';

export interface Split {
	texts: string[];
	labels: string[];
}

export function argument(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

export function hasSplit(dir: string, split: string): boolean {
	return existsSync(join(dir, split, 'seq.in')) && existsSync(join(dir, split, 'label'));
}

export function loadSplit(dir: string, split: string): Split {
	const texts = readFileSync(join(dir, split, 'seq.in'), 'utf8').split('\n');
	const labels = readFileSync(join(dir, split, 'label'), 'utf8').split('\n');
	const result: Split = { texts: [], labels: [] };
	for (let i = 0; i < Math.min(texts.length, labels.length); i++) {
		if (texts[i].trim() === '' || labels[i].trim() === '') continue;
		result.texts.push(texts[i].trim());
		result.labels.push(labels[i].trim());
	}
	return result;
}

/**
 * Each intent becomes an action whose examples are its training utterances. The
 * description is left empty: the data sets have none, and the model already learns from
 * the action's name ("book_flight" → "book flight"), as it would in a real router.
 */
export function actionsFrom(split: Split): ActionDefinitionForIntent[] {
	const byName = new Map<string, string[]>();
	split.texts.forEach((text, i) => {
		const examples = byName.get(split.labels[i]) ?? [];
		examples.push(text);
		byName.set(split.labels[i], examples);
	});
	return [...byName].map(([name, examples]) => ({ name, description: '', examples }));
}

/** mulberry32: seeded, so a run can be repeated. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), a | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `count` items drawn without replacement. */
export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy.slice(0, count);
}

/**
 * Description-only actions: each intent is an action with a name and one sentence, no
 * examples. The sentence is the intent's first training utterance (`train_10`), so every
 * intent of a data set gets one without anybody writing it.
 */
export function describedByFirstUtterance(split: Split): ActionDefinitionForIntent[] {
	return actionsFrom(split).map(({ name, examples }) => ({ name, description: examples[0] ?? '', examples: [] }));
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function round(value: number, digits = 3): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

export function latencyStats(samplesMs: number[]): { p50: number; p99: number; mean: number } {
	const sorted = [...samplesMs].sort((a, b) => a - b);
	const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
	return { p50: round(percentile(sorted, 50), 4), p99: round(percentile(sorted, 99), 4), mean: round(mean, 4) };
}

export function timed<T>(run: () => T): { value: T; ms: number } {
	const started = performance.now();
	const value = run();
	return { value, ms: performance.now() - started };
}

/**
 * tsc compiles the engine into the benchmarks' build folder but does not copy the
 * word-vector table it reads (for dist, the build's gulp step does): copied from the
 * source tree when missing, so the benchmarks measure the model as shipped.
 */
export function ensureWordVectors(): void {
	if (existsSync(DEFAULT_VECTORS_FILE)) return;
	const source = join(__dirname, '..', '..', '..', 'nodes', 'ActionRouter', 'engine', 'intent', 'vectors', basename(DEFAULT_VECTORS_FILE));
	mkdirSync(dirname(DEFAULT_VECTORS_FILE), { recursive: true });
	copyFileSync(source, DEFAULT_VECTORS_FILE);
}

/**
 * Hand-written descriptions, one sentence per intent, the way a chat product's action is
 * configured: written from the intent's NAME only (never from its utterances), for every
 * intent of CLINC150 and HWU64.
 */
export const WRITTEN_DESCRIPTIONS: Readonly<Record<string, string>> = {
	// CLINC150
	accept_reservations: 'Tell the visitor whether a restaurant takes reservations',
	account_blocked: 'Help a visitor whose bank account is blocked or locked',
	alarm: 'Set an alarm for a given time',
	application_status: 'Check the status of a credit card or loan application',
	apr: 'Give the annual percentage rate (APR) of a card or loan',
	are_you_a_bot: 'Answer whether the visitor is talking to a bot or a human',
	balance: 'Tell the visitor the balance of their bank account',
	bill_balance: 'Tell the visitor how much they owe on a bill',
	bill_due: 'Tell the visitor when a bill is due',
	book_flight: 'Book a flight for the visitor',
	book_hotel: 'Book a hotel room for the visitor',
	calculator: 'Do a calculation or answer a maths question',
	calendar: 'Tell the visitor what is on their calendar',
	calendar_update: 'Add, change or remove an event in the visitor\'s calendar',
	calories: 'Tell the visitor how many calories a food has',
	cancel: 'Cancel what the assistant is doing right now',
	cancel_reservation: 'Cancel a restaurant or hotel reservation',
	car_rental: 'Rent a car for the visitor',
	card_declined: 'Explain why the visitor\'s card was declined',
	carry_on: 'Explain the carry-on luggage rules of an airline',
	change_accent: 'Change the accent of the assistant\'s voice',
	change_ai_name: 'Give the assistant a new name',
	change_language: 'Change the language the assistant speaks',
	change_speed: 'Make the assistant speak faster or slower',
	change_user_name: 'Change the name the assistant calls the visitor by',
	change_volume: 'Make the assistant louder or quieter',
	confirm_reservation: 'Confirm that a reservation is booked',
	cook_time: 'Tell the visitor how long to cook a dish',
	credit_limit: 'Tell the visitor the credit limit of their card',
	credit_limit_change: 'Ask for a higher or lower credit limit',
	credit_score: 'Tell the visitor their credit score',
	current_location: 'Tell the visitor where they are right now',
	damaged_card: 'Help a visitor whose bank card is damaged or broken',
	date: 'Tell the visitor today\'s date',
	definition: 'Give the definition of a word',
	direct_deposit: 'Set up direct deposit of a paycheck into an account',
	directions: 'Give directions to a place',
	distance: 'Tell the visitor how far away a place is',
	do_you_have_pets: 'Answer whether the assistant has pets',
	exchange_rate: 'Give the exchange rate between two currencies',
	expiration_date: 'Tell the visitor when their card expires',
	find_phone: 'Help the visitor find their lost phone',
	flight_status: 'Tell the visitor whether a flight is on time, delayed or cancelled',
	flip_coin: 'Flip a coin',
	food_last: 'Tell the visitor how long food keeps before it goes bad',
	freeze_account: 'Freeze the visitor\'s bank account',
	fun_fact: 'Tell the visitor a fun fact',
	gas: 'Tell the visitor how much fuel is left in their car',
	gas_type: 'Tell the visitor which type of fuel their car takes',
	goodbye: 'Say goodbye when the visitor ends the conversation',
	greeting: 'Greet the visitor back when they say hello',
	how_busy: 'Tell the visitor how busy a restaurant or place is right now',
	how_old_are_you: 'Answer how old the assistant is',
	improve_credit_score: 'Give advice on improving a credit score',
	income: 'Tell the visitor what their income is',
	ingredient_substitution: 'Suggest an ingredient to use instead of another in a recipe',
	ingredients_list: 'List the ingredients needed for a dish',
	insurance: 'Tell the visitor about their insurance plan and benefits',
	insurance_change: 'Change or switch the visitor\'s insurance plan',
	interest_rate: 'Give the interest rate of an account',
	international_fees: 'Tell the visitor whether their card charges fees abroad',
	international_visa: 'Tell the visitor whether they need a visa to travel to a country',
	jump_start: 'Explain how to jump start a car with a dead battery',
	last_maintenance: 'Tell the visitor when their car was last serviced',
	lost_luggage: 'Help a visitor whose luggage was lost by an airline',
	make_call: 'Phone someone for the visitor',
	maybe: 'The visitor answers maybe or is not sure',
	meal_suggestion: 'Suggest something to eat for a meal',
	meaning_of_life: 'Answer what the meaning of life is',
	measurement_conversion: 'Convert an amount from one unit of measurement to another',
	meeting_schedule: 'Tell the visitor when their meetings are',
	min_payment: 'Tell the visitor the minimum payment due on a card or loan',
	mpg: 'Tell the visitor how many miles per gallon their car gets',
	new_card: 'Apply for a new credit card',
	next_holiday: 'Tell the visitor when the next public holiday is',
	next_song: 'Skip to the next song',
	no: 'The visitor says no',
	nutrition_info: 'Give nutrition facts about a food',
	oil_change_how: 'Explain how to change a car\'s oil',
	oil_change_when: 'Tell the visitor when their car needs its next oil change',
	order: 'Place an order for something',
	order_checks: 'Order new paper checks for a bank account',
	order_status: 'Tell the visitor where their order is and when it arrives',
	pay_bill: 'Pay a bill for the visitor',
	payday: 'Tell the visitor when they get paid next',
	pin_change: 'Change the PIN of a bank card',
	play_music: 'Play music or a song',
	plug_type: 'Tell the visitor which power plug or adapter a country uses',
	pto_balance: 'Tell the visitor how many vacation days they have left',
	pto_request: 'Request time off from work',
	pto_request_status: 'Check whether a time off request was approved',
	pto_used: 'Tell the visitor how many vacation days they have used',
	recipe: 'Give a recipe for a dish',
	redeem_rewards: 'Redeem credit card reward points',
	reminder: 'Tell the visitor what reminders they have',
	reminder_update: 'Create or change a reminder',
	repeat: 'Repeat what the assistant just said',
	replacement_card_duration: 'Tell the visitor how long a replacement card takes to arrive',
	report_fraud: 'Report fraudulent activity on an account or card',
	report_lost_card: 'Report a lost or stolen card',
	reset_settings: 'Reset the assistant to its factory settings',
	restaurant_reservation: 'Book a table at a restaurant',
	restaurant_reviews: 'Give reviews and ratings of a restaurant',
	restaurant_suggestion: 'Suggest a restaurant to eat at',
	rewards_balance: 'Tell the visitor how many reward points they have',
	roll_dice: 'Roll dice',
	rollover_401k: 'Explain how to roll over a 401k retirement account',
	routing: 'Give the routing number of the visitor\'s bank',
	schedule_maintenance: 'Book a car service or maintenance appointment',
	schedule_meeting: 'Schedule a meeting with someone',
	share_location: 'Share the visitor\'s location with someone',
	shopping_list: 'Tell the visitor what is on their shopping list',
	shopping_list_update: 'Add or remove items on the shopping list',
	smart_home: 'Control smart home devices such as lights, thermostat or locks',
	spelling: 'Spell a word for the visitor',
	spending_history: 'Show how much the visitor spent over a period',
	sync_device: 'Connect or sync the assistant with a phone or other device',
	taxes: 'Answer questions about the visitor\'s taxes',
	tell_joke: 'Tell the visitor a joke',
	text: 'Send a text message to someone',
	thank_you: 'Reply when the visitor says thank you',
	time: 'Tell the visitor the current time',
	timer: 'Set a timer',
	timezone: 'Tell the visitor the time zone of a place',
	tire_change: 'Explain how or when to change a tire',
	tire_pressure: 'Tell the visitor the pressure of their car tires',
	todo_list: 'Tell the visitor what is on their to-do list',
	todo_list_update: 'Add or remove tasks on the to-do list',
	traffic: 'Tell the visitor how the traffic is on a route',
	transactions: 'Show the recent transactions on an account',
	transfer: 'Transfer money between accounts',
	translate: 'Translate a phrase into another language',
	travel_alert: 'Tell the visitor about travel warnings for a destination',
	travel_notification: 'Tell the bank that the visitor is travelling so their card keeps working',
	travel_suggestion: 'Suggest places to visit or things to do when travelling',
	uber: 'Book an Uber ride',
	update_playlist: 'Add songs to a playlist',
	user_name: 'Tell the visitor what name the assistant knows them by',
	vaccines: 'Tell the visitor which vaccines they need to travel',
	w2: 'Help the visitor get their W-2 tax form',
	weather: 'Give the weather forecast',
	what_are_your_hobbies: 'Answer what the assistant\'s hobbies are',
	what_can_i_ask_you: 'Explain what the assistant can help with',
	what_is_your_name: 'Answer what the assistant is called',
	what_song: 'Tell the visitor which song is playing',
	where_are_you_from: 'Answer where the assistant is from',
	whisper_mode: 'Make the assistant whisper',
	who_do_you_work_for: 'Answer who the assistant works for',
	who_made_you: 'Answer who created the assistant',
	yes: 'The visitor says yes',
	// HWU64
	alarm_query: 'Tell the visitor which alarms are set',
	alarm_remove: 'Delete an alarm',
	alarm_set: 'Set an alarm',
	audio_volume_down: 'Turn the volume down',
	audio_volume_mute: 'Mute the sound',
	audio_volume_up: 'Turn the volume up',
	calendar_query: 'Tell the visitor what is on their calendar',
	calendar_remove: 'Remove an event from the calendar',
	calendar_set: 'Add an event or reminder to the calendar',
	cooking_recipe: 'Give a recipe or cooking instructions',
	datetime_convert: 'Convert a time or date between time zones',
	datetime_query: 'Tell the visitor the current date or time',
	email_addcontact: 'Add an email address to the contacts',
	email_query: 'Check the visitor\'s email inbox',
	email_querycontact: 'Look up a contact\'s details',
	email_sendemail: 'Send an email',
	general_affirm: 'The visitor agrees or says yes',
	general_commandstop: 'Stop what the assistant is doing',
	general_confirm: 'The visitor confirms something',
	general_dontcare: 'The visitor does not care or has no preference',
	general_explain: 'The visitor asks the assistant to explain what it meant',
	general_joke: 'Tell a joke',
	general_negate: 'The visitor says no or disagrees',
	general_praise: 'The visitor praises or thanks the assistant',
	general_quirky: 'Chit-chat and odd questions to the assistant',
	general_repeat: 'Repeat what the assistant said',
	iot_cleaning: 'Start the robot vacuum cleaner',
	iot_coffee: 'Make coffee with the coffee machine',
	iot_hue_lightchange: 'Change the colour of the lights',
	iot_hue_lightdim: 'Dim the lights',
	iot_hue_lightoff: 'Turn the lights off',
	iot_hue_lighton: 'Turn the lights on',
	iot_hue_lightup: 'Make the lights brighter',
	iot_wemo_off: 'Turn off a smart plug or socket',
	iot_wemo_on: 'Turn on a smart plug or socket',
	lists_createoradd: 'Create a list or add an item to a list',
	lists_query: 'Tell the visitor what is on a list',
	lists_remove: 'Remove an item from a list or delete a list',
	music_likeness: 'Remember which music the visitor likes',
	music_query: 'Tell the visitor which song or artist is playing',
	music_settings: 'Change music playback settings such as shuffle or repeat',
	news_query: 'Give the latest news',
	play_audiobook: 'Play an audiobook',
	play_game: 'Play a game with the visitor',
	// play_music: shared with CLINC150 above
	play_podcasts: 'Play a podcast',
	play_radio: 'Play a radio station',
	qa_currency: 'Give exchange rates between currencies',
	qa_definition: 'Define a word or explain what something is',
	qa_factoid: 'Answer a general knowledge question',
	qa_maths: 'Answer a maths question',
	qa_stock: 'Give the price of a stock',
	recommendation_events: 'Recommend events happening nearby',
	recommendation_locations: 'Recommend places such as shops or restaurants nearby',
	recommendation_movies: 'Recommend a movie to watch',
	social_post: 'Post something on social media',
	social_query: 'Check what is new on social media',
	takeaway_order: 'Order takeaway food',
	takeaway_query: 'Check on a takeaway order or whether a place delivers',
	transport_query: 'Give information about trains, buses or other transport',
	transport_taxi: 'Book a taxi',
	transport_ticket: 'Book a train or bus ticket',
	transport_traffic: 'Tell the visitor how the traffic is',
	weather_query: 'Give the weather forecast',
};

/** Description-only actions with the hand-written descriptions (WRITTEN_DESCRIPTIONS). */
export function describedInWriting(split: Split): ActionDefinitionForIntent[] {
	return actionsFrom(split).map(({ name }) => {
		const description = WRITTEN_DESCRIPTIONS[name];
		if (description === undefined) throw new Error(`No written description for intent ${name}`);
		return { name, description, examples: [] };
	});
}
