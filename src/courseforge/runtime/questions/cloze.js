/* Question type "cloze": a passage with blanks, each a text entry or a drop-down. Registered in
   QUESTION_KINDS (quiz.js); Python side: courseforge.questions.cloze. A value has one entry per
   blank: the typed text, or the chosen option's index (-1: none). */

const BLANK_SEPARATOR = "!,"; // never inside escaped text: every "!" there starts a pair
const blankFields = (form) => $$(".cf-blank input, .cf-blank select", form);
const blankText = (blank, entry) => (blank.options ? (entry < 0 ? "" : blank.options[entry]) : entry);

QUESTION_KINDS.cloze = {
  read(form, q) {
    const value = blankFields(form).map((field, i) => {
      if (q.blanks[i].options) return field.value === "" ? -1 : Number(field.value);
      return field.value.trim() ? field.value.slice(0, field.maxLength) : "";
    });
    return value.some((entry) => entry !== "" && entry !== -1) ? value : null;
  },
  write(form, q, value) {
    blankFields(form).forEach((field, i) => {
      field.value = q.blanks[i].options ? (value[i] < 0 ? "" : String(value[i])) : value[i];
    });
  },
  encode: (q, value) => value.map((entry, i) => (q.blanks[i].options ? (entry < 0 ? "" : b36(entry)) : escapeText(entry))).join(BLANK_SEPARATOR),
  decode(q, text) {
    const entries = [""];
    text.replace(/!(.)|[^!]+/g, (piece, escaped) => {
      if (escaped === ",") entries.push("");
      else entries[entries.length - 1] += piece;
      return piece;
    });
    if (entries.length !== q.blanks.length) throw new Error("wrong number of blanks");
    return entries.map((entry, i) => {
      const blank = q.blanks[i];
      if (!blank.options) return unescapeText(entry);
      const index = entry ? parseInt(entry, 36) : -1;
      if (!(index < blank.options.length)) throw new Error("index out of range");
      return index;
    });
  },
  blankRight: (q, value, i) => q.correct[i].answers.some((accepted) => normalText(q.correct[i], accepted) === normalText(q.correct[i], blankText(q.blanks[i], value[i]))),
  isCorrect: (q, value) => q.blanks.every((_, i) => value[i] !== "" && value[i] !== -1 && QUESTION_KINDS.cloze.blankRight(q, value, i)),
  response: (q, value) => q.blanks.map((blank, i) => blankText(blank, value[i])),
  showChecked(form, q, value, mark) {
    $$(".cf-blank", form).forEach((element, i) => {
      const good = value[i] !== "" && value[i] !== -1 && QUESTION_KINDS.cloze.blankRight(q, value, i);
      mark(element, good ? t("quiz.mark_correct") : t("quiz.mark_expected", { answer: q.correct[i].answers[0] }), good);
    });
  },
};
