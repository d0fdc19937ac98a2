// Small talk, a request for a person and the wording of a request in each built-in language:
// read in English and in the turn's language (the language files' smallTalk and request
// phrases), never in every language at once; English as before.
import type { RouterAction } from '../../nodes/ActionRouter/engine/actions';
import type { RouterSettings } from '../../nodes/ActionRouter/engine/decision';
import type { IntentClassifier } from '../../nodes/ActionRouter/engine/intent/types';
import { route } from '../../nodes/ActionRouter/engine/router';
import { topicOf } from '../../nodes/ActionRouter/engine/topics';
import { isWordedAsRequest, turnsAway } from '../../nodes/ActionRouter/engine/wording';
import type { ChatTurn } from '../../nodes/shared/contract';
import { LANGUAGES, textsFor } from '../../nodes/shared/languages';
import type { ConversationState } from '../../nodes/shared/state/types';

interface Said {
	greeting: string;
	thanks: string;
	goodbye: string;
	help: string;
	bot: string;
	person: string;
	/** A request for a person inside a short sentence that says more. */
	personInSentence: string;
	/** A greeting with a request: not small talk. */
	greetingAndRequest: string;
	/** While a field is asked: worded as a request (no question mark), and an answer. */
	request: string;
	answer: string;
	/** Turning away from the question asked. */
	turningAway: string;
}

