/* Question type "sequencing": items put in order with move buttons. Registered in
   QUESTION_KINDS (quiz.js); Python side: courseforge.questions.sequencing. */

function placeItems(form, order) {
  const list = $(".cf-sequence", form);
  order.forEach((i) => list.appendChild($(`.cf-item[data-i="${i}"]`, list)));
}

function updateMoveButtons(form) {
  const items = $$(".cf-item", form);
  items.forEach((item, position) => {
    $('[data-move="-1"]', item).setAttribute("aria-disabled", String(position === 0));
    $('[data-move="1"]', item).setAttribute("aria-disabled", String(position === items.length - 1));
  });
}

// A move button pressed (courseforge.js's click handler).
function move(button) {
  const item = button.closest(".cf-item");
  const form = button.closest("form");
  const up = button.dataset.move === "-1";
  const neighbour = up ? item.previousElementSibling : item.nextElementSibling;
  const text = $(".cf-item-text", item).textContent;
  if (!neighbour) {
    announce(t(up ? "quiz.already_first" : "quiz.already_last", { item: text }));
    return;
  }
  item.parentNode.insertBefore(up ? item : neighbour, up ? neighbour : item);
  button.focus(); // moving the element drops focus
  updateMoveButtons(form);
  const items = $$(".cf-item", form);
  announce(t("quiz.item_position", { item: text, n: items.indexOf(item) + 1, total: items.length }));
  keepDraft(form);
}

QUESTION_KINDS.sequencing = {
  order(q, quiz, next) {
    const order = shuffled(q.choices.length, next);
    if (order.every((item, position) => item === position)) order.push(order.shift());
    return order;
  },
  place: (form, q, order) => placeItems(form, order),
  ready: updateMoveButtons,
  read: (form) => $$(".cf-item", form).map((item) => Number(item.dataset.i)),
  write: (form, q, value) => placeItems(form, value),
  encode: (q, value) => value.map(b36).join(""),
  decode: (q, text, indexes) => indexes(q.choices.length),
  isCorrect: (q, value) => value.every((item, position) => q.choices[item].id === q.correct[position]),
  response: (q, value) => value.map((i) => q.choices[i].id),
  showChecked(form, q, value, mark) {
    $$(".cf-item", form).forEach((item, position) => {
      const belongs = q.correct.indexOf(q.choices[Number(item.dataset.i)].id) + 1;
      mark(item, belongs === position + 1 ? t("quiz.mark_right_position") : t("quiz.mark_belongs", { n: belongs }), belongs === position + 1);
    });
  },
};
