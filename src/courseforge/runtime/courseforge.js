/* courseforge learner runtime, part 1: course data, course record, navigation, results
   page and the learner's events. Talks to the LMS only through window.courseforgeTracking
   (docs/runtime-contract.md).

   Not loaded on its own: the build joins courseforge.js, state-string.js, quiz.js, one module
   per question type (runtime/questions/) and session.js, in that order, inside one function
   scope (courseforge.render.site.runtime_parts()) and ships the result as
   runtime/courseforge.js. */

const doc = document;
const $ = (selector, root = doc) => root.querySelector(selector);
const $$ = (selector, root = doc) => Array.from(root.querySelectorAll(selector));

const course = JSON.parse($("#cf-course").textContent);
const quizzes = course.quizzes;
// The state format's constants come from the build (courseforge.render.state.runtime_constants).
const RUNTIME = course.runtime;
const RESULTS = course.pages.length; // the results page comes after the course's own pages
const messages = course.messages;
const numberFormat = (options) => {
  try { return new Intl.NumberFormat(messages.lang, { numberingSystem: messages.numbering, ...options }); } catch (error) { return new Intl.NumberFormat(undefined, options); }
};
const numbers = numberFormat({});
const percents = numberFormat({ style: "percent", maximumFractionDigits: 2 });
// A text by message id; args.n picks the plural form (the build's CLDR table: n, or 100 + n % 100).
function t(id, args = {}) {
  let text = messages.texts[id];
  if (Array.isArray(text)) {
    const n = args.n;
    text = text[Number.isInteger(n) && n >= 0 ? +messages.plural[n < 200 ? n : 100 + (n % 100)] : text.length - 1];
  }
  return text.replace(/\{([a-z_]+)\}/g, (whole, name) => {
    const value = args[name];
    return value === undefined ? whole : typeof value === "number" ? numbers.format(value) : isolate(String(value));
  });
}
const percent = (value) => percents.format(value / 100);
// Author text keeps its own direction inside a right-to-left sentence.
const isolate = messages.dir === "rtl" ? (text) => `\u2068${text}\u2069` : (text) => text;
window.courseforgeText = t; // adapters word their status lines with it (contract: "Messages")
const pages = course.pages.concat({ id: RUNTIME.resultsPage, title: t("results.title"), kind: "results" });
// null until the page's pages/<id>.js ran (the first page and results are in index.html)
const sections = pages.map((page) => doc.getElementById("page-" + page.id));
const pageIndex = new Map(pages.map((page, i) => [page.id, i]));
const quizOnPage = {};
quizzes.forEach((quiz, qi) => { quizOnPage[quiz.page] = qi; });
const live = $("#cf-announce");
// Only the menu links whose state changed are written: at 1,000 pages, rewriting all costs a frame.
const menuLinks = $$("#cf-menu a").map((link) => ({ link, index: Number(link.dataset.index), done: null, current: null }));
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
let shown = null; // the section on screen
let wanted = -1; // the page asked for last: a slower load never overrides a later choice

function freshState() {
  return {
    page: 0,
    visited: [],
    seed: Math.floor(Math.random() * RUNTIME.seedRange),
    quizzes: quizzes.map((quiz) => ({ n: 0, best: null, answers: quiz.questions.map(() => null) })),
  };
}