const SAID: Record<string, Said> = {
	de: {
		greeting: 'Hallo!',
		thanks: 'Danke schön',
		goodbye: 'Tschüss',
		help: 'Was können Sie?',
		bot: 'Sind Sie ein Bot?',
		person: 'Ich möchte mit einem Menschen sprechen',
		personInSentence: 'das bringt doch nichts, kann ich bitte mit einem Mitarbeiter sprechen',
		greetingAndRequest: 'Hallo, ich möchte mein Passwort zurücksetzen',
		request: 'können Sie zuerst meine Bestellung prüfen',
		answer: 'meine Bestellnummer ist 12345',
		turningAway: 'eigentlich will ich meine Adresse ändern',
	},
	fr: {
		greeting: 'Bonjour !',
		thanks: 'Merci beaucoup',
		goodbye: 'Au revoir',
		help: "Qu'est-ce que vous pouvez faire ?",
		bot: 'Vous êtes un robot ?',
		person: 'Je voudrais parler à un conseiller',
		personInSentence: "ça ne marche pas, je veux parler à quelqu'un",
		greetingAndRequest: 'Bonjour, je voudrais réinitialiser mon mot de passe',
		request: "pouvez-vous d'abord vérifier ma commande",
		answer: 'mon numéro de commande est 12345',
		turningAway: "en fait je veux changer d'adresse",
	},
	es: {
		greeting: '¡Hola!',
		thanks: 'Muchas gracias',
		goodbye: 'Adiós',
		help: '¿Qué puedes hacer?',
		bot: '¿Eres un bot?',
		person: 'Quiero hablar con una persona',
		personInSentence: 'esto no sirve, quiero hablar con un agente',
		greetingAndRequest: 'Hola, quiero restablecer mi contraseña',
		request: 'puedes revisar primero mi pedido',
		answer: 'mi número de pedido es 12345',
		turningAway: 'en realidad quiero cambiar la dirección',
	},
	pt: {
		greeting: 'Olá',
		thanks: 'Muito obrigado!',
		goodbye: 'Tchau',
		help: 'O que você pode fazer?',
		bot: 'Você é um robô?',
		person: 'Quero falar com um atendente',
		personInSentence: 'isso não resolve, preciso falar com uma pessoa',
		greetingAndRequest: 'Oi, quero redefinir minha senha',
		request: 'pode verificar meu pedido primeiro',
		answer: 'o número do meu pedido é 12345',
		turningAway: 'na verdade quero mudar o endereço',
	},
	it: {
		greeting: 'Ciao',
		thanks: 'Grazie mille',
		goodbye: 'Arrivederci',
		help: 'Cosa sai fare?',
		bot: 'Sei un bot?',
		person: 'Vorrei parlare con un operatore',
		personInSentence: 'non funziona niente, posso parlare con una persona',
		greetingAndRequest: 'Ciao, vorrei reimpostare la password',
		request: 'puoi controllare prima il mio ordine',
		answer: "il mio numero d'ordine è 12345",
		turningAway: "in realtà vorrei cambiare l'indirizzo",
	},
	nl: {
		greeting: 'Hallo',
		thanks: 'Dank je wel',
		goodbye: 'Doei',
		help: 'Wat kun je?',
		bot: 'Ben je een bot?',
		person: 'Ik wil met een medewerker praten',
		personInSentence: 'dit werkt niet, kan ik iemand spreken',
		greetingAndRequest: 'Hallo, ik wil mijn wachtwoord resetten',
		request: 'kun je eerst mijn bestelling controleren',
		answer: 'mijn bestelnummer is 12345',
		turningAway: 'eigenlijk wil ik mijn adres wijzigen',
	},
	sv: {
		greeting: 'Hej',
		thanks: 'Tack så mycket',
		goodbye: 'Hejdå',
		help: 'Vad kan du göra?',
		bot: 'Är du en bot?',
		person: 'Jag vill prata med en människa',
		personInSentence: 'det här hjälper inte, kan jag få prata med någon',
		greetingAndRequest: 'Hej, jag vill återställa mitt lösenord',
		request: 'kan du kolla min beställning först',
		answer: 'mitt ordernummer är 12345',
		turningAway: 'egentligen vill jag ändra min adress',
	},
	fi: {
		greeting: 'Moi',
		thanks: 'Kiitos paljon',
		goodbye: 'Näkemiin',
		help: 'Mitä osaat tehdä?',
		bot: 'Oletko botti?',
		person: 'Haluan puhua ihmisen kanssa',
		personInSentence: 'tämä ei auta, voinko puhua asiakaspalvelijan kanssa',
		greetingAndRequest: 'Moi, haluan vaihtaa salasanani',
		request: 'voitko ensin tarkistaa tilaukseni',
		answer: 'tilausnumeroni on 12345',
		turningAway: 'itse asiassa haluan vaihtaa osoitteen',
	},
	ru: {
		greeting: 'Привет',
		thanks: 'Спасибо большое',
		goodbye: 'До свидания',
		help: 'Что вы умеете?',
		bot: 'Вы бот?',
		person: 'Хочу поговорить с оператором',
		personInSentence: 'ничего не работает, дайте поговорить с живым человеком',
		greetingAndRequest: 'Здравствуйте, хочу сбросить пароль',
		request: 'можете сначала проверить мой заказ',
		answer: 'номер моего заказа 12345',
		turningAway: 'вообще-то я хочу изменить адрес',
	},
	uk: {
		greeting: 'Привіт',
		thanks: 'Дякую',
		goodbye: 'До побачення',
		help: 'Що ви вмієте?',
		bot: 'Ви бот?',
		person: 'Хочу поговорити з оператором',
		personInSentence: 'нічого не працює, можна поговорити з людиною',
		greetingAndRequest: 'Привіт, хочу скинути пароль',
		request: 'можете спочатку перевірити моє замовлення',
		answer: 'номер мого замовлення 12345',
		turningAway: 'насправді я хочу змінити адресу',
	},
	ja: {
		greeting: 'こんにちは',
		thanks: 'ありがとうございます！',
		goodbye: 'さようなら',
		help: '何ができますか？',
		bot: 'ボットですか？',
		person: '人間と話したい',
		personInSentence: '全然解決しないので担当者につないでください',
		greetingAndRequest: 'こんにちは、パスワードをリセットしたいです',
		request: '先に注文を確認してもらえますか',
		answer: '注文番号は12345です',
		turningAway: 'やっぱり住所を変更したいです',
	},
	zh: {
		greeting: '你好',
		thanks: '谢谢',
		goodbye: '再见',
		help: '你能做什么？',
		bot: '你是机器人吗？',
		person: '转人工',
		personInSentence: '这个没用，帮我转人工客服',
		greetingAndRequest: '你好，我想重置密码',
		request: '能不能先帮我查一下订单',
		answer: '我的订单号是12345',
		turningAway: '其实我想改地址',
	},
	id: {
		greeting: 'Halo',
		thanks: 'Terima kasih banyak',
		goodbye: 'Sampai jumpa',
		help: 'Kamu bisa apa?',
		bot: 'Apakah kamu bot?',
		person: 'Saya mau bicara dengan admin',
		personInSentence: 'ini tidak membantu, tolong sambungkan ke cs',
		greetingAndRequest: 'Halo, saya mau reset password',
		request: 'bisa cek pesanan saya dulu',
		answer: 'nomor pesanan saya 12345',
		turningAway: 'sebenarnya saya mau ganti alamat',
	},
	vi: {
		greeting: 'Xin chào',
		thanks: 'Cảm ơn bạn nhiều',
		goodbye: 'Tạm biệt',
		help: 'Bạn có thể làm gì?',
		bot: 'Bạn là bot à?',
		person: 'Cho tôi nói chuyện với nhân viên',
		personInSentence: 'không giải quyết được, tôi muốn gặp nhân viên',
		greetingAndRequest: 'Xin chào, tôi muốn đặt lại mật khẩu',
		request: 'bạn kiểm tra đơn hàng giúp tôi trước được không',
		answer: 'mã đơn hàng của tôi là 12345',
		turningAway: 'thật ra tôi muốn đổi địa chỉ',
	},
	tr: {
		greeting: 'Merhaba',
		thanks: 'Çok teşekkürler',
		goodbye: 'Görüşürüz',
		help: 'Neler yapabilirsin?',
		bot: 'Bot musun?',
		person: 'Bir insanla konuşmak istiyorum',
		personInSentence: 'bu işe yaramıyor, müşteri temsilcisine bağlar mısınız',
		greetingAndRequest: 'Merhaba, şifremi sıfırlamak istiyorum',
		request: 'önce siparişimi kontrol edebilir misiniz',
		answer: 'sipariş numaram 12345',
		turningAway: 'aslında adresimi değiştirmek istiyorum',
	},
	ar: {
		greeting: 'مرحباً',
		thanks: 'شكرا جزيلا',
		goodbye: 'مع السلامة',
		help: 'ماذا يمكنك أن تفعل؟',
		bot: 'هل أنت بوت؟',
		person: 'أريد التحدث مع موظف',
		personInSentence: 'هذا لا يفيد، حولني لموظف',
		greetingAndRequest: 'مرحبا، أريد إعادة تعيين كلمة المرور',
		request: 'هل يمكنك التحقق من طلبي أولا',
		answer: 'رقم طلبي 12345',
		turningAway: 'في الواقع أريد تغيير العنوان',
	},
};

