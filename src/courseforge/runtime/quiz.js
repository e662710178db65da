/* courseforge learner runtime, part 3: the quiz engine (layout, answers, checking, attempts).
   See courseforge.js. What differs between question types lives in one module per type
   (runtime/questions/), registered here by its contract type. */

// type → {read, write, encode, decode, isCorrect, response, showChecked; optional order, place,
// ready, invalid}. Python's registry (courseforge.questions) lists the modules shipped.
const QUESTION_KINDS = {};
const kindOf = (q) => QUESTION_KINDS[q.type];

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
  const attempt = Math.min(finished(qi) ? saved.n - 1 : saved.n, RUNTIME.attemptsStoredMax - 1);
  const next = random(state.seed * 7919 + qi * 104729 + attempt * 1299709);
  const count = quiz.questions.length;
  const questions = quiz.shuffle ? shuffled(count, next) : range(count);
  const options = quiz.questions.map((q) => (kindOf(q).order ? kindOf(q).order(q, quiz, next) : null));
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
    const kind = kindOf(q);
    if (kind.place) kind.place(form, q, options[i]);
    const answer = saved.answers[i];
    if (answer) writeAnswer(form, q, answer.value);
    if (answer && answer.checked) showChecked(form, q, answer.value);
    else if (mode === "review") lockQuestion(form);
    if (kind.ready) kind.ready(form);
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

// Helpers the question types share.
function readTyped(form) {
  const input = $("input", form);
  return input.value.trim() ? input.value.slice(0, input.maxLength) : null;
}

function checkOptions(form, picked) {
  $$("input", form).forEach((input) => { input.checked = picked.includes(Number(input.value)); });
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
const normalText = (rule, text) => {
  const nfc = text.normalize("NFC");
  const spaced = collapsed(nfc.replace(LEADING, "").replace(TRAILING, "")) || collapsed(nfc);
  return rule.caseSensitive ? spaced : spaced.toLowerCase();
};

const readAnswer = (form, q) => kindOf(q).read(form, q);
const writeAnswer = (form, q, value) => kindOf(q).write(form, q, value);
const isCorrect = (q, value) => kindOf(q).isCorrect(q, value);
const response = (q, value) => kindOf(q).response(q, value);

const pointsOf = (qi) => quizzes[qi].questions.reduce((sum, q, i) => {
  const answer = state.quizzes[qi].answers[i];
  return sum + (answer && answer.checked && isCorrect(q, answer.value) ? q.weighting : 0);
}, 0);

// Marks each option with what it was and what it should have been, in words (not colour alone).
function markOptions(form, mark, shouldPick) {
  $$(".cf-option", form).forEach((option) => {
    const i = Number(option.dataset.i);
    const picked = $("input", option).checked;
    if (picked) mark(option, shouldPick(i) ? t("quiz.mark_picked_right") : t("quiz.mark_picked_wrong"), shouldPick(i));
    else if (shouldPick(i)) mark(option, t("quiz.mark_correct_answer"), true);
    const note = $(".cf-option-feedback", option);
    if (note) note.hidden = !picked;
  });
}

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
  kindOf(q).showChecked(form, q, value, mark, right);
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
  const problem = value === null ? t("quiz.answer_first") : kindOf(q).invalid && kindOf(q).invalid(q, value);
  if (problem) {
    const feedback = $(".cf-feedback", form);
    feedback.hidden = false;
    $(".cf-verdict", feedback).textContent = problem;
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
    saved.n = Math.min(saved.n + 1, RUNTIME.attemptsStoredMax);
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

/* ---- A quiz changed while it is open (the preview's edit swap) ---- */

// The quiz's new data and its answers, re-judged (preview/updates.py documents the rules): an
// attempt finished before and open now is no longer counted; one the edit finishes is counted.
function adoptQuiz(qi, data, keep) {
  const saved = state.quizzes[qi];
  const wasFinished = finished(qi);
  quizzes[qi] = data;
  const answers = keep.map((old) => (Number.isInteger(old) && saved.answers[old]) || null);
  const adopted = { n: saved.n, best: saved.best, answers };
  state.quizzes[qi] = adopted;
  if (wasFinished && !finished(qi)) {
    adopted.n = Math.max(saved.n - 1, 0);
    if (!adopted.n) adopted.best = null;
  } else if (!wasFinished && finished(qi)) {
    adopted.n = Math.min(saved.n + 1, RUNTIME.attemptsStoredMax);
    adopted.best = Math.max(saved.best || 0, pointsOf(qi));
  }
}

// Whether the state saved now reads back as itself: a swap must not save what a launch misreads.
function stateReadsBack() {
  const kept = state;
  try {
    const text = encodeState();
    const read = decodeState(text);
    if (!read) return false;
    state = read;
    return encodeState() === text;
  } catch (error) {
    return false;
  } finally {
    state = kept;
  }
}

window.courseforgeRuntime = {
  // docs/runtime-contract.md, "Preview": the quizzes' pages already hold their new content.
  quizzesChanged(fingerprint, changes) {
    const takes = ({ index, data, keep }) => {
      const quiz = quizzes[index];
      const page = quiz && quiz.page;
      return !!quiz && data && data.page === page && Array.isArray(data.questions) &&
        Array.isArray(keep) && keep.length === data.questions.length &&
        (sections[page] !== null || !loads.has(page)); // a page file still loading may be the old
    };
    if (!started || typeof fingerprint !== "string" || !Array.isArray(changes) || !changes.every(takes)) return false;
    const before = { fingerprint: course.fingerprint, quizzes: quizzes.slice(), saved: state.quizzes.slice() };
    changes.forEach(({ index, data, keep }) => adoptQuiz(index, data, keep));
    course.fingerprint = fingerprint;
    if (!stateReadsBack()) {
      course.fingerprint = before.fingerprint;
      before.quizzes.forEach((quiz, qi) => { quizzes[qi] = quiz; });
      state.quizzes = before.saved;
      return false;
    }
    changes.forEach(({ index }) => { if (quizSection(index)) renderQuiz(index); });
    save();
    refresh();
    return true;
  },
};
