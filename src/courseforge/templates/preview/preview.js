/* courseforge preview: launch the course in the frame, follow rebuilds, show build errors.
 *
 * The page polls /__courseforge/status (same origin, nothing else): a new successful build
 * relaunches the course, resuming like an LMS would; a failed build shows its errors while the
 * frame keeps the last good build.
 */
(function () {
  "use strict";

  const POLL_MS = 250;
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
  let shownBuild = 0;
  let launching = Promise.resolve();

  function unloadCourse() {
    // Let the course's pagehide handlers finish (LMSFinish/Terminate) before reading its data.
    return new Promise((resolve) => {
      if (!frame.getAttribute("src")) return resolve();
      frame.addEventListener("load", () => resolve(), { once: true });
      frame.src = "about:blank";
    });
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
    frame.src = answer.url;
  }

  function queueLaunch(attempt) {
    launching = launching.then(() => launch(attempt)).catch((error) => console.error("courseforge preview:", error));
    return launching;
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

  async function poll() {
    try {
      const response = await fetch(config.api + "status", { cache: "no-store" });
      const status = await response.json();
      showStatus(status);
      if (status.build && status.build !== shownBuild) {
        const first = shownBuild === 0;
        shownBuild = status.build;
        queueLaunch(first ? "first" : "resume");
      }
    } catch (error) {
      statusLine.textContent = "preview server stopped";
      statusLine.classList.add("cfp-failed");
    }
    setTimeout(poll, POLL_MS);
  }

  document.getElementById("cfp-new-attempt").addEventListener("click", () => queueLaunch("new"));
  document.getElementById("cfp-relaunch").addEventListener("click", () => queueLaunch("resume"));
  if (panelBody && !learner) new window.CourseforgeStatementsPanel(panelBody, config.api, { [config.tokenHeader]: config.token }).start();
  poll();
})();
