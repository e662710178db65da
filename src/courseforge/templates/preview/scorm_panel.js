/* courseforge preview: one SCORM learner as an LMS keeps it, and the data-model panel showing it.
 *
 * Each launch gets a fresh API object (scorm_api.js). Between launches the LMS rules apply:
 * a session that ended with exit "suspend" resumes (entry "resume"); in SCORM 2004 any other
 * exit ends the attempt, so the next launch starts a new one; session_time adds to total_time.
 */
(function (root) {
  "use strict";

  const ELEMENTS = {
    "1.2": {
      exit: "cmi.core.exit",
      entry: "cmi.core.entry",
      sessionTime: "cmi.core.session_time",
      totalTime: "cmi.core.total_time",
      summary: [
        "cmi.core.lesson_status",
        "cmi.core.score.raw",
        "cmi.core.score.min",
        "cmi.core.score.max",
        "cmi.core.lesson_location",
        "cmi.core.entry",
        "cmi.core.exit",
        "cmi.core.session_time",
        "cmi.core.total_time",
      ],
      response: "student_response",
    },
    "2004": {
      exit: "cmi.exit",
      entry: "cmi.entry",
      sessionTime: "cmi.session_time",
      totalTime: "cmi.total_time",
      summary: [
        "cmi.completion_status",
        "cmi.success_status",
        "cmi.score.scaled",
        "cmi.score.raw",
        "cmi.progress_measure",
        "cmi.location",
        "cmi.entry",
        "cmi.exit",
        "cmi.session_time",
        "cmi.total_time",
      ],
      response: "learner_response",
    },
  };
  const LOG_LIMIT = 300;

  function seconds12(text) {
    const match = /^(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(text || "");
    return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : 0;
  }

  function seconds2004(text) {
    const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(text || "");
    if (!match) return 0;
    const [years, months, days, hours, minutes, secs] = match.slice(1).map((part) => Number(part || 0));
    return ((years * 365 + months * 30 + days) * 24 + hours) * 3600 + minutes * 60 + secs;
  }

  function format12(total) {
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const secs = (total % 60).toFixed(2).padStart(5, "0");
    return String(hours).padStart(4, "0") + ":" + String(minutes).padStart(2, "0") + ":" + secs;
  }

  function format2004(total) {
    return "PT" + Math.round(total * 100) / 100 + "S";
  }

  class ScormLearner {
    constructor(version, panel) {
      this.version = version;
      this.elements = ELEMENTS[version];
      this.panel = panel;
      this.api = null;
      this.log = [];
      this.changed = new Set();
      this.notes = [];
      this.renderQueued = false;
    }

    /** Install a fresh API for the next launch; attempt is "first", "new" or "resume". */
    prepare(attempt, lms) {
      this.notes = [];
      const carried = attempt === "resume" && this.api ? this.carryOver(this.api.courseforge) : null;
      const values = carried ? carried.values : {};
      const arrays = carried ? carried.counts : {};
      Object.assign(values, this.lmsValues(lms || {}));
      this.changed = new Set();
      this.api = root.CourseforgeScorm.createApi(this.version, {
        values: values,
        arrays: arrays,
        learner: { id: "preview-learner", name: "Learner, Preview" },
        onCall: (event) => this.record(event),
      });
      if (this.version === "1.2") root.API = this.api;
      else root.API_1484_11 = this.api;
      this.render();
    }

    // What the LMS keeps from the session that just ended, by the standard's rules.
    carryOver(previous) {
      const e = this.elements;
      const values = Object.assign({}, previous.values);
      const exit = values[e.exit] || "";
      if (this.version === "2004" && exit !== "suspend") {
        this.notes.push(
          "The last session ended with cmi.exit = " + JSON.stringify(exit) +
            " (not \"suspend\"): a SCORM 2004 LMS starts a new attempt."
        );
        return null;
      }
      const seconds = this.version === "1.2" ? seconds12 : seconds2004;
      const format = this.version === "1.2" ? format12 : format2004;
      values[e.totalTime] = format(seconds(values[e.totalTime]) + seconds(values[e.sessionTime]));
      values[e.entry] = exit === "suspend" ? "resume" : "";
      if (exit !== "suspend") this.notes.push("The last session did not suspend, so cmi.core.entry is \"\".");
      delete values[e.exit];
      delete values[e.sessionTime];
      return { values: values, counts: Object.assign({}, previous.counts) };
    }

    // Values the manifest gives the SCO (adlcp:masteryscore, imsss thresholds).
    lmsValues(lms) {
      const mastery = lms.mastery || {};
      if (this.version === "1.2") {
        return mastery.masteryscore ? { "cmi.student_data.mastery_score": mastery.masteryscore } : {};
      }
      const values = {};
      if (mastery.satisfiedByMeasure === "true" && mastery.minNormalizedMeasure) {
        values["cmi.scaled_passing_score"] = mastery.minNormalizedMeasure;
      }
      if (mastery.completionThreshold) values["cmi.completion_threshold"] = mastery.completionThreshold;
      return values;
    }

    record(event) {
      this.log.push(Object.assign({ at: new Date().toISOString().slice(11, 23) }, event));
      if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
      if (/SetValue$/.test(event.call) && event.error === 0) this.changed.add(event.element);
      this.queueRender();
    }

    queueRender() {
      if (this.renderQueued) return;
      this.renderQueued = true;
      requestAnimationFrame(() => {
        this.renderQueued = false;
        this.render();
      });
    }

    render() {
      if (!this.panel || !this.api) return;
      const state = this.api.courseforge;
      const parts = [];
      parts.push(`<p>API: <code>${this.version === "1.2" ? "window.API" : "window.API_1484_11"}</code>, session ${escape(state.state())}</p>`);
      for (const note of this.notes) parts.push(`<p class="cfp-note">${escape(note)}</p>`);
      parts.push("<h2>Status and score</h2>", this.table(this.elements.summary, state.values, "cfp-summary"));
      parts.push("<h2>Interactions</h2>", this.interactions(state));
      const everything = Object.keys(state.values).sort(byElement);
      parts.push(`<h2>Data model (${everything.length} values)</h2>`, this.table(everything, state.values, "cfp-all"));
      parts.push("<h2>Calls</h2>", this.calls());
      this.panel.innerHTML = parts.join("");
    }

    table(names, values, kind) {
      const rows = names.map((name) => {
        const set = Object.prototype.hasOwnProperty.call(values, name);
        const classes = [this.changed.has(name) ? "cfp-changed" : "", set && !this.changed.has(name) ? "cfp-from-lms" : ""].join(" ");
        const shown = set ? values[name] : "—";
        return `<tr data-element="${escape(name)}" class="${classes}"><th>${escape(name)}</th><td>${escape(truncate(shown))}</td></tr>`;
      });
      return `<table class="${kind}">${rows.join("")}</table>`;
    }

    interactions(state) {
      const count = state.counts["cmi.interactions"] || 0;
      if (!count) return "<p>none yet</p>";
      const rows = [];
      for (let i = 0; i < count; i++) {
        const get = (field) => escape(truncate(state.values[`cmi.interactions.${i}.${field}`] || ""));
        rows.push(
          `<tr data-interaction="${i}"><td>${i}</td><td>${get("id")}</td><td>${get("type")}</td>` +
            `<td>${get(this.elements.response)}</td><td>${get("result")}</td></tr>`
        );
      }
      return `<table class="cfp-interactions"><tr><th>n</th><th>id</th><th>type</th><th>response</th><th>result</th></tr>${rows.join("")}</table>`;
    }

    calls() {
      const items = this.log
        .slice(-60)
        .reverse()
        .map((event) => {
          const failed = event.error !== 0;
          const args = event.element ? `"${escape(event.element)}"${/SetValue$/.test(event.call) ? `, "${escape(truncate(event.value))}"` : ""}` : '""';
          const result = `→ ${escape(truncate(event.result))}`;
          const error = failed ? ` error ${event.error}: ${escape(event.diagnostic)}` : "";
          return `<li class="${failed ? "cfp-error-call" : ""}">${event.at} ${event.call}(${args}) ${result}${error}</li>`;
        });
      return `<ol class="cfp-log" reversed start="${this.log.length}">${items.join("")}</ol>`;
    }
  }

  function byElement(a, b) {
    // Natural order so cmi.interactions.10 follows cmi.interactions.9.
    return a.localeCompare(b, "en", { numeric: true });
  }

  function truncate(text) {
    const value = String(text);
    return value.length > 300 ? value.slice(0, 300) + ` … (${value.length} characters)` : value;
  }

  function escape(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  root.CourseforgeScormLearner = ScormLearner;
  root.courseforgeEscape = escape;
})(window);
