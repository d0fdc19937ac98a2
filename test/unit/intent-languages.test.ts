import { EmbeddedIntentModel } from '../../nodes/ActionRouter/engine/intent/embedded';
import { normalizeText, tokenize } from '../../nodes/ActionRouter/engine/intent/normalize';
import { porterStem } from '../../nodes/ActionRouter/engine/intent/stemmer';
import { detectLanguage } from '../../nodes/ActionRouter/engine/language';
import { turnLanguage } from '../../nodes/ActionRouter/engine/classify';
import type { IntentClassifier } from '../../nodes/ActionRouter/engine/intent/types';
import { ROUTER_DEFAULTS } from '../../nodes/ActionRouter/engine/defaults';
import { route } from '../../nodes/ActionRouter/engine/router';

const words = (text: string, language?: string) => tokenize(text, language).map((token) => token.word);
const stems = (text: string, language?: string) => tokenize(text, language).map((token) => token.stem);

describe('tokens in every script', () => {
	it('keeps letters of any script and drops punctuation of any script', () => {
		expect(words('Отмените будильник, пожалуйста!', 'ru')).toEqual(['отмените', 'будильник', 'пожалуиста']);
		expect(words('Ακύρωσε το ξυπνητήρι;', 'el')).toEqual(['ακυρωσε', 'το', 'ξυπνητηρι']);
		expect(words('בטל את השעון המעורר', 'he')).toEqual(['בטל', 'את', 'השעון', 'המעורר']);
	});

	it('finds the words of Chinese and Japanese, written without spaces', () => {
		expect(words('取消今天下午的闹钟', 'zh').length).toBeGreaterThan(2);
		expect(words('取消今天下午的闹钟', 'zh').join('')).toBe('取消今天下午的闹钟');
		// Pre-tokenised text and text as a visitor types it give the same words.
		expect(words('すべて の リマインダー を 表示', 'ja')).toEqual(words('すべてのリマインダーを表示', 'ja'));
		expect(words('アラームを設定して', 'ja')).toContain('アラーム');
	});

	it("drops Arabic's vowel marks and keeps Devanagari's vowel signs", () => {
		expect(words('أَلْغِ المنبه', 'ar')).toEqual(words('ألغ المنبه', 'ar'));
		expect(words('अलार्म रद्द करें', 'hi')).toEqual(['अलार्म', 'रद्द', 'करें']);
	});

	it('hides numbers of any script and splits them from letters', () => {
		expect(normalizeText('Wecker um 7 Uhr', 'de')).toBe('wecker um 0 uhr');
		expect(normalizeText('٣ تذكيرات', 'ar')).toBe('0 تذكيرات');
		expect(normalizeText('午後4時に', 'ja')).toBe('午後 0 時に');
	});

	it('stems each language with its own stemmer, and English with Porter as before', () => {
		expect(stems('Weckers', 'de')).toEqual(stems('Wecker', 'de'));
		expect(stems('Erinnerungen', 'de')).toEqual(stems('Erinnerung', 'de'));
		expect(stems('réservations', 'fr')).toEqual(stems('réservation', 'fr'));
		expect(stems('hatırlatıcıları', 'tr')[0].length).toBeLessThan('hatırlatıcıları'.length);
		expect(stems("I can't find my orders")).toEqual(['i', 'can', 'not', 'find', 'my', porterStem('orders')]);
		// Porter does not know Italian: its stems of the two forms differ.
		expect(stems('prenotazioni', 'it')).toEqual(stems('prenotazione', 'it'));
		expect(stems('prenotazioni')).not.toEqual(stems('prenotazione'));
	});

	it('expands English contractions in English text only', () => {
		expect(normalizeText("I can't", 'en')).toBe('i can not');
		expect(normalizeText("l'alarme d'aujourd'hui", 'fr')).toBe('l alarme d aujourd hui');
	});
});

