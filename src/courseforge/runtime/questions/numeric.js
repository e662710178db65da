/* Question type "numeric": a typed number, exact or within a range. Registered in
   QUESTION_KINDS (quiz.js); Python side: courseforge.questions.numeric. */

function parseNumber(text) {
  const plain = text.trim().replace(/^([-+]?\d*),(\d+)$/, "$1.$2"); // accept a decimal comma
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(plain) ? Number(plain) : NaN;
}

QUESTION_KINDS.numeric = {
  read: readTyped,
  write: (form, q, value) => { $("input", form).value = value; },
  encode: (q, value) => escapeText(value),
  decode: (q, text) => unescapeText(text),
  invalid: (q, value) => (Number.isNaN(parseNumber(value)) ? t("quiz.enter_number") : null),
  isCorrect(q, value) { const n = parseNumber(value); return n >= q.correct.min && n <= q.correct.max; },
  response: (q, value) => parseNumber(value),
  showChecked(form, q, value, mark, right) {
    const { min, max } = q.correct;
    const expected = min === max ? numbers.format(min) : t("quiz.range", { min, max });
    if (!right) mark($(".cf-text-answer", form), t("quiz.mark_expected", { answer: expected }), false);
  },
};
