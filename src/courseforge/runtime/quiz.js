/* courseforge learner runtime, part 3 of 4: the quiz engine (layout, answers, checking,
   attempts). See courseforge.js. */

function random(seed) { // mulberry32: small, fast, and the same in every browser
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(count, next) {
  const order = range(count);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

const finished = (qi) => state.quizzes[qi].answers.every((a) => a && a.checked);
const attemptsLeft = (qi) => !quizzes[qi].attempts || state.quizzes[qi].n < quizzes[qi].attempts;

// The orders one attempt shows: derived from the saved seed, so a resumed attempt looks the same.
function layout(qi) {
  const quiz = quizzes[qi];
  const saved = state.quizzes[qi];
  // Capped like the stored count, so attempts past the cap keep one stable order.
  const attempt = Math.min(finished(qi) ? saved.n - 1 : saved.n, ATTEMPTS_STORED_MAX - 1);
  const next = random(state.seed * 7919 + qi * 104729 + attempt * 1299709);
  const count = quiz.questions.length;
  const questions = quiz.shuffle ? shuffled(count, next) : range(count);
  const options = quiz.questions.map((q) => {
    if (q.type === "choice" && quiz.shuffleChoices) return shuffled(q.choices.length, next);
    if (q.type === "matching") return shuffled(q.targets.length, next);
    if (q.type !== "sequencing") return null;
    const order = shuffled(q.choices.length, next);
    if (order.every((item, position) => item === position)) order.push(order.shift());
    return order;
  });
  return { questions, options };
}

const attemptText = (n, limit) => (limit ? t("quiz.attempt_of", { n, total: limit }) : t("quiz.attempt", { n }));
const quizSection = (qi) => sections[quizzes[qi].page];
const questionForm = (qi, i) => $(`.cf-question[data-q="${i}"] form`, quizSection(qi));

function renderQuiz(qi) {
  const quiz = quizzes[qi];
  const saved = state.quizzes[qi];
  const section = quizSection(qi);
  const list = $(".cf-questions", section);
  const { questions, options } = layout(qi);
  questions.forEach((i, position) => {
    const item = $(`.cf-question[data-q="${i}"]`, list);
    list.appendChild(item);
    $(".cf-qnum", item).textContent = t("quiz.question_number", { n: position + 1, total: questions.length });
  });
  quiz.questions.forEach((q, i) => {
    const form = questionForm(qi, i);
    resetQuestion(form);
    const order = options[i];
    if (order && q.type === "choice") order.forEach((c) => $(".cf-options", form).appendChild($(`.cf-option[data-i="${c}"]`, form)));
    if (q.type === "matching") {
      $$("select", form).forEach((select) => order.forEach((t) => select.appendChild($(`option[value="${t}"]`, select))));
    }
    if (q.type === "sequencing") placeItems(form, order);
    const answer = saved.answers[i];
    if (answer) writeAnswer(form, q, answer.value);
    if (answer && answer.checked) showChecked(form, q, answer.value);
    else if (mode === "review") lockQuestion(form);
    if (q.type === "sequencing") updateMoveButtons(form);
  });
  const attempt = Math.min(finished(qi) ? saved.n : saved.n + 1, quiz.attempts || Infinity);
  $(".cf-attempt", section).textContent = attemptText(attempt, quiz.attempts);
  renderQuizResult(qi);
}

function resetQuestion(form) {
  form.reset();
  $("fieldset", form).disabled = false;
  $(".cf-check-row", form).hidden = false;
  form.classList.remove("cf-right", "cf-wrong");
  $$(".cf-feedback, .cf-feedback > div, .cf-option-feedback", form).forEach((el) => { el.hidden = true; });
  $$(".cf-mark", form).forEach((mark) => { mark.textContent = ""; mark.className = "cf-mark"; });
}

function lockQuestion(form) {
  $("fieldset", form).disabled = true;
  $(".cf-check-row", form).hidden = true; // checked (its verdict states the points) or read-only
}

function placeItems(form, order) {
  const list = $(".cf-sequence", form);
  order.forEach((i) => list.appendChild($(`.cf-item[data-i="${i}"]`, list)));
}

function readAnswer(form, q) {
  const picked = $$("input:checked", form).map((input) => Number(input.value));
  switch (q.type) {
    case "choice": return picked.length ? (q.multiple ? picked.sort((a, b) => a - b) : picked[0]) : null;
    case "true-false": return picked.length ? picked[0] === 1 : null;
    case "fill-in": case "numeric": {
      const input = $("input", form);
      return input.value.trim() ? input.value.slice(0, input.maxLength) : null;
    }
    case "matching": {
      const targets = $$("select", form).map((select) => (select.value === "" ? -1 : Number(select.value)));
      return targets.some((t) => t >= 0) ? targets : null;
    }
    default: return $$(".cf-item", form).map((item) => Number(item.dataset.i));
  }
}

function writeAnswer(form, q, value) {
  switch (q.type) {
    case "choice": case "true-false": {
      const picked = q.type === "true-false" ? [value ? 1 : 0] : [].concat(value);
      $$("input", form).forEach((input) => { input.checked = picked.includes(Number(input.value)); });
      break;
    }
    case "fill-in": case "numeric": $("input", form).value = value; break;
    case "matching": $$("select", form).forEach((select, i) => { select.value = value[i] < 0 ? "" : String(value[i]); }); break;
    default: placeItems(form, value);
  }
}

function parseNumber(text) {
  const plain = text.trim().replace(/^([-+]?\d*),(\d+)$/, "$1.$2"); // accept a decimal comma
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(plain) ? Number(plain) : NaN;
}

// Fill-in rule, mirrored by courseforge/model/text_answer.py (keep the two in step): NFC;
// quotes, brackets and sentence marks at the ends dropped; inner spaces collapsed; case ignored
// unless caseSensitive. Text that would be left empty keeps its punctuation.
const SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
const QUOTES = "'\"`\\u2018\\u2019\\u201a\\u201b\\u201c\\u201d\\u201e\\u201f\\u00ab\\u00bb\\u2039\\u203a";
const LEADING = new RegExp(`^[${SPACE}${QUOTES}(\\[{\\u00bf\\u00a1]+`);
const TRAILING = new RegExp(`[${SPACE}${QUOTES})\\]}.,;:!?\\u2026]+$`);
const SPACES = new RegExp(`[${SPACE}]+`, "g");
const collapsed = (text) => text.replace(SPACES, " ").replace(/^ | $/g, "");
const normalText = (q, text) => {
  const nfc = text.normalize("NFC");
  const spaced = collapsed(nfc.replace(LEADING, "").replace(TRAILING, "")) || collapsed(nfc);
  return q.correct.caseSensitive ? spaced : spaced.toLowerCase();
};

function isCorrect(q, value) {
  switch (q.type) {
    case "choice": {
      const ids = [].concat(value).map((i) => q.choices[i].id);
      return ids.length === q.correct.length && ids.every((id) => q.correct.includes(id));
    }
    case "true-false": return value === q.correct;
    case "fill-in": return q.correct.answers.some((accepted) => normalText(q, accepted) === normalText(q, value));
    case "numeric": { const n = parseNumber(value); return n >= q.correct.min && n <= q.correct.max; }
    case "matching": return value.every((t, i) => t >= 0 && q.targets[t].id === q.correct[i][1]);
    default: return value.every((item, position) => q.choices[item].id === q.correct[position]);
  }
}

function response(q, value) {
  switch (q.type) {
    case "choice": case "sequencing": return [].concat(value).map((i) => q.choices[i].id);
    case "numeric": return parseNumber(value);
    case "matching": return value.map((t, i) => [q.sources[i].id, t < 0 ? "" : q.targets[t].id]).filter((pair) => pair[1]);
    default: return value;
  }
}

const pointsOf = (qi) => quizzes[qi].questions.reduce((sum, q, i) => {
  const answer = state.quizzes[qi].answers[i];
  return sum + (answer && answer.checked && isCorrect(q, answer.value) ? q.weighting : 0);
}, 0);

// Marks each option with what it was and what it should have been, in words (not colour alone).
function showChecked(form, q, value) {
  const right = isCorrect(q, value);
  lockQuestion(form);
  form.classList.add(right ? "cf-right" : "cf-wrong");
  const feedback = $(".cf-feedback", form);
  feedback.hidden = false;
  $(".cf-verdict", feedback).textContent = right
    ? t("quiz.verdict_correct", { earned: q.weighting, n: q.weighting })
    : t("quiz.verdict_incorrect", { earned: 0, n: q.weighting });
  const detail = $(right ? ".cf-feedback-correct" : ".cf-feedback-incorrect", feedback);
  if (detail) detail.hidden = false;
  const mark = (el, text, good) => {
    const badge = $(".cf-mark", el);
    badge.textContent = text;
    badge.className = "cf-mark " + (good ? "cf-mark-right" : "cf-mark-wrong");
  };
  if (q.type === "choice" || q.type === "true-false") {
    const shouldPick = q.type === "choice"
      ? (i) => q.correct.includes(q.choices[i].id)
      : (i) => (i === 1) === q.correct;
    $$(".cf-option", form).forEach((option) => {
      const i = Number(option.dataset.i);
      const picked = $("input", option).checked;
      if (picked) mark(option, shouldPick(i) ? t("quiz.mark_picked_right") : t("quiz.mark_picked_wrong"), shouldPick(i));
      else if (shouldPick(i)) mark(option, t("quiz.mark_correct_answer"), true);
      const note = $(".cf-option-feedback", option);
      if (note) note.hidden = !picked;
    });
  } else if (q.type === "fill-in" || q.type === "numeric") {
    const { min, max, answers } = q.correct;
    const expected = q.type === "fill-in" ? answers[0] : min === max ? numbers.format(min) : t("quiz.range", { min, max });
    if (!right) mark($(".cf-text-answer", form), t("quiz.mark_expected", { answer: expected }), false);
  } else if (q.type === "matching") {
    $$(".cf-pair", form).forEach((pair, i) => {
      const good = value[i] >= 0 && q.targets[value[i]].id === q.correct[i][1];
      const target = q.targets.find((t) => t.id === q.correct[i][1]);
      mark(pair, good ? t("quiz.mark_correct") : t("quiz.mark_correct_match", { answer: target.text }), good);
    });
  } else {
    $$(".cf-item", form).forEach((item, position) => {
      const belongs = q.correct.indexOf(q.choices[Number(item.dataset.i)].id) + 1;
      mark(item, belongs === position + 1 ? t("quiz.mark_right_position") : t("quiz.mark_belongs", { n: belongs }), belongs === position + 1);
    });
  }
  return right;
}

function check(form) {
  const qi = Number(form.closest(".cf-questions").dataset.quiz);
  const i = Number(form.parentNode.dataset.q);
  const quiz = quizzes[qi];
  const q = quiz.questions[i];
  const saved = state.quizzes[qi];
  // A checked answer stands until the next attempt; never score it twice.
  if (saved.answers[i] && saved.answers[i].checked) return;
  const value = readAnswer(form, q);
  if (value === null || (q.type === "numeric" && Number.isNaN(parseNumber(value)))) {
    const feedback = $(".cf-feedback", form);
    feedback.hidden = false;
    $(".cf-verdict", feedback).textContent = q.type === "numeric" && value !== null
      ? t("quiz.enter_number")
      : t("quiz.answer_first");
    announce($(".cf-verdict", feedback).textContent);
    return;
  }
  saved.answers[i] = { checked: true, value };
  const right = showChecked(form, q, value);
  const now = Date.now();
  if (tracked()) {
    tracking.answered(Object.assign({}, q, {
      quizId: quiz.id,
      response: response(q, value),
      result: right ? "correct" : "incorrect",
      earned: right ? q.weighting : 0,
      latencyMs: now - Math.max(pageShownAt, lastCheckAt),
      timestamp: new Date(now).toISOString(),
    }));
  }
  lastCheckAt = now;
  const feedback = $(".cf-feedback", form);
  let message = Array.from(feedback.children).filter((el) => !el.hidden).map((el) => el.textContent.trim()).join(" ");
  const picked = $$(".cf-option-feedback:not([hidden])", form).map((el) => el.textContent.trim());
  message = picked.concat(message).join(" ");
  if (finished(qi)) {
    saved.n = Math.min(saved.n + 1, ATTEMPTS_STORED_MAX);
    saved.best = Math.max(saved.best || 0, pointsOf(qi));
    renderQuizResult(qi);
    $(".cf-attempt", quizSection(qi)).textContent = attemptText(saved.n, quiz.attempts);
    message += " " + $(".cf-result-text", quizSection(qi)).textContent;
    $(".cf-quiz-result h2", quizSection(qi)).focus();
  } else {
    feedback.focus();
  }
  announce(message);
  save();
  refresh();
}

function renderQuizResult(qi) {
  const quiz = quizzes[qi];
  const saved = state.quizzes[qi];
  const panel = $(".cf-quiz-result", quizSection(qi));
  panel.hidden = !finished(qi);
  if (panel.hidden) return;
  const scored = pointsOf(qi);
  const parts = [t("quiz.scored", { score: scored, n: quiz.totalPoints })];
  if (quiz.graded) {
    parts.push(t(scored >= quiz.passPoints ? "quiz.passed" : "quiz.not_passed", { n: quiz.passPoints }));
  }
  if (saved.best > scored) parts.push(t("quiz.best_counts", { n: saved.best }));
  if (quiz.attempts) {
    const left = quiz.attempts - saved.n;
    parts.push(left > 0 ? t("quiz.attempts_left", { n: left }) : t("quiz.no_attempts_left"));
  }
  $(".cf-result-text", panel).textContent = parts.join(" ");
  $(".cf-retry", panel).hidden = !attemptsLeft(qi) || mode === "review";
}

function retry(qi) {
  const saved = state.quizzes[qi];
  saved.answers = saved.answers.map(() => null);
  renderQuiz(qi);
  pageShownAt = Date.now();
  lastCheckAt = 0;
  $("h1", quizSection(qi)).focus();
  announce(t("quiz.attempt_started", { n: saved.n + 1 }));
  save();
  refresh();
}

function keepDraft(form) {
  const qi = Number(form.closest(".cf-questions").dataset.quiz);
  const i = Number(form.parentNode.dataset.q);
  const saved = state.quizzes[qi];
  if (saved.answers[i] && saved.answers[i].checked) return;
  const value = readAnswer(form, quizzes[qi].questions[i]);
  saved.answers[i] = value === null ? null : { checked: false, value };
  save();
}

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

function updateMoveButtons(form) {
  const items = $$(".cf-item", form);
  items.forEach((item, position) => {
    $('[data-move="-1"]', item).setAttribute("aria-disabled", String(position === 0));
    $('[data-move="1"]', item).setAttribute("aria-disabled", String(position === items.length - 1));
  });
}
