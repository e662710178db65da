/* SCORM 1.2 dialect of the courseforge tracking adapter (runs after scorm-common.js).
 *
 * Formats from the SCORM 1.2 Run-Time Environment, section 3.4: CMITimespan HH:MM:SS[.SS],
 * CMITime HH:MM:SS, interaction identifiers of one character (0-9, a-z) joined by "," and
 * matching pairs "source.target"; result "wrong" for an incorrect answer.
 */

function timespan12(ms, withHundredths) {
  var hundredths = Math.max(0, Math.round(ms / 10));
  if (!withHundredths) hundredths = Math.round(hundredths / 100) * 100;
  var cap = 9999 * 360000 + 59 * 6000 + 5999;
  hundredths = Math.min(hundredths, cap);
  var hours = Math.floor(hundredths / 360000);
  var minutes = Math.floor((hundredths % 360000) / 6000);
  var seconds = Math.floor((hundredths % 6000) / 100);
  var text = pad2(hours) + ":" + pad2(minutes) + ":" + pad2(seconds);
  return withHundredths ? text + "." + pad2(hundredths % 100) : text;
}

function pad2(number) {
  return number < 10 ? "0" + number : String(number);
}

function clockTime12(timestamp) {
  var date = timestamp ? new Date(timestamp) : new Date();
  if (isNaN(date.getTime())) date = new Date();
  return pad2(date.getHours()) + ":" + pad2(date.getMinutes()) + ":" + pad2(date.getSeconds());
}

// Contract types SCORM 1.2 knows by another name: a cloze is one fill-in, blanks joined by ",".
var TYPES_12 = { cloze: "fill-in" };

function response12(interaction, value, letters) {
  switch (interaction.type) {
    case "cloze":
      return (value || []).join(",").slice(0, 255);
    case "true-false":
      return value ? "t" : "f";
    case "choice":
    case "sequencing":
      return (value || []).map(function (id) { return positionLetter(interaction.choices, id, letters); }).join(",");
    case "matching":
      return (value || [])
        .filter(function (pair) { return pair && pair[1]; })
        .map(function (pair) {
          var source = positionLetter(interaction.sources, pair[0], letters);
          return source + "." + positionLetter(interaction.targets, pair[1], letters);
        })
        .join(",");
    default:
      return String(value === null || value === undefined ? "" : value).slice(0, 255);
  }
}

function correctPatterns12(interaction, letters) {
  var correct = interaction.correct;
  switch (interaction.type) {
    case "fill-in":
      return correct.answers.map(function (answer) { return String(answer).slice(0, 255); });
    case "cloze":
      return [correct.map(function (blank) { return blank.answers[0]; }).join(",").slice(0, 255)];
    case "numeric":
      // SCORM 1.2 has a single number here and no range syntax: a range gets no pattern.
      return correct.min === correct.max ? [decimal(correct.min)] : [];
    default:
      return [response12(interaction, correct, letters)];
  }
}

window.courseforgeTracking = createScormAdapter({
  name: "scorm12",
  apiName: "API",
  maxHops: 7,
  calls: {
    initialize: "LMSInitialize",
    terminate: "LMSFinish",
    get: "LMSGetValue",
    set: "LMSSetValue",
    commit: "LMSCommit",
    lastError: "LMSGetLastError",
    errorString: "LMSGetErrorString",
    diagnostic: "LMSGetDiagnostic",
  },
  elements: {
    mode: "cmi.core.lesson_mode",
    entry: "cmi.core.entry",
    location: "cmi.core.lesson_location",
    suspendData: "cmi.suspend_data",
    learnerName: "cmi.core.student_name",
    interactionCount: "cmi.interactions._count",
    exit: "cmi.core.exit",
    sessionTime: "cmi.core.session_time",
  },
  quietGetErrors: [],
  suspendDataLimit: SUSPEND_DATA_LIMIT,
  locationLimit: 255,
  exitDone: "",
  sessionTime: function (ms) {
    return timespan12(ms, false);
  },

  // "Last, First" is the usual LMS form; the course greets "First Last".
  learnerName: function (value) {
    var parts = value.split(",");
    return parts.length === 2 && parts[1].trim() ? parts[1].trim() + " " + parts[0].trim() : value.trim();
  },

  recordWrites: function (record, course) {
    var writes = [];
    if (record.scoreRaw !== null && record.scoreRaw !== undefined) {
      // Score before status: Moodle's mastery override reads the raw score with the status.
      writes.push(["cmi.core.score.min", "0"], ["cmi.core.score.max", "100"]);
      writes.push(["cmi.core.score.raw", decimal(roundTo(record.scoreRaw, 2))]);
    }
    // passed, failed and completed all end the attempt in an LMS (Moodle), so "failed" waits
    // until nothing is left to do: a learner with attempts left resumes the same attempt.
    var status = "incomplete";
    if (course.completion === "all_lessons") status = record.completed ? "completed" : "incomplete";
    else if (record.completed) status = record.passed === true ? "passed" : "completed";
    else if (isFinished(record)) status = record.passed === false ? "failed" : "completed";
    writes.push(["cmi.core.lesson_status", status]);
    return writes;
  },

  // Interactions are write-only in SCORM 1.2, so entries of earlier sessions cannot be found
  // again: a resumed session appends after cmi.interactions._count.
  interactionKey: function (interaction) {
    return (interaction.quizId ? interaction.quizId + "." : "") + interaction.id;
  },

  interactionWrites: function (index, interaction, course) {
    var letters = course.runtime.choiceIds;
    var prefix = "cmi.interactions." + index + ".";
    var writes = [
      [prefix + "id", this.interactionKey(interaction).slice(0, 255)],
      [prefix + "type", TYPES_12[interaction.type] || interaction.type],
    ];
    correctPatterns12(interaction, letters).forEach(function (pattern, n) {
      writes.push([prefix + "correct_responses." + n + ".pattern", pattern]);
    });
    writes.push(
      [prefix + "student_response", response12(interaction, interaction.response, letters)],
      [prefix + "result", interaction.result === "correct" ? "correct" : "wrong"],
      [prefix + "weighting", decimal(interaction.weighting)],
      [prefix + "latency", timespan12(interaction.latencyMs || 0, true)],
      [prefix + "time", clockTime12(interaction.timestamp)]
    );
    return writes;
  },
});