const tracked = () => mode === "normal" && !ended;
const range = (count) => Array.from({ length: count }, (_, i) => i);
const trimEnd = (list) => { while (list.length && !list[list.length - 1]) list.pop(); return list; };


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
  const done = Math.round(record.progress * 100);
  const track = $(".cf-progress-track");
  track.setAttribute("aria-valuenow", done);
  track.setAttribute("aria-valuetext", t("nav.progress_done", { percent: percent(done) }));
  $(".cf-progress-fill").style.width = done + "%";
  $(".cf-progress-text").textContent = percent(done);
  menuLinks.forEach((entry) => {
    const { link, index } = entry;
    const seen = index < RESULTS && pageDone(index);
    if (seen !== entry.done) {
      link.classList.toggle("cf-done", seen);
      $(".cf-menu-done", link).textContent = seen ? " " + t("nav.done") : "";
      entry.done = seen;
    }
    if ((index === state.page) !== entry.current) {
      entry.current = index === state.page;
      if (entry.current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  });
  if (state.page === RESULTS) renderResults(record);
}

/* ---- Navigation ---- */

// how: "push" a history entry, "replace" it (first page), "pop" none (Back/Forward came here)
function go(index, moveFocus, how = "push") {
  wanted = index;
  if (sections[index]) {
    show(index, moveFocus, how);
    return;
  }
  loadPage(index).then((section) => { if (wanted === index && shown !== section) show(index, moveFocus, how); }, () => {
    if (wanted !== index) return;
    const text = t("nav.load_failed");
    $(".cf-status").textContent = text;
    announce(text);
    if (!shown) go(0, false, "replace"); // the first page is inside index.html
  });
}

function show(index, moveFocus, how) {
  if (shown) shown.hidden = true;
  else { const loading = $(".cf-loading"); if (loading) loading.remove(); }
  state.page = index;
  const section = sections[index];
  shown = section;
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
  $(".cf-position").textContent = t("nav.position", { n: index + 1, total: pages.length });
  setMenuOpen(false);
  refresh();
  if (moveFocus) {
    $("h1", section).focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  if (!ended) tracking.pageViewed({ id: page.id, title: page.title, kind: page.kind, index, count: pages.length });
  save();
  remember(index, how);
  // Ahead of need: the neighbours load once this page is painted, so Next shows at once.
  requestAnimationFrame(() => setTimeout(() => [index + 1, index - 1].forEach((i) => {
    if (i >= 0 && i < RESULTS) loadPage(i).catch(() => {});
  })));
}

/* ---- Page bodies and links ---- */

// pages/<id>.js hands its section over: <script src> works from file:// and in LMS frames,
// where fetch() may be refused. Again for a loaded page (preview edit): replaced in place.
window.courseforgePage = (id, html) => {
  const index = pageIndex.get(id);
  if (index === undefined || index === RESULTS) return;
  const holder = doc.createElement("template");
  holder.innerHTML = html;
  const section = holder.content.firstElementChild;
  if (!section || !section.classList.contains("cf-page")) return;
  const old = sections[index];
  section.hidden = !old || old !== shown;
  if (old) old.replaceWith(section);
  else sections[RESULTS].before(section);
  if (old && old === shown) shown = section;
  sections[index] = section;
  if (started) preparePage(index);
};

const loads = new Map(); // page index → Promise of its section, while it loads or once loaded
function loadPage(index) {
  if (sections[index]) return Promise.resolve(sections[index]);
  if (!loads.has(index)) {
    const loaded = new Promise((resolve, reject) => {
      const script = doc.createElement("script");
      script.src = `pages/${encodeURIComponent(pages[index].id)}.js`;
      script.onload = () => { script.remove(); if (sections[index]) resolve(sections[index]); else reject(new Error(script.src)); };
      script.onerror = () => { script.remove(); reject(new Error(script.src)); };
      doc.head.appendChild(script);
    });
    loads.set(index, loaded);
    loaded.catch(() => loads.delete(index)); // a later visit tries again
  }
  return loads.get(index);
}

// What state shows on a page once its section is in the DOM: a quiz's answers and attempt.
function preparePage(index) {
  if (quizOnPage[index] !== undefined) renderQuiz(quizOnPage[index]);
}

// index.html#<page-id> (or #page-<id>, as the menu links) names a page; -1 when it names none.
function linkedPage(hash) {
  let id = "";
  try { id = decodeURIComponent(hash.slice(1)); } catch (error) { return -1; }
  const index = pageIndex.has(id) ? pageIndex.get(id) : pageIndex.get(id.replace(/^page-/, ""));
  return index === undefined ? -1 : index;
}

function remember(index, how) {
  const hash = "#" + encodeURIComponent(pages[index].id);
  if (how === "pop" || location.hash === hash) return;
  try {
    // In a frame the LMS owns the tab's history: an entry per page would make its Back walk the course.
    if (how === "push" && !framed()) history.pushState(null, "", hash);
    else history.replaceState(null, "", hash);
  } catch (error) {
    // a sandboxed document may refuse; the page is shown all the same
  }
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


/* ---- Results page ---- */

function renderResults(record) {
  const section = sections[RESULTS];
  const needs = {
    all_lessons: "results.needs_all_lessons",
    pass: "results.needs_pass",
    all_lessons_and_pass: "results.needs_both",
  }[course.completion];
  $(".cf-summary", section).textContent = record.completed ? t("results.completed") : t(needs);
  const total = (name, text) => { const cell = $(`[data-total="${name}"]`, section); if (cell) cell.textContent = text; };
  if (record.scoreRaw !== null) total("score", percent(record.scoreRaw));
  if (record.passed !== null) total("result", record.passed ? t("results.passed") : t("results.failed"));
  const done = course.pages.filter((_, i) => pageDone(i)).length;
  total("progress", t("results.pages_done", { done, n: RESULTS }));
  $$("tr[data-quiz]", section).forEach((row) => {
    const qi = Number(row.dataset.quiz);
    const quiz = quizzes[qi];
    const saved = state.quizzes[qi];
    const score = t("results.quiz_score", { best: saved.best, n: quiz.totalPoints });
    $('[data-cell="score"]', row).textContent = saved.n
      ? (quiz.graded ? t(saved.best >= quiz.passPoints ? "results.score_passed" : "results.score_not_passed", { score }) : score)
      : t("results.not_taken");
    $('[data-cell="attempts"]', row).textContent = quiz.attempts ? t("results.attempts_of", { n: saved.n, total: quiz.attempts }) : numbers.format(saved.n);
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
  if (!todo.children.length) todo.appendChild(doc.createElement("li")).textContent = t("results.nothing_left");
}

/* ---- Events ---- */

doc.addEventListener("click", (event) => {
  const target = event.target.closest("a, button");
  if (!target || !started) return;
  const href = target.getAttribute("href") || "";
  const linked = href.startsWith("#page-") ? pageIndex.get(href.slice(6)) : undefined;
  if (linked !== undefined) {
    event.preventDefault();
    go(linked, true);
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

// Back/Forward, or a page id typed into the address bar.
window.addEventListener("popstate", () => {
  const index = linkedPage(location.hash);
  if (started && index >= 0 && index !== state.page) go(index, true, "pop");
});

doc.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && doc.body.classList.contains("cf-menu-open")) {
    setMenuOpen(false);
    $(".cf-menu-button").focus();
  }
});
