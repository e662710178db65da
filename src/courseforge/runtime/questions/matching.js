/* Question type "matching": a target chosen for each source. Registered in QUESTION_KINDS
   (quiz.js); Python side: courseforge.questions.matching. */

QUESTION_KINDS.matching = {
  order: (q, quiz, next) => shuffled(q.targets.length, next),
  place(form, q, order) {
    $$("select", form).forEach((select) => order.forEach((t) => select.appendChild($(`option[value="${t}"]`, select))));
  },
  read(form) {
    const targets = $$("select", form).map((select) => (select.value === "" ? -1 : Number(select.value)));
    return targets.some((t) => t >= 0) ? targets : null;
  },
  write(form, q, value) {
    $$("select", form).forEach((select, i) => { select.value = value[i] < 0 ? "" : String(value[i]); });
  },
  encode: (q, value) => value.map((t) => (t < 0 ? "-" : b36(t))).join(""),
  decode: (q, text, indexes) => indexes(q.targets.length),
  isCorrect: (q, value) => value.every((t, i) => t >= 0 && q.targets[t].id === q.correct[i][1]),
  response: (q, value) => value.map((t, i) => [q.sources[i].id, t < 0 ? "" : q.targets[t].id]).filter((pair) => pair[1]),
  showChecked(form, q, value, mark) {
    $$(".cf-pair", form).forEach((pair, i) => {
      const good = value[i] >= 0 && q.targets[value[i]].id === q.correct[i][1];
      const target = q.targets.find((t) => t.id === q.correct[i][1]);
      mark(pair, good ? t("quiz.mark_correct") : t("quiz.mark_correct_match", { answer: target.text }), good);
    });
  },
};