test('every built-in language but English has phrases here', () => {
	expect(Object.keys(SAID).sort()).toEqual(LANGUAGES.filter((language) => language !== 'en').sort());
});

describe.each(Object.entries(SAID))('%s', (language, said) => {
	test.each(['greeting', 'thanks', 'goodbye', 'help', 'bot', 'person'] as const)('a whole message of %s is that topic', (topic) => {
		expect({ message: said[topic], topic: topicOf(said[topic], language) }).toEqual({ message: said[topic], topic });
	});

	test('a request for a person inside a short sentence', () => {
		expect(topicOf(said.personInSentence, language)).toBe('person');
	});

	test('a greeting with a request is not small talk', () => {
		expect(topicOf(said.greetingAndRequest, language)).toBeUndefined();
	});

	test('a request is worded as one, an answer is not', () => {
		expect(isWordedAsRequest(said.request, language)).toBe(true);
		expect(isWordedAsRequest(said.answer, language)).toBe(false);
		expect(turnsAway(said.turningAway, language)).toBe(true);
		expect(turnsAway(said.answer, language)).toBe(false);
	});

	test('English is read too', () => {
		expect(topicOf('thanks, bye', language)).toBe('goodbye');
		expect(topicOf('I want to talk to a person', language)).toBe('person');
		expect(isWordedAsRequest('can you check my order first', language)).toBe(true);
	});

	test("every topic has phrases, each in the language's own words", () => {
		const { smallTalk } = textsFor(language);
		for (const topic of ['greeting', 'thanks', 'acknowledgement', 'goodbye', 'help', 'bot', 'person'] as const) {
			expect({ topic, phrases: smallTalk[topic].length >= 5 && smallTalk[topic].length <= 20 }).toEqual({ topic, phrases: true });
			for (const phrase of smallTalk[topic]) expect({ phrase, plain: phrase === phrase.toLowerCase() && !/[\\^$()[\]|?*+]/.test(phrase.replace(/^a\+$/, '')) }).toEqual({ phrase, plain: true });
		}
	});
});

