/**
 * The test page's Why panel: for a bot reply whose turn asked for it, why the Action Router
 * decided (its `router.explanation`, which Chat Reply sends back as the reply's `why`): the
 * step, the ranking as bars against the threshold, the words and nearest examples that decided,
 * the fields and why a value was refused. Built with the DOM (textContent only), so nothing a
 * visitor wrote becomes markup.
 */

export const WHY_SCRIPT = String.raw`
const STEP_NAMES = {
  intent: 'a new request: the model ranked the actions', clarify: 'asked which of two actions (too close to tell)',
  no_match: 'No Match: no action scored above the threshold', answer: 'the answer to the question asked',
  confirmation: 'the answer to the confirmation', switch: 'a switch to another request', cancel: 'a cancel',
  button: 'a button naming its action', lead_form: 'a lead form naming its action', aside: 'an aside while collecting',
  small_talk: 'small talk', bare_value: 'a value on its own', reask_cap: 'the re-ask cap was reached',
  held: 'a person holds the conversation', state_unavailable: 'the conversation state could not be read',
};
const MODEL_NAMES = { embedded_model: 'embedded model', chat_model: 'chat model' };
const FIELD_STATUS = { valid: 'taken', invalid: 'refused', missing: 'not given yet' };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
const percent = (value) => Math.max(0, Math.min(100, Number(value) * 100)) + '%';
const score = (value) => Number(value).toFixed(2);

function whyPanel(why) {
  const panel = el('div', 'why');
  const step = el('div', 'why-step');
  step.append(el('b', '', 'Step: '), (STEP_NAMES[why.step] || why.step) + (why.model ? ' (' + (MODEL_NAMES[why.model] || why.model) + ')' : ''));
  panel.append(step);
  if (Array.isArray(why.ranking) && why.ranking.length) {
    const ranking = el('div', 'why-ranking');
    ranking.append(el('div', 'why-title', 'Ranking (line: threshold ' + score(why.threshold) + ', tie margin ' + score(why.tieMargin) + ')'));
    for (const entry of why.ranking) {
      const row = el('div', 'why-row');
      row.append(el('span', 'why-action', entry.action));
      const bar = el('span', 'why-bar');
      const fill = el('span', 'why-fill' + (entry.score >= why.threshold ? ' above' : ''));
      fill.style.width = percent(entry.score);
      const line = el('span', 'why-threshold');
      line.style.left = percent(why.threshold);
      bar.append(fill, line);
      row.append(bar, el('span', 'why-score', score(entry.score)));
      ranking.append(row);
    }
    panel.append(ranking);
  }
  if (Array.isArray(why.words) && why.words.length) {
    const words = el('div', 'why-words');
    words.append(el('b', '', 'Words that decided: '));
    for (const word of why.words) words.append(el('span', 'why-chip', word.word + ' → ' + word.action + ' ' + score(word.weight)));
    panel.append(words);
  }
  if (Array.isArray(why.examples) && why.examples.length) {
    const examples = el('div', 'why-examples');
    examples.append(el('b', '', 'Nearest examples:'));
    const list = el('ul');
    for (const example of why.examples) list.append(el('li', '', '"' + example.text + '" (' + example.action + ', ' + score(example.similarity) + ')'));
    examples.append(list);
    panel.append(examples);
  }
  const fields = Object.entries(why.fields || {});
  if (fields.length) {
    const box = el('div', 'why-fields');
    box.append(el('b', '', 'Fields: '));
    // A refused value's reason is said once, on its own line below.
    const reasonOf = (name, field) => (field.reason && !(why.refused && why.refused.field === name) ? ' (' + field.reason + ')' : '');
    box.append(fields.map(([name, field]) => name + ' ' + (FIELD_STATUS[field.status] || field.status) + reasonOf(name, field)).join(', '));
    panel.append(box);
  }
  if (why.refused) {
    const refused = el('div', 'why-refused');
    refused.append(el('b', '', 'Refused: '), why.refused.field + ': ' + why.refused.reason);
    panel.append(refused);
  }
  return panel;
}
`;

export const WHY_STYLE = `
  .why-toggle { font-size: 12px; display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
  .why { display: none; align-self: flex-start; box-sizing: border-box; width: 80%; font-size: 12px; background: #f8fafc; border: 1px dashed #94a3b8; border-radius: 8px; padding: 6px 10px; }
  body.why-on .why { display: block; }
  .why > div { margin: 3px 0; }
  .why-title { color: #475569; }
  .why-row { display: flex; align-items: center; gap: 6px; }
  .why-action { width: 11em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .why-bar { position: relative; flex: 1; height: 10px; background: #e2e8f0; border-radius: 3px; }
  .why-fill { position: absolute; left: 0; top: 0; bottom: 0; background: #94a3b8; border-radius: 3px; }
  .why-fill.above { background: #4f46e5; }
  .why-threshold { position: absolute; top: -3px; bottom: -3px; width: 2px; background: #dc2626; }
  .why-score { width: 3em; text-align: right; font-variant-numeric: tabular-nums; }
  .why-chip { display: inline-block; background: #e0e7ff; border-radius: 999px; padding: 0 6px; margin: 1px 3px 1px 0; }
  .why ul { margin: 2px 0 0 16px; padding: 0; }
  .why-refused { color: #b91c1c; }
  .why-note { font-size: 12px; }
`;
