/* Question type "true-false". Registered in QUESTION_KINDS (quiz.js); Python side:
   courseforge.questions.true_false. */

QUESTION_KINDS["true-false"] = {
  read(form) {
    const picked = $$("input:checked", form).map((input) => Number(input.value));
    return picked.length ? picked[0] === 1 : null;
  },
  write: (form, q, value) => checkOptions(form, [value ? 1 : 0]),
  encode: (q, value) => (value ? "1" : "0"),
  decode: (q, text) => text === "1",
  isCorrect: (q, value) => value === q.correct,
  response: (q, value) => value,
  showChecked: (form, q, value, mark) => markOptions(form, mark, (i) => (i === 1) === q.correct),
};
