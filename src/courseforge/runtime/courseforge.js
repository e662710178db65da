/* courseforge learner runtime: navigation, quiz engine, saved state.
   Talks to the LMS only through window.courseforgeTracking (docs/runtime-contract.md). */
(() => {
  "use strict";
  const doc = document;
  const $ = (selector, root = doc) => root.querySelector(selector);
  const $$ = (selector, root = doc) => Array.from(root.querySelectorAll(selector));

  const course = JSON.parse($("#cf-course").textContent);
  const quizzes = course.quizzes;
  const RESULTS = course.pages.length; // the results page comes after the course's own pages
  const pages = course.pages.concat({ id: "_results", title: "Your results", kind: "results" });
  const sections = pages.map((page) => doc.getElementById("page-" + page.id));
  const quizOnPage = {};
  quizzes.forEach((quiz, qi) => { quizOnPage[quiz.page] = qi; });
  const live = $("#cf-announce");
  const ATTEMPTS_STORED_MAX = 99;
  // A page without its adapter still works; it just keeps nothing.
  const tracking = window.courseforgeTracking || new Proxy({}, {
    get: (_, name) => (name === "start" ? () => Promise.resolve(null) : () => {}),
  });

  let state = freshState();
  let started = false; // until the adapter's start() resolves, nothing may be saved or reported
  let mode = "normal";
  let ended = false; // after finish() or dismiss() the adapter is called no more
  let pageShownAt = Date.now();
  let lastCheckAt = 0;
  let lastRecord = "";

  function freshState() {
    return {
      page: 0,
      visited: [],
      seed: Math.floor(Math.random() * 36 ** 4),
      quizzes: quizzes.map((quiz) => ({ n: 0, best: null, answers: quiz.questions.map(() => null) })),
    };
  }

  const tracked = () => mode === "normal" && !ended;
  const range = (count) => Array.from({ length: count }, (_, i) => i);
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const trimEnd = (list) => { while (list.length && !list[list.length - 1]) list.pop(); return list; };

  /* ---- State string (format: docs/runtime-contract.md; mirror: render/state.py) ---- */

  const b36 = (n) => n.toString(36);
  const ESCAPES = { "!": "!!", "~": "!t", "|": "!p", "*": "!s" };
  const UNESCAPES = { "!": "!", t: "~", p: "|", s: "*" };

  function encodeValue(q, value) {
    switch (q.type) {
      case "choice":
        return b36(q.multiple ? value.reduce((mask, i) => mask + 2 ** i, 0) : value);
      case "true-false": return value ? "1" : "0";
      case "fill-in": case "numeric": return value.replace(/[!~|*]/g, (c) => ESCAPES[c]);
      case "matching": return value.map((t) => (t < 0 ? "-" : b36(t))).join("");
      default: return value.map(b36).join("");
    }
  }

  function decodeValue(q, text) {
    const indexes = (count) => Array.from(text, (c) => {
      const i = c === "-" ? -1 : parseInt(c, 36);
      if (!(i < count)) throw new Error("index out of range");
      return i;
    });
    switch (q.type) {
      case "choice": {
        const n = parseInt(text, 36);
        const picked = range(q.choices.length).filter((i) => Math.floor(n / 2 ** i) % 2);
        return q.multiple ? picked : indexes(q.choices.length)[0];
      }
      case "true-false": return text === "1";
      case "fill-in": case "numeric": return text.replace(/!(.)/g, (_, c) => UNESCAPES[c]);
      case "matching": return indexes(q.targets.length);
      default: return indexes(q.choices.length);
    }
  }

  function encodeState() {
    const visited = [];
    for (let start = 0; start < RESULTS; start += 5) {
      let bits = 0;
      for (let bit = 0; bit < 5; bit++) if (state.visited[start + bit]) bits += 1 << bit;
      visited.push(b36(bits));
    }
    const quizFields = state.quizzes.map((saved, qi) => {
      const answers = trimEnd(saved.answers.map((a, i) =>
        (a ? (a.checked ? "" : "*") + encodeValue(quizzes[qi].questions[i], a.value) : "")));
      if (!saved.n && !answers.length) return "";
      return [b36(saved.n), saved.best === null ? "" : b36(saved.best)].concat(answers).join("|");
    });
    const fields = ["1", course.fingerprint, b36(state.page), visited.join(""), b36(state.seed)];
    return fields.concat(trimEnd(quizFields)).join("~");
  }

  function decodeState(text) {
    const fields = text.split("~");
    if (fields[0] !== "1" || fields[1] !== course.fingerprint) return null;
    const decoded = { page: parseInt(fields[2], 36), visited: [], seed: parseInt(fields[4], 36) };
    Array.from(fields[3]).forEach((digit, k) => {
      for (let bit = 0; bit < 5; bit++) if (parseInt(digit, 32) & (1 << bit)) decoded.visited[5 * k + bit] = true;
    });
    decoded.quizzes = quizzes.map((quiz, qi) => {
      const parts = (fields[5 + qi] || "").split("|");
      return {
        n: parseInt(parts[0], 36) || 0,
        best: parts[1] ? parseInt(parts[1], 36) : null,
        answers: quiz.questions.map((q, i) => {
          const text = parts[2 + i];
          if (!text) return null;
          const checked = text[0] !== "*";
          return { checked, value: decodeValue(q, checked ? text : text.slice(1)) };
        }),
      };
    });
    if (!(decoded.page >= 0 && decoded.page <= RESULTS && decoded.seed >= 0)) return null;
    return decoded;
  }

  function save() {
    if (tracked()) tracking.save(encodeState(), pages[state.page].id);
  }

  /* ---- Course record ---- */

  function pageDone(index) {
    const qi = quizOnPage[index];
    return qi === undefined ? !!state.visited[index] : state.quizzes[qi].n > 0;
  }

  function courseRecord() {
    const graded = quizzes.map((quiz, qi) => [quiz, state.quizzes[qi]]).filter(([quiz]) => quiz.graded);
    const known = graded.length > 0 && graded.every(([, saved]) => saved.n > 0);
    const total = graded.reduce((sum, [quiz]) => sum + quiz.totalPoints, 0);
    const earned = graded.reduce((sum, [, saved]) => sum + (saved.best || 0), 0);
    const scoreRaw = known ? Math.round((earned / total) * 10000) / 100 : null;
    const passed = known ? earned * 100 >= course.masteryScore * total : null;
    const lessonsSeen = course.pages.every((page, i) => page.kind !== "lesson" || state.visited[i]);
    const completed = {
      all_lessons: lessonsSeen,
      pass: passed === true,
      all_lessons_and_pass: lessonsSeen && passed === true,
    }[course.completion];
    const done = course.pages.filter((_, i) => pageDone(i)).length;
    // Nothing left to do in this attempt: every graded quiz passed or out of attempts.
    const quizzesSettled = graded.every(([quiz, saved]) =>
      (saved.n > 0 && saved.best >= quiz.passPoints) || (quiz.attempts > 0 && saved.n >= quiz.attempts));
    return {
      completed,
      passed,
      finished: lessonsSeen && quizzesSettled,
      scoreRaw,
      scoreScaled: known ? scoreRaw / 100 : null,
      progress: Math.round((done / RESULTS) * 10000) / 10000,
    };
  }

  function refresh() {
    const record = courseRecord();
    const key = JSON.stringify(record);
    if (key !== lastRecord && tracked()) tracking.status(record);
    lastRecord = key;
    const percent = Math.round(record.progress * 100);
    const track = $(".cf-progress-track");
    track.setAttribute("aria-valuenow", percent);
    track.setAttribute("aria-valuetext", `${percent}% done`);
    $(".cf-progress-fill").style.width = percent + "%";
    $(".cf-progress-text").textContent = percent + "%";
    $$("#cf-menu a").forEach((link) => {
      const index = Number(link.dataset.index);
      const done = index < RESULTS && pageDone(index);
      link.classList.toggle("cf-done", done);
      $(".cf-menu-done", link).textContent = done ? " (done)" : "";
      if (index === state.page) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
    if (state.page === RESULTS) renderResults(record);
  }

  /* ---- Navigation ---- */

  function go(index, moveFocus) {
    sections[state.page].hidden = true;
    state.page = index;
    const section = sections[index];
    section.hidden = false;
    if (index < RESULTS) state.visited[index] = true;
    pageShownAt = Date.now();
    lastCheckAt = 0;
    const page = pages[index];
    doc.title = `${page.title} – ${course.title}`;
    [[".cf-prev", index - 1], [".cf-next", index + 1]].forEach(([selector, target]) => {
      const button = $(selector);
      button.hidden = target < 0 || target > RESULTS;
      if (!button.hidden) $(".cf-pager-title", button).textContent = pages[target].title;
    });
    $(".cf-position").textContent = `Page ${index + 1} of ${pages.length}`;
    setMenuOpen(false);
    refresh();
    if (moveFocus) {
      $("h1", section).focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
    if (!ended) tracking.pageViewed({ id: page.id, title: page.title, kind: page.kind, index, count: pages.length });
    save();
  }

  function setMenuOpen(open) {
    doc.body.classList.toggle("cf-menu-open", open);
    $(".cf-menu-button").setAttribute("aria-expanded", String(open));
  }

  function announce(text) {
    live.textContent = "";
    // A fresh text node after a pause, so screen readers repeat an identical message too.
    setTimeout(() => { live.textContent = text; }, 60);
  }

  /* ---- Quiz engine ---- */

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
      $(".cf-qnum", item).textContent = `Question ${position + 1} of ${questions.length}`;
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
    const limit = quiz.attempts ? ` of ${quiz.attempts}` : "";
    const attempt = Math.min(finished(qi) ? saved.n : saved.n + 1, quiz.attempts || Infinity);
    $(".cf-attempt", section).textContent = `Attempt ${attempt}${limit}`;
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

  const normalText = (q, text) => {
    const spaced = text.trim().replace(/\s+/g, " ");
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
      ? `Correct: ${q.weighting} of ${plural(q.weighting, "point")}.`
      : `Incorrect: 0 of ${plural(q.weighting, "point")}.`;
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
        if (picked) mark(option, shouldPick(i) ? "Your answer: correct" : "Your answer: incorrect", shouldPick(i));
        else if (shouldPick(i)) mark(option, "Correct answer", true);
        const note = $(".cf-option-feedback", option);
        if (note) note.hidden = !picked;
      });
    } else if (q.type === "fill-in" || q.type === "numeric") {
      const { min, max, answers } = q.correct;
      const expected = q.type === "fill-in" ? answers[0] : min === max ? min : `from ${min} to ${max}`;
      if (!right) mark($(".cf-text-answer", form), `Correct answer: ${expected}`, false);
    } else if (q.type === "matching") {
      $$(".cf-pair", form).forEach((pair, i) => {
        const good = value[i] >= 0 && q.targets[value[i]].id === q.correct[i][1];
        const target = q.targets.find((t) => t.id === q.correct[i][1]);
        mark(pair, good ? "Correct" : `Correct match: ${target.text}`, good);
      });
    } else {
      $$(".cf-item", form).forEach((item, position) => {
        const belongs = q.correct.indexOf(q.choices[Number(item.dataset.i)].id) + 1;
        mark(item, belongs === position + 1 ? "Correct position" : `Belongs at position ${belongs}`, belongs === position + 1);
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
        ? "Enter a number, then check it."
        : "Answer the question, then check it.";
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
      $(".cf-attempt", quizSection(qi)).textContent = `Attempt ${saved.n}${quiz.attempts ? " of " + quiz.attempts : ""}`;
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
    const parts = [`You scored ${scored} of ${plural(quiz.totalPoints, "point")}.`];
    if (quiz.graded) {
      parts.push(scored >= quiz.passPoints
        ? `You passed this quiz (pass mark ${quiz.passPoints}).`
        : `The pass mark is ${quiz.passPoints}, so this attempt did not pass.`);
    }
    if (saved.best > scored) parts.push(`Your best score, ${saved.best}, still counts.`);
    if (quiz.attempts) {
      const left = quiz.attempts - saved.n;
      parts.push(left > 0 ? `${plural(left, "attempt")} left.` : "No attempts left.");
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
    announce(`Attempt ${saved.n + 1} started. The questions are reset.`);
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
      announce(`${text} is already ${up ? "first" : "last"}.`);
      return;
    }
    item.parentNode.insertBefore(up ? item : neighbour, up ? neighbour : item);
    button.focus(); // moving the element drops focus
    updateMoveButtons(form);
    const items = $$(".cf-item", form);
    announce(`${text}: position ${items.indexOf(item) + 1} of ${items.length}.`);
    keepDraft(form);
  }

  function updateMoveButtons(form) {
    const items = $$(".cf-item", form);
    items.forEach((item, position) => {
      $('[data-move="-1"]', item).setAttribute("aria-disabled", String(position === 0));
      $('[data-move="1"]', item).setAttribute("aria-disabled", String(position === items.length - 1));
    });
  }

  /* ---- Results page ---- */

  function renderResults(record) {
    const section = sections[RESULTS];
    const needs = {
      all_lessons: "view every lesson",
      pass: "pass the graded quizzes",
      all_lessons_and_pass: "view every lesson and pass the graded quizzes",
    }[course.completion];
    $(".cf-summary", section).textContent = record.completed
      ? "You have completed this course."
      : `The course is not complete yet: ${needs}.`;
    const total = (name, text) => { const cell = $(`[data-total="${name}"]`, section); if (cell) cell.textContent = text; };
    if (record.scoreRaw !== null) total("score", `${record.scoreRaw}%`);
    if (record.passed !== null) total("result", record.passed ? "Passed" : "Failed");
    const done = course.pages.filter((_, i) => pageDone(i)).length;
    total("progress", `${done} of ${plural(RESULTS, "page")} done`);
    $$("tr[data-quiz]", section).forEach((row) => {
      const qi = Number(row.dataset.quiz);
      const quiz = quizzes[qi];
      const saved = state.quizzes[qi];
      $('[data-cell="score"]', row).textContent = saved.n
        ? `${saved.best} of ${plural(quiz.totalPoints, "point")}` + (quiz.graded ? (saved.best >= quiz.passPoints ? ", passed" : ", not passed") : "")
        : "Not taken";
      $('[data-cell="attempts"]', row).textContent = `${saved.n}${quiz.attempts ? " of " + quiz.attempts : ""}`;
    });
    const todo = $(".cf-todo", section);
    todo.textContent = "";
    course.pages.forEach((page, i) => {
      if (pageDone(i)) return;
      const link = doc.createElement("a");
      link.href = "#page-" + page.id;
      link.textContent = page.title;
      todo.appendChild(doc.createElement("li")).appendChild(link);
    });
    if (!todo.children.length) todo.appendChild(doc.createElement("li")).textContent = "Nothing: every page is done.";
  }

  /* ---- Events ---- */

  doc.addEventListener("click", (event) => {
    const target = event.target.closest("a, button");
    if (!target || !started) return;
    const href = target.getAttribute("href") || "";
    const section = href.startsWith("#page-") && doc.getElementById(href.slice(1));
    if (section && section.classList.contains("cf-page")) {
      event.preventDefault();
      go(Number(section.dataset.index), true);
    } else if (target.matches(".cf-prev, .cf-next")) {
      go(state.page + (target.matches(".cf-prev") ? -1 : 1), true);
    } else if (target.matches(".cf-move")) {
      move(target);
    } else if (target.matches(".cf-retry") && mode !== "review") {
      retry(quizOnPage[state.page]);
    } else if (target.matches(".cf-menu-button")) {
      setMenuOpen(target.getAttribute("aria-expanded") !== "true");
    } else if (target.matches(".cf-exit")) {
      exitCourse();
    }
  });

  doc.addEventListener("submit", (event) => {
    event.preventDefault();
    if (started && mode !== "review") check(event.target);
  });

  ["input", "change"].forEach((type) => doc.addEventListener(type, (event) => {
    const form = event.target.closest(".cf-question-form");
    if (form && started) keepDraft(form);
  }));

  doc.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && doc.body.classList.contains("cf-menu-open")) {
      setMenuOpen(false);
      $(".cf-menu-button").focus();
    }
  });

  /* ---- Session lifecycle: the runtime alone listens to the page's lifecycle events ---- */

  // Hidden (tab switch, or the first step of closing): persist, but end nothing.
  function flush() {
    if (started && !ended) { save(); tracking.flush(); }
  }

  // Going away for good: the adapter's last call, exactly once.
  function dismiss() {
    if (!started || ended) return;
    save();
    ended = true;
    (tracking.dismiss || tracking.finish).call(tracking);
  }

  function exitCourse() {
    const done = $(".cf-exit-done");
    let outcome = null;
    if (!ended) {
      save();
      ended = true;
      try { outcome = tracking.finish(); } catch (error) { outcome = null; }
    }
    Promise.resolve(outcome).catch(() => null).then((result) => {
      if (result && result.redirecting) return; // the adapter is taking the learner back
      done.textContent = exitText();
      done.hidden = false;
      done.focus();
    });
  }

  // Inside an LMS's frame there is no window of ours to close.
  function framed() {
    try { return window.top !== window.self; } catch (error) { return true; }
  }

  const exitText = () => [
    mode === "normal" ? "Your progress is saved." : "Nothing from this visit was recorded.",
    framed() ? "Use your learning platform's navigation to leave this course." : "You can close this window.",
  ].join(" ");

  const MODE_NOTICES = {
    review: "Review mode: you are looking at your saved work. Nothing you do here is recorded.",
    browse: "Browse mode: nothing you do is recorded.",
  };

  function showModeNotice() {
    const notice = $(".cf-mode-notice");
    if (!MODE_NOTICES[mode]) return;
    notice.textContent = MODE_NOTICES[mode];
    notice.hidden = false;
    announce(MODE_NOTICES[mode]);
  }

  window.addEventListener("pagehide", (event) => (event.persisted ? flush() : dismiss()));
  doc.addEventListener("visibilitychange", () => { if (doc.visibilityState === "hidden") flush(); });

  /* ---- Start ---- */

  const setStatus = (text) => { $(".cf-status").textContent = text; };
  Promise.resolve()
    .then(() => tracking.start(course, setStatus))
    .catch(() => null)
    .then((session) => {
      session = session || {};
      mode = MODE_NOTICES[session.mode] ? session.mode : "normal";
      let restored = false;
      try {
        const saved = session.state && decodeState(session.state);
        if (saved) {
          state = saved;
          quizzes.forEach((_, qi) => renderQuiz(qi));
          restored = true;
        }
      } catch (error) {
        restored = false;
      }
      if (!restored) {
        state = freshState();
        const bookmarked = pages.findIndex((page) => page.id === session.location);
        if (bookmarked >= 0) state.page = bookmarked;
        quizzes.forEach((_, qi) => renderQuiz(qi));
      }
      if (session.learnerName) {
        const learner = $(".cf-learner");
        learner.textContent = `Learner: ${session.learnerName}`;
        learner.hidden = false;
      }
      $(".cf-loading").remove();
      showModeNotice();
      started = true;
      go(state.page, false);
    });
})();
