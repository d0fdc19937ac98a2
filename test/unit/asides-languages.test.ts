// Asides in every built-in language: a visitor's hesitation, change of mind or question of their
// own, said in the turn's language while a field is asked, is read as it is in English (English
// beside it), and a message that also carries a value stays an answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RouterAction } from '../../nodes/ActionRouter/engine/actions';
import type { RouterSettings } from '../../nodes/ActionRouter/engine/decision';
import { readAside } from '../../nodes/ActionRouter/engine/asides';
import type { IntentClassifier } from '../../nodes/ActionRouter/engine/intent/types';
import { route } from '../../nodes/ActionRouter/engine/router';
import { LANGUAGES, textsFor } from '../../nodes/shared/languages';
import type { ConversationState } from '../../nodes/shared/state/types';

type Cases = { hesitation: string[]; changeOfMind: string[]; question: string[] };

const CASES: Record<string, Cases> = {
	ar: {
		hesitation: ['لحظة، خليني أشوف', 'ما أعرف', 'دعني أتحقق من فضلك'],
		changeOfMind: ['ربما لاحقا', 'لست جاهزا', 'سأفكر في الأمر'],
		question: ['أين أجد رقم العميل', 'هل تشحنون إلى مصر'],
	},
	de: {
		hesitation: ['moment, ich muss nachsehen', 'Einen Moment bitte', 'hmm, keine Ahnung', 'weiß ich nicht', 'ich schau mal nach', 'Sekunde!'],
		changeOfMind: ['vielleicht später', 'ich bin noch nicht so weit', 'ach, doch nicht', 'ich überlege es mir noch', 'hm, jetzt nicht'],
		question: ['wo finde ich meine Kundennummer', 'also, welche Daten braucht ihr', 'warum brauchen Sie das'],
	},
	es: {
		hesitation: ['un momento', 'déjame revisar', 'ni idea', 'espera, tengo que buscar'],
		changeOfMind: ['mejor más tarde', 'todavía no estoy lista', 'lo voy a pensar'],
		question: ['dónde encuentro mi número de cliente', 'por qué necesitan mi correo'],
	},
	fi: {
		hesitation: ['hetki', 'odota hetki, tarkistan', 'en tiedä'],
		changeOfMind: ['ehkä myöhemmin', 'en ole vielä valmis', 'ei nyt'],
		question: ['mistä löydän asiakasnumeroni', 'onko tämä ilmaista'],
	},
	fr: {
		hesitation: ['un instant', 'attendez, je vérifie', 'aucune idée', 'euh, je sais pas', 'laisse-moi regarder'],
		changeOfMind: ['peut-être plus tard', 'je ne suis pas prêt', 'je vais y réfléchir'],
		question: ['où est-ce que je trouve mon numéro client', 'pourquoi vous avez besoin de ça'],
	},
	id: {
		hesitation: ['sebentar ya', 'tunggu, saya cek dulu', 'gak tau'],
		changeOfMind: ['nanti aja', 'saya belum siap', 'lain kali'],
		question: ['di mana saya bisa lihat nomor pelanggan', 'kenapa butuh email saya'],
	},
	it: {
		hesitation: ['un attimo', 'aspetta, fammi controllare', 'boh, non lo so'],
		changeOfMind: ['magari più tardi', 'non sono ancora pronta', 'ci devo pensare'],
		question: ['dove trovo il numero cliente', 'cosa devo scrivere qui'],
	},
	ja: {
		hesitation: ['ちょっと待ってください', 'えっと、確認します', 'わかりません'],
		changeOfMind: ['また今度にします', 'まだ準備ができていません', '考えておきます'],
		// No question words open a Japanese question: its ending or a question word before "？" tell it.
		question: ['会員番号はどこで確認できますか？', '海外にも送れますか'],
	},
	nl: {
		hesitation: ['momentje', 'wacht even, ik moet even kijken', 'geen idee'],
		changeOfMind: ['misschien later', 'ik ben er nog niet klaar voor', 'nu niet'],
		question: ['waar vind ik mijn klantnummer', 'waarom hebben jullie dat nodig'],
	},
	pt: {
		hesitation: ['só um momento', 'peraí, deixa eu ver', 'não sei'],
		changeOfMind: ['talvez mais tarde', 'ainda não estou pronto', 'vou pensar'],
		question: ['onde encontro meu número de cliente', 'por que vocês precisam disso'],
	},
	ru: {
		hesitation: ['минутку', 'секунду, сейчас посмотрю', 'не знаю'],
		changeOfMind: ['может позже', 'я ещё не готов', 'я подумаю'],
		question: ['где найти номер клиента', 'зачем вам моя почта'],
	},
	sv: {
		hesitation: ['vänta lite', 'en sekund, jag måste kolla', 'ingen aning'],
		changeOfMind: ['kanske senare', 'jag är inte redo än', 'inte nu'],
		question: ['var hittar jag mitt kundnummer', 'varför behöver ni det'],
	},
	tr: {
		hesitation: ['bir dakika', 'bekle, bir bakayım', 'bilmiyorum'],
		changeOfMind: ['belki sonra', 'henüz hazır değilim', 'şimdi değil'],
		question: ['hangi bilgileri istiyorsunuz', 'neden e-posta adresim gerekiyor'],
	},
	uk: {
		hesitation: ['хвилинку', 'зачекайте, зараз перевірю', 'не знаю'],
		changeOfMind: ['може пізніше', 'я ще не готовий', 'не зараз'],
		question: ['де знайти номер клієнта', 'чому вам потрібна моя пошта'],
	},
	vi: {
		hesitation: ['chờ chút', 'đợi xíu, để mình kiểm tra', 'không biết'],
		changeOfMind: ['để sau nhé', 'mình chưa sẵn sàng', 'để mình suy nghĩ thêm'],
		question: ['tại sao cần email của mình', 'cho mình hỏi mã khách hàng ở đâu'],
	},
	zh: {
		hesitation: ['等一下', '稍等，我查一下', '不知道'],
		changeOfMind: ['以后再说', '我还没准备好', '我再考虑一下'],
		question: ['我的客户号在哪里？', '你们发货到上海吗'],
	},
};

