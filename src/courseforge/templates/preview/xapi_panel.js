/* courseforge preview: every statement the course sent to the in-memory LRS, newest first. */
(function (root) {
  "use strict";

  const POLL_MS = 400;

  class StatementsPanel {
    constructor(panel, api, auth) {
      this.panel = panel;
      this.api = api;
      this.auth = auth; // the session token header: the statement log is for this page only
      this.seen = "";
    }

    start() {
      const tick = async () => {
        try {
          const response = await fetch(this.api + "statements", { cache: "no-store", headers: this.auth });
          this.render(await response.json());
        } catch (error) {
          // The preview server stopped; the status poll says so.
        }
        setTimeout(tick, POLL_MS);
      };
      tick();
    }

    render(log) {
      const key = log.statements.length + "/" + log.rejected.length;
      if (key === this.seen) return;
      this.seen = key;
      const escape = root.courseforgeEscape;
      const parts = [`<h2>Statements (${log.statements.length})</h2>`];
      if (log.rejected.length) {
        parts.push("<h2>Refused requests</h2><ul>");
        for (const refusal of log.rejected.slice().reverse()) {
          parts.push(`<li class="cfp-error-call">${escape(refusal.request)} → ${refusal.status}: ${escape(refusal.error)}</li>`);
        }
        parts.push("</ul>");
      }
      parts.push(`<ol class="cfp-statements" reversed start="${log.statements.length}">`);
      for (const statement of log.statements.slice().reverse()) parts.push(this.statement(statement, escape));
      parts.push("</ol>");
      this.panel.innerHTML = parts.join("");
    }

    statement(statement, escape) {
      const verb = verbName(statement.verb);
      const verbId = String((statement.verb && statement.verb.id) || "").split("/").pop();
      const result = statement.result || {};
      const facts = [];
      if (result.score) {
        for (const key of ["scaled", "raw", "min", "max"]) if (key in result.score) facts.push(`score.${key} ${result.score[key]}`);
      }
      for (const key of ["success", "completion", "duration", "response"]) if (key in result) facts.push(`${key} ${result[key]}`);
      const time = (statement.timestamp || "").slice(11, 23);
      const target = (statement.object && statement.object.id) || "";
      return (
        `<li class="cfp-statement" data-verb="${escape(verbId)}"><details><summary>${escape(time)} ` +
        `<span class="cfp-verb">${escape(verb)}</span> ${escape(target)} ${escape(facts.join(", "))}</summary>` +
        `<pre>${escape(JSON.stringify(statement, null, 2))}</pre></details></li>`
      );
    }
  }

  function verbName(verb) {
    const display = (verb && verb.display) || {};
    const name = display["en-US"] || display.en || Object.values(display)[0];
    return name || String((verb && verb.id) || "").split("/").pop();
  }

  root.CourseforgeStatementsPanel = StatementsPanel;
})(window);
