// Yes, no and cancel in each built-in language: nothing runs without a clear yes in the
// visitor's language, a no or a pause is read as such, and English is read in every turn.
import { readConfirmation } from '../../nodes/ActionRouter/engine/confirmation';
import { isCancel, isCancelThen } from '../../nodes/ActionRouter/engine/wording';
import { LANGUAGES, textsFor } from '../../nodes/shared/languages';

const QUESTION = 'Reset the API key for ada@example.com?';

const ANSWERS: Record<string, { yes: string[]; no: string[]; neither: string[] }> = {
	de: {
		yes: ['ja', 'ja, bitte', 'Ja gerne', 'jawohl', 'genau', 'klar, machen Sie das', 'ja klar', 'passt', 'in Ordnung', 'ja bitte 👍', 'Ja, danke!'],
		no: ['nein', 'nein danke', 'nee', 'auf keinen Fall', 'lieber nicht', 'nein, ich habe es mir anders überlegt', 'bitte nicht'],
		neither: ['nein, warte', 'ja aber ändere die E-Mail', 'vielleicht', 'ja, aber nicht jetzt', 'nicht jetzt', 'moment', 'ja?', 'jein'],
	},
	fr: {
		yes: ['oui', 'oui, allez-y', "d'accord", 'Oui merci', 'bien sûr', 'ouais vas-y', "c'est bon", 'oui, tout de suite'],
		no: ['non', 'non merci', 'pas question', 'non, laissez tomber', 'surtout pas'],
		neither: ["oui mais changez l'e-mail", 'non, attendez', 'peut-être', 'pas maintenant', 'oui ?', 'oui, plus tard'],
	},
	es: {
		yes: ['sí', 'sí, adelante', 'claro', 'vale, hazlo', 'de acuerdo', 'sí, por favor', 'Sí, gracias'],
		no: ['no', 'no gracias', 'para nada', 'mejor no', 'no, olvídalo'],
		neither: ['sí, pero cambia el correo', 'no, espera', 'quizás', '¿sí?', 'sí, pero después'],
	},
	pt: {
		yes: ['sim', 'sim, pode', 'pode sim', 'claro', 'com certeza', 'tá bom', 'sim, obrigado'],
		no: ['não', 'não, obrigado', 'de jeito nenhum', 'nao quero', 'melhor não'],
		neither: ['sim, mas muda o e-mail', 'não, espera', 'talvez', 'sim, depois'],
	},
	it: {
		yes: ['sì', 'sì, procedi', 'va bene', 'certo', "d'accordo, grazie", 'sì, grazie mille'],
		no: ['no', 'no grazie', 'assolutamente no', 'lascia perdere', 'no, non voglio'],
		neither: ["sì ma cambia l'email", 'no, aspetta', 'forse', 'sì, ma dopo'],
	},
	nl: {
		yes: ['ja', 'ja, graag', 'ja hoor', 'prima', 'doe maar', 'is goed', 'ja, dank je'],
		no: ['nee', 'nee, dank je', 'liever niet', 'nee bedankt'],
		neither: ['ja maar verander het e-mailadres', 'nee, wacht', 'misschien', 'ja, maar niet nu', 'nog niet'],
	},
};

describe.each(Object.entries(ANSWERS))("a confirmation in %s", (language, answers) => {
	test.each(answers.yes)('%p is a yes', (message) => {
		expect(readConfirmation(message, QUESTION, language)).toBe('yes');
	});
	test.each(answers.no)('%p is a no', (message) => {
		expect(readConfirmation(message, QUESTION, language)).toBe('no');
	});
	test.each(answers.neither)('%p is neither: asked again', (message) => {
		expect(readConfirmation(message, QUESTION, language)).toBe('neither');
	});
	test('English is read too, with its rules', () => {
		expect(readConfirmation('yes please', QUESTION, language)).toBe('yes');
		expect(readConfirmation('no thanks', QUESTION, language)).toBe('no');
		expect(readConfirmation('no, wait', QUESTION, language)).toBe('neither');
		expect(readConfirmation('yes but change the email', QUESTION, language)).toBe('neither');
	});
});