describe("not every language at once: the turn's language and English", () => {
	test.each([
		['Ich möchte mit einem Menschen sprechen', 'de'],
		['Hallo', 'de'],
		['转人工', 'zh'],
		['Danke', 'de'],
	])('"%s" is read in %s, not in English', (message, language) => {
		expect(topicOf(message, language)).toBeDefined();
		expect(topicOf(message, 'en')).toBeUndefined();
	});

	test('"ciao" greets an Italian visitor; in English it is a goodbye', () => {
		expect(topicOf('Ciao!', 'it')).toBe('greeting');
		expect(topicOf('ciao', 'en')).toBe('goodbye');
	});

	test('a German request cue is no cue for an English turn', () => {
		expect(isWordedAsRequest('können Sie zuerst meine Bestellung prüfen', 'en')).toBe(false);
		expect(isWordedAsRequest('können Sie zuerst meine Bestellung prüfen', 'de')).toBe(true);
	});
});

describe('a request for a person, as in English', () => {
	test.each([
		['ich möchte nicht mit einem Menschen sprechen', 'de'],
		['je ne veux pas parler à un humain', 'fr'],
		['no quiero hablar con una persona', 'es'],
		['不用转人工', 'zh'],
		['我不想找人工', 'zh'],
		['saya sudah bicara dengan admin kemarin', 'id'],
		['tôi đã nói chuyện với nhân viên rồi', 'vi'],
	])('"%s" (%s) asks for none', (message, language) => {
		expect(topicOf(message, language)).toBeUndefined();
	});

	test('a one-word phrase counts only as the whole message', () => {
		expect(topicOf('Mitarbeiter bitte!', 'de')).toBe('person');
		expect(topicOf('Ihr Mitarbeiter hat mir gestern gesagt, das Paket kommt heute', 'de')).toBeUndefined();
		expect(topicOf('人工', 'zh')).toBe('person');
		expect(topicOf('你们用人工智能吗', 'zh')).toBeUndefined();
		expect(topicOf('オペレーター', 'ja')).toBe('person');
		expect(topicOf('オペレーターお願いします', 'ja')).toBe('person');
	});

	test('in a long message it is one request among others', () => {
		const long = 'ich habe letzte Woche eine Bestellung aufgegeben und sie ist immer noch nicht da, ich möchte mit einem Menschen sprechen';
		expect(topicOf(long, 'de')).toBeUndefined();
		expect(topicOf('我上周下的订单到现在还没有收到，物流信息也一直没有更新，能不能帮我查一下，不行的话转人工', 'zh')).toBeUndefined();
	});

	test('asking whether it is a person is a question about the bot', () => {
		expect(topicOf('Sind Sie ein echter Mensch?', 'de')).toBe('bot');
		expect(topicOf('spreche ich mit einem Menschen?', 'de')).toBe('bot');
		expect(topicOf('你是人工吗', 'zh')).toBe('bot');
	});

	test('fillers, capitals, accents left out and several parts', () => {
		expect(topicOf('ok danke, tschuss', 'de')).toBe('goodbye');
		expect(topicOf('oh hallo 👋', 'de')).toBe('greeting');
		expect(topicOf('MERCI BEAUCOUP', 'fr')).toBe('thanks');
		expect(topicOf('cam on ban', 'vi')).toBe('thanks');
		expect(topicOf('TEŞEKKÜRLER', 'tr')).toBe('thanks');
		expect(topicOf('你好呀', 'zh')).toBe('greeting');
		expect(topicOf('はい、ありがとう', 'ja')).toBe('thanks');
	});
});

describe('English is unchanged', () => {
	test.each([
		['hello', 'greeting'],
		['ok thanks', 'thanks'],
		['is this a bot?', 'bot'],
		['can I speak to a human please', 'person'],
		['what can you do?', 'help'],
	])('"%s" is %s', (message, topic) => {
		expect(topicOf(message)).toBe(topic);
		expect(topicOf(message, 'en')).toBe(topic);
	});

	test('request wording', () => {
		expect(isWordedAsRequest('can you check order 12345 first')).toBe(true);
		expect(isWordedAsRequest('where is my order')).toBe(true);
		expect(isWordedAsRequest('my order number is 12345')).toBe(false);
		expect(turnsAway('actually, the weekly one')).toBe(true);
		expect(turnsAway('no, lina@park.dev')).toBe(true);
		expect(turnsAway('the weekly one')).toBe(false);
	});

	test('a question mark of any script counts', () => {
		expect(isWordedAsRequest('12345？', 'ja')).toBe(true);
		expect(isWordedAsRequest('؟', 'ar')).toBe(true);
	});
});