describe('every language but English has lists of asides of its own', () => {
	const FOLDER = join(__dirname, '../../nodes/shared/languages');
	const file = (language: string) => JSON.parse(readFileSync(join(FOLDER, `${language}.json`), 'utf8')) as { asides: Record<string, string[]> };

	test('English keeps its wording in the engine: its lists are empty', () => {
		expect(file('en').asides).toEqual({ hesitation: [], changeOfMind: [], questionStart: [] });
	});

	test.each(LANGUAGES.filter((language) => language !== 'en'))('%s: hesitation and change of mind, in lower case', (language) => {
		const { asides } = file(language);
		expect(asides.hesitation.length).toBeGreaterThan(10);
		expect(asides.changeOfMind.length).toBeGreaterThan(10);
		for (const phrase of Object.values(asides).flat()) expect(phrase).toBe(phrase.toLowerCase().trim());
	});

	test('every language is tried here', () => {
		expect(Object.keys(CASES).sort()).toEqual(LANGUAGES.filter((language) => language !== 'en').sort());
	});
});

describe.each(Object.entries(CASES))('%s', (language, cases) => {
	test.each(cases.hesitation)('hesitation: %s', (message) => {
		expect(readAside(message, language)).toBe('hesitation');
	});

	test.each(cases.changeOfMind)('change of mind: %s', (message) => {
		expect(readAside(message, language)).toBe('change_of_mind');
	});

	test.each(cases.question)('question: %s', (message) => {
		expect(readAside(message, language)).toBe('question');
	});

	test('English is read beside it', () => {
		expect(readAside('hang on, let me check', language)).toBe('hesitation');
		expect(readAside("actually, never mind, I'm not ready yet", language)).toBe('change_of_mind');
	});

	test('a hesitation with a value is an answer', () => {
		expect(readAside(`${cases.hesitation[0]}, lisa@firma.de`, language)).toBeUndefined();
		expect(readAside(`${cases.hesitation[0]} Ana`, language)).toBeUndefined();
	});
});

