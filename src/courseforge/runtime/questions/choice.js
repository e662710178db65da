/* Question type "choice" (single choice and multiple response). Registered in QUESTION_KINDS
   (quiz.js); Python side: courseforge.questions.choice. */

QUESTION_KINDS.choice = {
  order: (q, quiz, next) => (quiz.shuffleChoices ? shuffled(q.choices.length, next) : null),
  place(form, q, order) {
    if (order) order.forEach((c) => $(".cf-options", form).appendChild($(`.cf-option[data-i="${c}"]`, form)));
  },
  read(form, q) {
    const picked = $$("input:checked", form).map((input) => Number(input.value));
    return picked.length ? (q.multiple ? picked.sort((a, b) => a - b) : picked[0]) : null;
  },
  write: (form, q, value) => checkOptions(form, [].concat(value)),
  encode: (q, value) => b36(q.multiple ? value.reduce((mask, i) => mask + 2 ** i, 0) : value),
  decode(q, text, indexes) {
    const n = parseInt(text, 36);
    const picked = range(q.choices.length).filter((i) => Math.floor(n / 2 ** i) % 2);
    return q.multiple ? picked : indexes(q.choices.length)[0];
  },
  isCorrect(q, value) {
    const ids = [].concat(value).map((i) => q.choices[i].id);
    return ids.length === q.correct.length && ids.every((id) => q.correct.includes(id));
  },
  response: (q, value) => [].concat(value).map((i) => q.choices[i].id),
  showChecked: (form, q, value, mark) => markOptions(form, mark, (i) => q.correct.includes(q.choices[i].id)),
};
