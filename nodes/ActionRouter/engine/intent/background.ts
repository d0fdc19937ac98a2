/**
 * What visitors write in a website chat that is no action: greetings, thanks, small talk,
 * questions about the company or the product, general questions, venting, noise. Written
 * for this package (no data set's sentences); grouped by topic, each topic one class.
 *
 * Why: with only a few actions, a model that must choose among them is sure of one for any
 * message at all. Learned next to the actions as classes of their own, these messages give
 * an off-topic message somewhere else to go, and they show which words are common in chat
 * whatever the site (their document frequencies count). They never appear in a ranking, and
 * a sentence that resembles one of the router's own actions is left out of the build
 * (embedded.ts), so a router with a "talk to a human" or "pricing" action keeps its requests.
 */
export const BACKGROUND_TOPICS: ReadonlyArray<readonly string[]> = [
	// Greetings.
	['hi', 'hello', 'hey there', 'good morning', 'good evening', 'hiya', 'howdy', 'greetings', 'hello again', 'good afternoon', 'hey hey', 'morning!'],
	// Is anyone there?
	['hi, anyone there?', 'hello, is this a real person', 'is anybody online', 'hello? are you still there', 'is someone available to chat', 'are you there', 'can anyone hear me', 'is this chat working'],
	// Thanks.
	['thanks', 'thank you so much', 'ok thanks a lot', 'cheers', 'perfect, thank you', 'awesome, appreciate it', 'many thanks', 'thx', 'thanks for your help', 'great, that helps'],
	// Goodbyes.
	['bye', 'goodbye and have a nice day', 'see you later', 'thats all for now', 'have a good weekend', 'talk to you soon', 'gotta go', 'catch you later', 'take care', 'signing off now'],
	// Acknowledgements.
	['ok', 'okay got it', 'cool', 'alright', 'I see', 'makes sense', 'never mind', 'no worries', 'sounds good', 'fine', 'understood', 'right'],
	// Is it a bot?
	['are you a robot', 'am I talking to a bot or a human', 'are you real', 'is this an automated chat', 'are you ai', 'are you chatgpt', 'is a human reading this', 'are you a machine'],
	// About the assistant.
	['what is your name', 'who built you', 'how old are you', 'are you smart', 'do you have feelings', 'do you like your job', 'where do you live', 'do you ever sleep', 'can you learn', 'are you always online', 'what languages do you speak', 'how are you doing'],
	// What can it do?
	['what can you do', 'what kind of questions can I ask you', 'how does this chat work', 'what are you for', 'can you do anything useful', 'what topics do you know about', 'what help do you offer', 'show me what you can do'],
	// Judging the assistant.
	['you are not very helpful', 'you are funny', 'you are useless', 'good bot', 'you are smarter than I thought', 'that answer makes no sense', 'you did not understand me', 'you are doing great'],
	// The company.
	['what does your company do', 'who are you guys', 'how long have you been in business', 'who founded the company', 'how many employees do you have', 'who owns this company', 'is this company legit', 'what is your mission', 'what makes you different from your competitors', 'tell me about your team', 'are you a startup', 'who are your customers'],
	// Where the company is, how to reach it.
	['where are you based', 'where is your office located', 'do you have an office in europe', 'do you have a phone number', 'what is your email address', 'are you on linkedin', 'what is your address', 'which country are you in', 'do you have a physical store'],
	// Jobs and partnerships.
	['are you hiring', 'do you have any job openings', 'can I apply for an internship', 'I would like to work for you', 'do you sponsor events', 'can we partner with you', 'do you work with nonprofits', 'I am a journalist and have some questions'],
	// Prices and plans.
	['how much does it cost', 'what are your prices', 'is there a free trial', 'do you have a free plan', 'what is included in the pro plan', 'do you offer discounts for students', 'can I pay in installments', 'what is the difference between the basic and premium versions', 'is it expensive', 'do you have a yearly plan'],
	// What the product does.
	['how does your product work', 'what features do you have', 'does it integrate with slack', 'do you have an api', 'is there a mobile app', 'does it work on mac', 'which browsers are supported', 'can I use it offline', 'is it suitable for small businesses', 'how do you compare to the other tools', 'can I get a demo', 'do you have documentation'],
	// Trust and privacy.
	['is my data secure with you', 'are you gdpr compliant', 'where is my data stored', 'do you sell my data', 'what is your privacy policy', 'do you use cookies', 'is this site safe', 'are you certified'],
	// Shop questions before buying.
	['do you ship internationally', 'how long does shipping usually take', 'what is your return policy', 'do you have a warranty', 'is this product available in other colors', 'what sizes do you have', 'is this in stock', 'what payment methods do you accept', 'do you offer gift cards', 'are your products vegan', 'where are your products made'],
	// Trivia: places and people.
	['what is the capital of australia', 'who wrote war and peace', 'who painted the mona lisa', 'who is the president of france', 'what language do they speak in brazil', 'who invented the telephone', 'how many people live in china', 'which is the largest country in africa', 'who was the first man on the moon', 'what is the tallest building in the world'],
	// Trivia: science and nature.
	['why is the sky blue', 'how far is the moon from the earth', 'what is the speed of light', 'how do airplanes stay in the air', 'how many bones are in the human body', 'what does photosynthesis mean', 'how old is the universe', 'how do volcanoes form', 'which planet is closest to the sun', 'what is the biggest animal in the world', 'how tall is mount everest'],
	// History and the news.
	['when did the second world war end', 'what year did the titanic sink', 'any news today', 'what happened in the election', 'what is going on in the world', 'why did the roman empire fall', 'who won the nobel prize this year', 'what is the latest on the stock market'],
	// Weather and time.
	['what is the weather like today', 'will it rain this weekend', 'is it cold outside', 'what time does the sun set', 'what day is it today', 'what time is it in tokyo', 'is it going to snow', 'how hot will it be tomorrow'],
	// Sports.
	['who won the game last night', 'what is the score of the match', 'where can I watch the world cup', 'who is the best football player ever', 'when does the season start', 'did my team win', 'how many titles does the team have', 'who will win the final'],
	// Food and cooking.
	['how do I bake bread', 'give me a recipe for pancakes', 'what should I cook for dinner', 'how long should I boil an egg', 'is coffee bad for you', 'what goes well with salmon', 'can you recommend a good restaurant nearby', 'how do I make pizza dough', 'what is a healthy breakfast'],
	// Films, books, music.
	['recommend a good movie', 'what should I watch on netflix', 'suggest a book to read', 'play some music', 'what is a good song for running', 'who sings this song', 'what is the best album of all time', 'any good podcasts', 'when is the next star wars movie out'],
	// Health and fitness.
	['how do I lose weight', 'how many calories should I eat a day', 'how do I get rid of a headache', 'how much water should I drink', 'is running good for your knees', 'how can I sleep better', 'what are good exercises for back pain', 'how do I stop snoring'],
	// Maths and words.
	['what is 15 times 23', 'solve this equation for me', 'help me with my homework', 'translate hello into german', 'how do you spell necessary', 'what does serendipity mean', 'what is the square root of 144', 'convert 10 miles to kilometers', 'what is a synonym for happy'],
	// Write something.
	['write me a poem about the sea', 'write an essay about climate change', 'write a cover letter for me', 'summarize this article', 'give me ideas for a birthday party', 'what is a good name for a dog', 'make up a story about a dragon', 'draft a tweet for me'],
	// Computers and phones in general.
	['how do I fix my wifi', 'my laptop is really slow, any tips', 'how do I take a screenshot', 'which phone should I buy', 'how do I learn to code', 'what is the best programming language', 'my printer is not working', 'how do I clear my browser cache'],
	// Money and life advice.
	['how do I start a business', 'is it a good time to buy a house', 'should I buy stocks now', 'what is bitcoin', 'how do I save money', 'should I quit my job', 'how do I ask for a raise', 'what should I study at university'],
	// Travel and leisure.
	['what are some fun things to do in paris', 'best places to travel in summer', 'is it safe to travel to mexico', 'what should I pack for a beach holiday', 'what is the best time to visit japan', 'how do I make my plants grow faster', 'what is a good hobby to pick up', 'where should I go this weekend'],
	// Home, garden and pets.
	['how do I get rid of ants in the kitchen', 'what plants are easy to keep alive', 'how often should I water a cactus', 'why does my dog bark at night', 'what should I feed a kitten', 'how do I unclog a sink', 'what colour should I paint my bedroom', 'how do I get a stain out of a carpet'],
	// Cars and getting around, in general.
	['what is the best electric car', 'how do I parallel park', 'is it cheaper to lease or buy a car', 'why is my car making a weird noise', 'how long does it take to get a driving licence', 'what is the fastest car in the world', 'should I buy a bike for commuting', 'how do speed cameras work'],
	// School, learning, languages.
	['how do I learn spanish fast', 'what is the best way to study for an exam', 'can you explain quantum physics simply', 'what is the difference between weather and climate', 'how do I write a good essay', 'which university is the best in the world', 'what does a data scientist do', 'how long does it take to learn the piano'],
	// People and celebrities.
	['how old is taylor swift', 'who is the richest person in the world', 'is that actor married', 'where does the queen live', 'who is the most famous painter', 'what is elon musk doing now', 'who played batman in the last movie', 'where was einstein born'],
	// Law, government and public services.
	['how do I renew my passport', 'what are the speed limits on motorways', 'how do I register to vote', 'do I need a lawyer for a divorce', 'when are the next elections', 'how do I report a pothole', 'what is the minimum wage', 'how do I become a citizen'],
	// Someone else's business.
	['can you call my mom', 'remind my husband to buy milk', 'what is my neighbour doing', 'is my friend online', 'what did my boss say about me', 'ask my sister if she is coming', 'did my kids finish their homework', 'how is my grandmother feeling'],
	// Jokes and games.
	['tell me a joke', 'say something funny', 'lets play a game', 'tell me a riddle', 'tell me something interesting', 'tell me a story', 'sing me a song', 'do you know any fun facts'],
	// Feelings.
	['i am bored', 'im so tired today', 'i had a bad day', 'i am happy today', 'it is my birthday', 'i feel lonely', 'i am stressed about work', 'i am so excited'],
	// Personal questions for the assistant.
	['what is the meaning of life', 'do you like pizza', 'what is your favorite color', 'do you believe in aliens', 'i love you', 'will you marry me', 'what music do you like', 'can we be friends', 'what do you think about politics', 'is god real', 'cats or dogs', 'what are you doing this weekend'],
	// Vague openers that name no request yet.
	['I need help', 'can you help me with something', 'I have a problem', 'something is wrong', 'I have a question about something', 'I want to ask something', 'it does not work', 'can you check something for me', 'I need some information', 'I am looking for something', 'hey, quick question', 'I am not sure what I need'],
	// Waiting, hesitating, confused.
	['wait', 'hold on a second', 'let me think', 'sorry, wrong chat', 'what', 'huh?', 'I do not understand', 'what do I do now', 'just browsing', 'I am just curious', 'one moment please', 'sorry, typo'],
	// Feedback about the site.
	['your website is confusing', 'the page is loading very slowly', 'I found a typo on your homepage', 'the font on your site is too small', 'this chat is annoying', 'nice design', 'you should add a dark mode', 'your app looks nice', 'the link on your homepage is broken'],
	// Praise and complaints with no request in them.
	['I love your product', 'great service, keep it up', 'this is the worst experience ever', 'your prices are too high', 'I recommended you to my friends', 'your competitors are cheaper', 'I saw your ad on instagram', 'you guys are amazing'],
	// Where things come from, how they work.
	['where does chocolate come from', 'how are rainbows made', 'why do cats purr', 'how does the internet work', 'where did the english language come from', 'how do bees make honey', 'why do leaves change colour in autumn', 'how does a fridge keep things cold', 'what causes earthquakes', 'how are diamonds formed'],
	// Careers and training.
	['how long does it take to become a doctor', 'what qualifications does a pilot need', 'is nursing a good career', 'how much does a software engineer earn', 'what jobs can I get with a history degree', 'how do I become an electrician', 'should I go back to school at forty', 'what does a lawyer do all day', 'how do I write a good cv'],
	// Learning a skill or a hobby.
	['how do I learn to play the drums', 'what is the easiest instrument to learn', 'how do I start knitting', 'tips for taking better photos', 'how do I tune a guitar', 'how do I get better at chess', 'how can I learn to draw', 'what do I need to start painting', 'how do I learn to juggle'],
	// Animals, pets and their health.
	['what should I feed my puppy', 'is chocolate bad for dogs', 'how do I know if my cat is sick', 'how long do rabbits live', 'how often should I walk my dog', 'what is the best food for a parrot', 'why does my cat scratch the furniture', 'how big do goldfish get', 'how do I train my dog to sit'],
	// Fixing things, around the house and the car.
	['how do I fix a leaking tap', 'how do I change a flat tyre', 'how do I stop my windows from steaming up', 'how do I hang a picture', 'how do I bleed a radiator', 'how do I fix a squeaky door', 'what oil does my lawnmower need', 'how do I clean a car engine', 'how do I replace a light switch'],
	// Which one to buy, in general.
	['which headphones are the best', 'what is the best vacuum cleaner', 'which brand of running shoes is good', 'what laptop should I buy for school', 'is it worth buying a smart watch', 'what is the best mattress', 'which coffee machine is best', 'what tv should I get'],
	// Maths and numbers homework.
	['how do I work out the average of some numbers', 'what is the formula for the volume of a sphere', 'how do I calculate a percentage', 'what is pi to ten digits', 'how do I solve a quadratic equation', 'what is a prime number', 'how do I find the area of a triangle', 'what is the derivative of x squared', 'how many sides does a hexagon have'],
	// Opinions on the news, politics and society.
	['is the news biased', 'what do you think about the government', 'is social media bad for us', 'why are prices going up everywhere', 'will there be another recession', 'what do you think of the new law', 'is climate change real', 'who should I vote for'],
	// Cards, casinos and puzzles.
	['how do you play poker', 'what are the rules of blackjack', 'how do I solve a rubik cube', 'what is the best opening move in chess', 'any tips for sudoku', 'how do you win at monopoly', 'is the lottery worth playing', 'how do I play bridge'],
	// Technology explained.
	['what is a firewall', 'how does encryption work', 'what is cloud computing', 'how do I protect my computer from viruses', 'what is a vpn', 'what is the difference between ram and storage', 'how does wifi work', 'what is machine learning', 'is my phone spying on me'],
	// Space and the natural world.
	['what is a black hole', 'how many moons does jupiter have', 'is there life on mars', 'how hot is the sun', 'why do we have seasons', 'what is the deepest part of the ocean', 'how do birds know where to fly in winter', 'what is the rarest animal'],
	// Other businesses and places nearby.
	['is the supermarket open on sunday', 'what time does the post office close', 'is there a pharmacy near me', 'where is the nearest petrol station', 'does the library have wifi', 'is the museum free to visit', 'which gym near me is cheapest', 'is the pool open today'],
	// Television, shows and games on screen.
	['what is on tv tonight', 'is there a new season of that show', 'which reality shows are worth watching', 'what video game should I play next', 'when does the new console come out', 'who won the singing competition', 'what channel is the match on', 'is that series worth binge watching'],
	// Meanings, values and beliefs.
	['what does it mean to be a good person', 'is it wrong to lie', 'what is freedom', 'why do people believe in ghosts', 'what happens after we die', 'is money the key to happiness', 'what is fairness'],
	// Odd statements that ask for nothing.
	['the cat is sleeping on the sofa', 'my neighbour has a new car', 'it rained all day yesterday', 'I ate too much cake', 'the train was late again', 'my brother likes football', 'there is a bird outside my window'],
	// Noise.
	['test', 'testing 123', 'asdf', 'lol', 'haha', '???', 'hmm', 'ok ok', 'blah blah', 'xyz', 'idk', 'what?'],
];

/**
 * The background topics that are small talk, by their index above, with the router's name for
 * each (topics.ts): a message the model finds likeliest about one of these is answered as such.
 */
export const SMALL_TALK_TOPICS: Readonly<Record<number, string>> = {
	0: 'greeting',
	1: 'greeting',
	2: 'thanks',
	3: 'goodbye',
	4: 'acknowledgement',
	5: 'bot',
	7: 'help',
};
