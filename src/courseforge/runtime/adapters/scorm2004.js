/* SCORM 2004 4th edition dialect of the courseforge tracking adapter (runs after
 * scorm-common.js).
 *
 * Formats from the SCORM 2004 4th edition Run-Time Environment, section 4.2: ISO 8601
 * durations (PT1H2M3.5S), timestamps with at most two decimals, response patterns (patterns.js,
 * shared with xAPI); "incorrect" for a wrong answer. Patterns stay within the smallest
 * permitted maximums (SPM).
 */

var SPM_FILL_IN_PATTERNS = 5;
var SPM_TEXT = 250;

function duration2004(ms) {
  var hundredths = Math.max(0, Math.round(ms / 10));
  var hours = Math.floor(hundredths / 360000);
  var minutes = Math.floor((hundredths % 360000) / 6000);
  var seconds = (hundredths % 6000) / 100;
  var text = "PT";
  if (hours) text += hours + "H";
  if (minutes) text += minutes + "M";
  if (seconds || text === "PT") text += String(roundTo(seconds, 2)) + "S";
  return text;
}

function timestamp2004(timestamp) {
  var date = timestamp ? new Date(timestamp) : new Date();
  if (isNaN(date.getTime())) date = new Date();
  // toISOString gives milliseconds; the data model's time type keeps at most hundredths.
  return date.toISOString().replace(/\.(\d\d)\dZ$/, ".$1Z");
}

// Where SCORM 2004 writes patterns differently from xAPI (patterns.js holds the syntax).
var PATTERNS_2004 = {
  number: decimal,
  textLimit: SPM_TEXT,
  fillInMax: SPM_FILL_IN_PATTERNS,
  caseMattersAlways: false,
  exactAsRange: true,
};

window.courseforgeTracking = createScormAdapter({
  name: "scorm2004",
  apiName: "API_1484_11",
  maxHops: 500,
  calls: {
    initialize: "Initialize",
    terminate: "Terminate",
    get: "GetValue",
    set: "SetValue",
    commit: "Commit",
    lastError: "GetLastError",
    errorString: "GetErrorString",
    diagnostic: "GetDiagnostic",
  },
  elements: {
    mode: "cmi.mode",
    entry: "cmi.entry",
    location: "cmi.location",
    suspendData: "cmi.suspend_data",
    learnerName: "cmi.learner_name",
    interactionCount: "cmi.interactions._count",
    exit: "cmi.exit",
    sessionTime: "cmi.session_time",
  },
  // 403 "Data Model Element Value Not Initialized": normal for a first launch.
  quietGetErrors: ["403"],
  suspendDataLimit: SUSPEND_DATA_LIMIT,
  locationLimit: 1000,
  exitDone: "normal",
  sessionTime: duration2004,

  learnerName: function (value) {
    return value.trim();
  },

  recordWrites: function (record) {
    var writes = [];
    if (record.scoreRaw !== null && record.scoreRaw !== undefined) {
      var scaled = typeof record.scoreScaled === "number" ? record.scoreScaled : record.scoreRaw / 100;
      writes.push(
        ["cmi.score.scaled", decimal(roundTo(scaled, 4))],
        ["cmi.score.min", "0"],
        ["cmi.score.max", "100"],
        ["cmi.score.raw", decimal(roundTo(record.scoreRaw, 2))]
      );
    }
    // Moodle ends a 2004 attempt only on completion_status "completed": a finished attempt
    // (passed, or failed with no attempts left) says so, or the learner could never start anew.
    var done = Boolean(record.completed) || isFinished(record);
    if (typeof record.progress === "number") {
      // A measure of 1 means "completed" to an LMS; keep it below while the course is not.
      var progress = done ? 1 : Math.min(roundTo(record.progress, 4), 0.99);
      writes.push(["cmi.progress_measure", decimal(progress)]);
    }
    writes.push(["cmi.completion_status", done ? "completed" : "incomplete"]);
    var success = record.passed === true ? "passed" : record.passed === false ? "failed" : "unknown";
    writes.push(["cmi.success_status", success]);
    return writes;
  },

  // The activity IRI: unique across quizzes, and readable back, so a resumed session
  // updates its earlier entries instead of adding new ones.
  interactionKey: function (interaction) {
    return interaction.iri || (interaction.quizId ? interaction.quizId + "." : "") + interaction.id;
  },

  readInteractionKey: function (getValue, index) {
    return getValue("cmi.interactions." + index + ".id");
  },

  interactionWrites: function (index, interaction, course) {
    var prefix = "cmi.interactions." + index + ".";
    var writes = [
      [prefix + "id", this.interactionKey(interaction)],
      [prefix + "type", standardInteractionType(interaction)],
      [prefix + "description", patternText(interaction.prompt || "", SPM_TEXT)],
    ];
    correctResponsePatterns(interaction, PATTERNS_2004).forEach(function (pattern, n) {
      writes.push([prefix + "correct_responses." + n + ".pattern", pattern]);
    });
    writes.push(
      [prefix + "learner_response", responsePattern(interaction, interaction.response, PATTERNS_2004)],
      [prefix + "result", interaction.result === "correct" ? "correct" : "incorrect"],
      [prefix + "weighting", decimal(interaction.weighting)],
      [prefix + "latency", duration2004(interaction.latencyMs || 0)],
      [prefix + "timestamp", timestamp2004(interaction.timestamp)]
    );
    return writes;
  },
});