describe('German, as the multilingual example has it', () => {
	test.each(['moment, lisa@firma.de', 'hmm, Ana', 'Lisa Müller', 'ich heiße Lisa', 'lisa@firma.de', 'Berlin'])('%s is no aside', (message) => {
		expect(readAside(message, 'de')).toBeUndefined();
	});

	test('a question opener needs a question after it: two words are no question', () => {
		expect(readAside('wo denn', 'de')).toBeUndefined();
		expect(readAside('warum?', 'de')).toBeUndefined();
		expect(readAside('wie gesagt, Lisa Müller', 'de')).toBeUndefined();
	});

	test('a name said hesitantly in Chinese or Japanese is no question', () => {
		expect(readAside('王小明？', 'zh')).toBeUndefined();
		expect(readAside('田中花子？', 'ja')).toBeUndefined();
	});

	test("a language's words are read only for a turn in that language", () => {
		expect(readAside('vielleicht später', 'fr')).toBeUndefined();
		expect(readAside('keine ahnung', 'en')).toBeUndefined();
	});

	test("Chinese and Japanese clauses break at their own punctuation; Arabic at its comma", () => {
		expect(readAside('嗯，不知道', 'zh')).toBe('hesitation');
		expect(readAside('えっと、わかりません。', 'ja')).toBe('hesitation');
		expect(readAside('لا أعرف، ربما لاحقا', 'ar')).toBe('change_of_mind');
	});
});

describe('in a German conversation, while an email is asked', () => {
	const classifier: IntentClassifier = { rank: (message) => [{ action: 'reset_key', score: /schlüssel/i.test(message) ? 0.9 : 0.05 }] };
	const actions: RouterAction[] = [
		{
			name: 'reset_key',
			description: 'Reset an API key',
			examples: [],
			triggers: { intent: true, buttonIds: [], leadCaptured: false },
			fields: [{ name: 'email', question: 'Welche E-Mail-Adresse?', type: 'email', required: true }],
		},
	];
	const settings: RouterSettings = { threshold: 0.2, tieMargin: 0.05, maxReasks: 1, language: 'de' };
	function conversation() {
		let state: ConversationState | undefined;
		return (message: string) => {
			const decision = route({ turn: { event: 'message', conversationId: 'c1', message }, state, actions, classifier, settings });
			state = decision.state;
			return decision.outcome;
		};
	}
	const { replies } = textsFor('de');

	test('a pause to look it up is waited for, uncounted', () => {
		const say = conversation();
		say('mein schlüssel');
		expect(say('moment, ich muss nachsehen')).toMatchObject({ kind: 'ask', aside: 'hesitation', question: `${replies.hesitation} Welche E-Mail-Adresse?` });
		expect(say('keine ahnung')).toMatchObject({ kind: 'ask', aside: 'hesitation' });
		expect(say('lisa@firma.de')).toMatchObject({ kind: 'action', fields: { email: 'lisa@firma.de' } });
	});

	test('a change of mind cancels', () => {
		const say = conversation();
		say('mein schlüssel');
		expect(say('ich bin noch nicht so weit')).toMatchObject({ kind: 'noMatch', reason: 'cancelled', message: replies.cancelled });
	});

	test('a question without its question mark is a question, not a wrong email', () => {
		const say = conversation();
		say('mein schlüssel');
		expect(say('wo finde ich meine Kundennummer')).toMatchObject({ kind: 'noMatch', reason: 'aside', field: 'email' });
	});
});