describe('which language', () => {
	it('knows a language by a script only it writes', () => {
		expect(detectLanguage('明日の天気は？')).toBe('ja');
		expect(detectLanguage('明天天气怎么样')).toBe('zh');
		expect(detectLanguage('알람 설정해 줘')).toBe('ko');
	});

	it('reads a sentence of a language that shares its script', () => {
		expect(detectLanguage('Ich möchte mein Passwort zurücksetzen')).toBe('de');
		expect(detectLanguage('quiero cancelar mi pedido')).toBe('es');
		expect(detectLanguage('what can you do for me?')).toBe('en');
		expect(detectLanguage('Отмените мой заказ, пожалуйста')).toBe('ru');
	});

	it('says nothing where a few words could be any language', () => {
		for (const text of ['hello', 'yes', 'ok', 'reset my api key', 'Sam Lee', 'ada@example.com', '12345', '👍']) {
			expect(detectLanguage(text)).toBeUndefined();
		}
	});

	it("takes the node's language, else the message's, else the conversation's, else the examples'", () => {
		const german: IntentClassifier = { rank: () => [], languages: ['de'] };
		const settings = { threshold: 0.2, tieMargin: 0.05, maxReasks: 3 };
		expect(turnLanguage('quiero cancelar mi pedido', undefined, { ...settings, language: 'fr' }, german)).toBe('fr');
		expect(turnLanguage('quiero cancelar mi pedido', { fields: {}, attempts: {}, updatedAt: 0, language: 'de' }, settings, german)).toBe('es');
		expect(turnLanguage('ok', { fields: {}, attempts: {}, updatedAt: 0, language: 'es' }, settings, german)).toBe('es');
		expect(turnLanguage('ok', undefined, settings, german)).toBe('de');
		expect(turnLanguage('ok', undefined, settings, { rank: () => [] })).toBe('en');
	});

	it("reads a short first message among the examples' languages when the router has several", () => {
		const settings = { threshold: 0.2, tieMargin: 0.05, maxReasks: 3 };
		const multilingual: IntentClassifier = { rank: () => [], languages: ['de', 'en', 'ja'] };
		expect(turnLanguage('my api key leaked', undefined, settings, multilingual)).toBe('en');
		expect(turnLanguage('hallo', undefined, settings, multilingual)).toBe('de');
		expect(turnLanguage('キャンセル', undefined, settings, multilingual)).toBe('ja');
		// A word only one language's lists hold.
		expect(turnLanguage('Danke!', undefined, settings, multilingual)).toBe('de');
		expect(turnLanguage('Danke!', undefined, settings, { rank: () => [], languages: ['en'] })).toBe('de');
		expect(turnLanguage('Hallo', undefined, settings, { rank: () => [], languages: ['ja', 'de', 'en'] })).toBe('de');
		// A short answer keeps the conversation's language.
		expect(turnLanguage('hello', { fields: {}, attempts: {}, updatedAt: 0, language: 'de' }, settings, multilingual)).toBe('de');
	});
});

describe('the embedded model in the language of its examples', () => {
	const threshold = ROUTER_DEFAULTS.threshold;

	it('routes German requests with German examples', () => {
		const model = EmbeddedIntentModel.build([
			{ name: 'set_alarm', description: '', examples: ['Stell einen Wecker für 7 Uhr', 'Weck mich morgen um sechs', 'Neuen Wecker stellen'] },
			{ name: 'cancel_order', description: '', examples: ['Ich möchte meine Bestellung stornieren', 'Bestellung bitte stornieren', 'Storniere meinen Auftrag'] },
			{ name: 'weather', description: '', examples: ['Wie wird das Wetter morgen?', 'Regnet es heute in Berlin?', 'Wettervorhersage für das Wochenende'] },
		]);
		expect(model.languages).toEqual(['de']);
		const [top] = model.rank('Können Sie meine Bestellungen stornieren?');
		expect(top.action).toBe('cancel_order');
		expect(top.score).toBeGreaterThanOrEqual(threshold);
	});

	it('routes Chinese requests with Chinese examples', () => {
		const model = EmbeddedIntentModel.build([
			{ name: 'set_alarm', description: '', examples: ['设置明天早上七点的闹钟', '帮我定个闹钟', '六点叫醒我'] },
			{ name: 'cancel_order', description: '', examples: ['我想取消我的订单', '取消订单', '请帮我退掉这个订单'] },
			{ name: 'weather', description: '', examples: ['明天天气怎么样', '今天北京下雨吗', '周末的天气预报'] },
		]);
		expect(model.languages).toEqual(['zh']);
		const [top] = model.rank('我要取消订单');
		expect(top.action).toBe('cancel_order');
		expect(top.score).toBeGreaterThanOrEqual(threshold);
	});

	it('knows an English router as English, whatever a stray example is detected as', () => {
		const model = EmbeddedIntentModel.build([
			{ name: 'reset_api_key', description: 'Reset the API key', examples: ['reset my api key', 'my key leaked, rotate it', 'I need a new API key'] },
			{ name: 'order_status', description: '', examples: ['where is my order', 'has my package shipped yet?', 'track order 12345'] },
		]);
		expect(model.languages).toEqual(['en']);
	});
});

describe("a message in a language the actions' examples are not in", () => {
	it('gets No Match in its own language, and router.why tells the owner what to do', () => {
		const english: IntentClassifier = { rank: () => [{ action: 'reset_key', score: 0.05 }], languages: ['en'] };
		const action = {
			name: 'reset_key',
			label: 'Reset my API key',
			description: '',
			examples: ['reset my api key'],
			triggers: { intent: true, buttonIds: [], leadCaptured: false },
			fields: [],
		};
		const decision = route({
			turn: { conversationId: 'c', event: 'message', message: 'je voudrais réinitialiser ma clé API, elle a fuité' },
			state: undefined,
			actions: [action],
			classifier: english,
			settings: { threshold: 0.2, tieMargin: 0.05, maxReasks: 3 },
		});
		expect(decision.language).toBe('fr');
		expect(decision.outcome).toMatchObject({ kind: 'noMatch', reason: 'out_of_scope', message: expect.stringMatching(/^Désolé/) });
		expect(decision.why).toMatch(/the message is in fr and the actions' examples in en: add examples in fr, or use the Chat Model or Hybrid mode/);
	});
});
