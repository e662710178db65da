/* Question type "fill-in": one typed answer (the text rule is normalText, quiz.js). Registered
   in QUESTION_KINDS (quiz.js); Python side: courseforge.questions.fill_in. */

QUESTION_KINDS["fill-in"] = {
  read: readTyped,
  write: (form, q, value) => { $("input", form).value = value; },
  encode: (q, value) => escapeText(value),
  decode: (q, text) => unescapeText(text),
  isCorrect: (q, value) => q.correct.answers.some((accepted) => normalText(q.correct, accepted) === normalText(q.correct, value)),
  response: (q, value) => value,
  showChecked(form, q, value, mark, right) {
    if (!right) mark($(".cf-text-answer", form), t("quiz.mark_expected", { answer: q.correct.answers[0] }), false);
  },
};