describe('across languages', () => {
	test('an answer in a language other than the turn’s counts when that language alone reads it', () => {
		expect(readConfirmation('oui', QUESTION, 'en')).toBe('yes');
		expect(readConfirmation('ja bitte', QUESTION, 'en')).toBe('yes');
		expect(readConfirmation('nein danke', QUESTION, 'fr')).toBe('no');
		expect(readConfirmation('sí, adelante', QUESTION, 'de')).toBe('yes');
	});

	test("another language's fillers alone never make an English answer a yes", () => {
		// "on" is a Finnish filler, "till" a Swedish one: without a yes word of theirs, these stay English.
		expect(readConfirmation("yes, it's on", QUESTION, 'en')).toBe('neither');
		expect(readConfirmation('ok till then', QUESTION, 'en')).toBe('neither');
		expect(readConfirmation('yes bitte', QUESTION, 'de')).toBe('yes');
	});

	test('a word that changes the answer in any language keeps it from being a yes', () => {
		expect(readConfirmation('sí, pero cambia el correo', QUESTION, 'en')).toBe('neither');
		expect(readConfirmation('ja aber ändere die E-Mail', QUESTION, 'nl')).toBe('neither');
		expect(readConfirmation('nein, warte', QUESTION, 'en')).toBe('neither');
	});

	test('sarcasm is read in English only, in every turn: "ja klar" is meant', () => {
		expect(readConfirmation('yeah right', QUESTION, 'de')).toBe('neither');
		expect(readConfirmation('ja klar 🙄', QUESTION, 'de')).toBe('neither');
		expect(readConfirmation('ja klar', QUESTION, 'de')).toBe('yes');
	});

	test("a no word the question uses for its action echoes it in the turn's language", () => {
		expect(readConfirmation('ja, abbrechen', 'Bestellung 12345 abbrechen?', 'de')).toBe('yes');
		expect(readConfirmation('oui, annuler', 'Annuler la commande 12345 ?', 'fr')).toBe('yes');
		expect(readConfirmation('abbrechen', 'Soll ich fortfahren?', 'de')).toBe('no');
	});

	test("where the turn's language reads a word otherwise than English, its reading wins: the Vietnamese k is no", () => {
		expect(readConfirmation('k', '', 'vi')).toBe('no');
		expect(readConfirmation('k', '', 'en')).toBe('yes');
	});

	test('a Turkish yes or no typed with a capital İ', () => {
		expect(readConfirmation('İstemiyorum', '', 'tr')).toBe('no');
	});

	test('a question mark of any script is a question', () => {
		expect(readConfirmation('はい？', QUESTION, 'ja')).toBe('neither');
		expect(readConfirmation('نعم؟', QUESTION, 'ar')).toBe('neither');
	});
});

describe('a cancel in each language', () => {
	const CANCELS: Array<[string, string]> = [
		...['abbrechen', 'vergiss es', 'Nein, vergiss es bitte', 'lass es, danke', 'ich habe es mir anders überlegt'].map((m): [string, string] => ['de', m]),
		...['annuler', 'laisse tomber', 'Non merci', 'oubliez ça, merci', "j'ai changé d'avis", 'j’ai changé d’avis'].map((m): [string, string] => ['fr', m]),
		...['cancelar', 'olvídalo', 'déjalo, gracias', 'bueno, no importa'].map((m): [string, string] => ['es', m]),
		...['cancela', 'esquece', 'deixa pra lá', 'mudei de ideia'].map((m): [string, string] => ['pt', m]),
		...['annulla', 'lascia perdere', 'no grazie', 'ho cambiato idea'].map((m): [string, string] => ['it', m]),
		...['annuleren', 'laat maar', 'nee, laat maar zitten', 'ik heb me bedacht'].map((m): [string, string] => ['nl', m]),
		// English in any turn.
		...['never mind', 'cancel it please', 'ummm forget it'].map((m): [string, string] => ['de', m]),
	];

	test.each(CANCELS)('in %s, %p calls the collection off', (language, message) => {
		expect(isCancel(message, language)).toBe(true);
	});

	test.each([
		['de', 'nein, warte'],
		['de', 'ich möchte meine Bestellung abbrechen'],
		['fr', 'annuler ma commande'],
		['fr', 'laisse-moi réfléchir'],
		['de', 'ja'],
		['en', 'cancel my order'],
	])('in %s, %p is no cancel', (language, message) => {
		expect(isCancel(message, language)).toBe(false);
	});

	test("another language's cancel words are answers in an English turn: Peru is a country", () => {
		expect(isCancel('Peru', 'en')).toBe(false);
		expect(isCancel('peru', 'fi')).toBe(true);
		expect(isCancel('abbrechen', 'en')).toBe(false);
	});

	test.each(LANGUAGES)('in %s, the word the help text tells the visitor to say is a cancel', (language) => {
		const said = /["“”„«「『»]\s*([^"“”„«»「」『』]+?)\s*["”“»«」』]/u.exec(textsFor(language).replies.helpWhileAsking)?.[1];
		expect({ language, said, cancels: said !== undefined && isCancel(said, language) }).toEqual({ language, said, cancels: true });
	});

	test('a cancel after a no, with the comma of its script', () => {
		expect(isCancel('いいえ、キャンセル', 'ja')).toBe(true);
		expect(isCancel('不，取消', 'zh')).toBe(true);
		expect(isCancel('لا، إلغاء', 'ar')).toBe(true);
	});

	test('a Turkish cancel typed with a capital İ', () => {
		expect(isCancel('İptal', 'tr')).toBe(true);
	});

	test('a cancel with its reason after it', () => {
		expect(isCancelThen("laisse tomber, c'est arrivé", 'fr')).toBe(true);
		expect(isCancelThen('vergiss es, hat sich erledigt', 'de')).toBe(true);
		expect(isCancelThen('never mind, it just arrived', 'de')).toBe(true);
	});
});
