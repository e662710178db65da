/* courseforge learner runtime, last part: the session's lifecycle (page events, exit, modes)
   and its start. The runtime alone listens to the page's lifecycle events. See courseforge.js. */

// Hidden (tab switch, or the first step of closing): persist, but end nothing.
function flush() {
  if (started && !ended) { save(); tracking.flush(); }
}

// Going away for good: the adapter's last call, exactly once.
function dismiss() {
  if (!started || ended) return;
  save();
  ended = true;
  (tracking.dismiss || tracking.flush).call(tracking); // no dismiss(): flush, as before it existed
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
  mode === "normal" ? t("session.saved") : t("session.not_recorded"),
  framed() ? t("session.leave_framed") : t("session.close_window"),
].join(" ");

const MODE_NOTICES = {
  review: t("session.review_notice"),
  browse: t("session.browse_notice"),
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
const linked = linkedPage(location.hash);
if (linked >= 0) loadPage(linked).catch(() => {}); // while the adapter starts
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
        sections.forEach((section, i) => { if (section) preparePage(i); });
        restored = true;
      }
    } catch (error) {
      restored = false;
    }
    if (!restored) {
      state = freshState();
      const bookmarked = pages.findIndex((page) => page.id === session.location);
      if (bookmarked >= 0) state.page = bookmarked;
      restored = bookmarked >= 0;
      sections.forEach((section, i) => { if (section) preparePage(i); });
    }
    // A link opens its page unless an LMS resumes elsewhere ("local": the web target's own link).
    if (linked >= 0 && (!restored || tracking.name === "local")) state.page = linked;
    if (session.learnerName) {
      const learner = $(".cf-learner");
      learner.textContent = t("results.learner", { name: session.learnerName });
      learner.hidden = false;
    }
    showModeNotice();
    started = true;
    go(state.page, false, "replace");
  });