// ---- the router, in German and Japanese -----------------------------------------------------

/** A keyword stand-in for the intent model: each rule reads plainly. */
const keywords: IntentClassifier = {
	rank(message) {
		const text = message.toLowerCase();
		const scores = [
			{ action: 'order_status', score: /bestellung|注文/.test(text) ? 0.9 : 0.05 },
			{ action: 'feedback', score: /feedback|rückmeldung|意見/.test(text) ? 0.9 : 0.05 },
		];
		return scores.sort((a, b) => b.score - a.score);
	},
};

const intentOnly = { intent: true, buttonIds: [], leadCaptured: false };
const ACTIONS: RouterAction[] = [
	{
		name: 'order_status',
		label: 'Bestellstatus',
		description: 'Wo eine Bestellung ist',
		examples: [],
		triggers: intentOnly,
		fields: [{ name: 'order_id', question: 'Wie lautet Ihre Bestellnummer?', type: 'regex', pattern: '\\d{5}', required: true }],
	},
	{
		name: 'feedback',
		label: 'Feedback',
		description: 'Feedback geben',
		examples: [],
		triggers: intentOnly,
		fields: [{ name: 'comment', question: 'Was möchten Sie uns sagen?', type: 'text', required: true }],
	},
];

function conversation(language: string, settings: Partial<RouterSettings> = {}) {
	let state: ConversationState | undefined;
	return (message: string) => {
		const turn: ChatTurn = { event: 'message', conversationId: 'c1', message };
		const decision = route({ turn, state, actions: ACTIONS, classifier: keywords, settings: { threshold: 0.2, tieMargin: 0.05, maxReasks: 1, language, ...settings } });
		state = decision.state;
		return decision.outcome;
	};
}

describe('the router in the visitor\'s language', () => {
	const de = textsFor('de');

	test('"Ich möchte mit einem Menschen sprechen" goes to the Hand Over output', () => {
		expect(conversation('de', { handoff: true })('Ich möchte mit einem Menschen sprechen')).toMatchObject({ kind: 'handoff', reason: 'asked_for_person', message: de.replies.person });
	});

	test('without a Hand Over output the router says in German that it cannot, with the buttons', () => {
		const outcome = conversation('de')('Ich möchte mit einem Menschen sprechen');
		expect(outcome).toMatchObject({ kind: 'noMatch', reason: 'small_talk', topic: 'person', message: `${de.replies.noPerson} ${de.replies.canHelpWith}` });
	});

	test('"Hallo" is answered with the German greeting and the buttons', () => {
		const outcome = conversation('de')('Hallo');
		expect(outcome).toMatchObject({ kind: 'noMatch', reason: 'small_talk', topic: 'greeting', message: `${de.replies.greeting} ${de.replies.canHelpWith}` });
		expect(outcome.kind === 'noMatch' && outcome.buttons).toEqual([
			{ label: 'Bestellstatus', actionId: 'choose:order_status' },
			{ label: 'Feedback', actionId: 'choose:feedback' },
		]);
	});

	test('a Japanese visitor asking for a person in the middle of a collection is handed over', () => {
		const say = conversation('ja', { handoff: true });
		expect(say('注文の状況を知りたい')).toMatchObject({ kind: 'ask', field: 'order_id' });
		expect(say('人と話したいです')).toMatchObject({ kind: 'handoff', reason: 'asked_for_person', action: 'order_status' });
	});

	test('"Danke" while a field is asked thanks and asks again, in German', () => {
		const say = conversation('de');
		say('wo ist meine Bestellung');
		expect(say('Danke')).toMatchObject({ kind: 'ask', field: 'order_id', topic: 'thanks', question: `${de.replies.thanks} Wie lautet Ihre Bestellnummer?` });
	});

	test('while a text field is asked, a German request switches; the same words as an answer are the answer', () => {
		const asking = () => {
			const say = conversation('de');
			expect(say('ich möchte Feedback geben')).toMatchObject({ kind: 'ask', field: 'comment' });
			return say;
		};
		expect(asking()('können Sie zuerst meine Bestellung prüfen')).toMatchObject({ kind: 'ask', action: 'order_status', field: 'order_id' });
		expect(asking()('die Bestellung kam gestern an und war kaputt')).toMatchObject({ kind: 'action', action: 'feedback', fields: { comment: 'die Bestellung kam gestern an und war kaputt' } });
	});
});
