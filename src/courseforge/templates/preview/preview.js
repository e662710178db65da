/* courseforge preview: launch the course in the frame, follow rebuilds, show build errors.
 *
 * The server pushes build events (Server-Sent Events on /__courseforge/events, same origin):
 * "swap" carries the new HTML of pages whose content alone changed, put in place in the open
 * course so the learner keeps their page, scroll position and answers (a changed quiz also
 * brings its new data, which the course's runtime takes in, re-drawing the quiz from the
 * learner's answers: preview/updates.py says which are kept); "status" names the build to
 * show (a new one relaunches the course, resuming like an LMS would) and the errors of a
 * failed build, shown while the frame keeps the last good build.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("cfp-config").textContent);
  const frame = document.getElementById("cfp-course");
  const panelBody = document.getElementById("cfp-panel-body");
  const statusLine = document.getElementById("cfp-status");
  const errorBox = document.getElementById("cfp-error");
  const errorText = document.getElementById("cfp-error-messages");
  const errorTitle = document.getElementById("cfp-error-title");
  const packageBox = document.getElementById("cfp-package");
  const packageList = document.getElementById("cfp-package-problems");
  const attemptLabel = document.getElementById("cfp-attempt");

  const scormVersion = { scorm12: "1.2", scorm2004: "2004" }[config.standard];
  const learner = scormVersion ? new window.CourseforgeScormLearner(scormVersion, panelBody) : null;
  let shownBuild = 0; // the build the frame shows, launched or swapped in
  let launching = Promise.resolve();

  function frameLoaded() {
    return new Promise((resolve) => frame.addEventListener("load", () => resolve(), { once: true }));
  }

  function unloadCourse() {
    // Let the course's pagehide handlers finish (LMSFinish/Terminate) before reading its data.
    if (!frame.getAttribute("src")) return Promise.resolve();
    const unloaded = frameLoaded();
    frame.src = "about:blank";
    return unloaded;
  }

  async function launch(attempt) {
    await unloadCourse();
    const response = await fetch(config.api + "launch", {
      method: "POST",
      headers: { "Content-Type": "application/json", [config.tokenHeader]: config.token },
      body: JSON.stringify({ attempt: attempt }),
    });
    if (!response.ok) return;
    const answer = await response.json();
    if (learner) learner.prepare(attempt, answer.scorm);
    if (config.standard === "web" && attempt === "new") localStorage.clear();
    attemptLabel.textContent = "attempt " + answer.attempt + (answer.registration ? " · registration " + answer.registration.slice(0, 8) : "");
    const loaded = frameLoaded();
    frame.src = answer.url;
    await loaded; // a swap that follows must find this document, not the last one
  }

  // One queue for launches and swaps, so a swap never lands in a document being replaced.
  function queued(step) {
    launching = launching.then(step).catch((error) => console.error("courseforge preview:", error));
    return launching;
  }

  /* The one place the preview changes a course page's HTML in place. Replaces what follows
   * the page's heading in its element. Returns false when the page is not in the document as
   * expected. */
  function replacePageContent(courseWindow, pageId, html) {
    const section = courseWindow.document.getElementById("page-" + pageId);
    // A page not loaded yet is fetched from pages/<id>.js, already the new build, when needed.
    if (!section && typeof courseWindow.courseforgePage === "function") return true;
    const heading = section && section.querySelector("h1");
    if (!heading || heading.parentNode !== section) return false;
    while (heading.nextSibling) heading.nextSibling.remove();
    heading.insertAdjacentHTML("afterend", html);
    return true;
  }

  // The runtime takes changed quizzes' data in and draws them from the learner's answers;
  // false when it cannot (not started, a quiz page still loading): then the course relaunches.
  function takeQuizzes(courseWindow, event) {
    const changes = event.pages.filter((page) => page.quiz).map((page) => page.quiz);
    if (!changes.length) return true;
    const runtime = courseWindow.courseforgeRuntime;
    // Copied into the course's own realm: its runtime keeps them as its course data.
    const copied = courseWindow.JSON.parse(JSON.stringify(changes));
    return !!runtime && typeof runtime.quizzesChanged === "function" &&
      runtime.quizzesChanged(event.fingerprint, copied) === true;
  }

  function swap(event) {
    let courseWindow = null;
    try {
      courseWindow = frame.contentWindow && frame.contentWindow.document ? frame.contentWindow : null;
    } catch (error) {
      courseWindow = null; // not our origin (cannot happen with our own launch URLs)
    }
    const swapped = courseWindow !== null &&
      event.pages.every((page) => replacePageContent(courseWindow, page.id, page.html)) &&
      takeQuizzes(courseWindow, event);
    if (!swapped) return launch("resume"); // the server already serves this build's files
    statusLine.textContent = `build ${event.build}: ${event.pages.length === 1 ? "1 page" : event.pages.length + " pages"} updated in place`;
    return null;
  }

  function showStatus(status) {
    if (status.error) {
      errorText.textContent = status.error.messages.join("\n");
      errorTitle.textContent = status.build
        ? "Build failed — the last good build is still shown"
        : "Build failed — nothing to show until it is fixed";
      errorBox.hidden = false;
      statusLine.textContent = "build failed";
      statusLine.classList.add("cfp-failed");
    } else {
      errorBox.hidden = true;
      statusLine.classList.remove("cfp-failed");
      if (status.build) {
        const at = new Date(status.finishedAt * 1000).toLocaleTimeString();
        statusLine.textContent = `build ${status.build} at ${at} (${status.seconds} s)`;
      }
    }
    const problems = (status.package && status.package.problems) || [];
    packageBox.hidden = problems.length === 0;
    packageList.innerHTML = problems.map((p) => `<li>${window.courseforgeEscape(p)}</li>`).join("");
  }

  function follow(status) {
    showStatus(status);
    if (status.build && status.build !== shownBuild) {
      const first = shownBuild === 0;
      shownBuild = status.build;
      queued(() => launch(first ? "first" : "resume"));
    }
  }

  const events = new EventSource(config.api + "events");
  events.addEventListener("status", (event) => follow(JSON.parse(event.data)));
  events.addEventListener("swap", (event) => {
    const data = JSON.parse(event.data);
    const first = shownBuild === 0;
    shownBuild = data.build; // at once, so this build's status that follows relaunches nothing
    queued(() => (first ? launch("first") : swap(data)));
  });
  events.addEventListener("open", () => statusLine.classList.remove("cfp-stopped"));
  events.addEventListener("error", () => {
    // EventSource reconnects by itself; say so while it cannot.
    statusLine.textContent = "preview server stopped";
    statusLine.classList.add("cfp-failed", "cfp-stopped");
  });

  document.getElementById("cfp-new-attempt").addEventListener("click", () => queued(() => launch("new")));
  document.getElementById("cfp-relaunch").addEventListener("click", () => queued(() => launch("resume")));
  if (panelBody && !learner) new window.CourseforgeStatementsPanel(panelBody, config.api, { [config.tokenHeader]: config.token }).start();
})();
