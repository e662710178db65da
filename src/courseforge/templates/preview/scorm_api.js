/* courseforge preview: the LMS side of SCORM 1.2 (window.API) and SCORM 2004 (window.API_1484_11).
 *
 * A development aid that accepts exactly what the run-time standards accept: element names,
 * access (read-only / write-only), vocabularies, formats, ranges, array order and 2004's
 * dependencies, answering with the standard error codes. Sources: SCORM 1.2 RTE section 3.4
 * (data model) and 3.3 (error codes); SCORM 2004 4th edition RTE section 4 and appendix C.
 * tests/preview/ runs the same table of calls against this file and against scorm-again.
 */
(function (root) {
  "use strict";

  // ---- value formats ---------------------------------------------------------------------
  // A check returns null when the value is acceptable, else "type" (wrong format) or "range".

  const DECIMAL_12 = /^-?(\d+(\.\d*)?|\.\d+)$/;
  const REAL = /^-?\d{1,10}(\.\d{1,18})?$/;
  const INTEGER_SIGNED = /^-?\d+$/;
  const TIME_12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  const TIMESPAN_12 = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
  const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/;
  const TIME_2004 =
    /^(19[7-9]\d|20[0-3]\d)(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d(\.\d{1,2})?)?)?(Z|[+-]([01]\d|2[0-3])(:?[0-5]\d)?)?)?)?)?$/;
  const IDENTIFIER_12 = /^[\x21-\x7E]{1,255}$/;
  // URI characters without the delimiters the response syntax uses ([ ] , & ?) (RTE 4.1.1.5).
  const SHORT_ID = /^(?=.*[A-Za-z0-9])[A-Za-z0-9\-_.:\/#@!$'()*+;=%]{1,250}$/;
  const LONG_ID = /^\S{1,4000}$/;
  const LANGUAGE = /^(([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9]{1,8})*)?$/;
  const SINGLE_CHAR_12 = /^[0-9a-z]$/;

  const ok = null;
  const test = (pattern) => (value) => (pattern.test(value) ? ok : "type");
  const oneOf = (...words) => (value) => (words.includes(value) ? ok : "type");
  const maxLength = (limit) => (value) => (value.length <= limit ? ok : "type");

  function numberIn(pattern, min, max, rangeError) {
    return (value) => {
      if (!pattern.test(value)) return "type";
      const number = Number(value);
      if ((min !== null && number < min) || (max !== null && number > max)) return rangeError;
      return ok;
    };
  }

  function duration(value) {
    const match = DURATION.exec(value);
    // "P" or "PT" alone name no amount of time.
    if (!match || value === "P" || value.endsWith("T")) return "type";
    return ok;
  }

  // {lang=xx} prefix, then text of at most `limit` characters (RTE 4.1.1.7 localized_string).
  function langString(limit) {
    return (value) => {
      let text = value;
      const match = /^\{lang=([^}]*)\}/.exec(value);
      if (match) {
        if (!LANGUAGE.test(match[1]) || !match[1]) return "type";
        text = value.slice(match[0].length);
      }
      return text.length <= limit ? ok : "type";
    };
  }

  // ---- SCORM 1.2 interaction responses (RTE 1.2 section 3.4.2.7.4-5) ----------------------

  function charList12(value, allowSet) {
    let text = value;
    if (allowSet && text.startsWith("{") && text.endsWith("}")) text = text.slice(1, -1);
    if (text === "") return true;
    return text.split(",").every((item) => SINGLE_CHAR_12.test(item));
  }

  function response12(type, value, isPattern) {
    if (value.length > 255) return "type";
    switch (type) {
      case "true-false":
        return /^[01tf]$/.test(value) ? ok : "type";
      case "choice":
      case "sequencing":
        return charList12(value, isPattern && type === "choice") ? ok : "type";
      case "likert":
        return value === "" || SINGLE_CHAR_12.test(value) ? ok : "type";
      case "numeric":
        return DECIMAL_12.test(value) ? ok : "type";
      case "matching": {
        let text = value;
        if (isPattern && text.startsWith("{") && text.endsWith("}")) text = text.slice(1, -1);
        const pairs = text.split(",");
        return pairs.every((pair) => /^[0-9a-z]\.[0-9a-z]$/.test(pair)) ? ok : "type";
      }
      default:
        return ok; // fill-in, performance, or a type not set: CMIString255
    }
  }

  // ---- SCORM 2004 interaction responses (RTE 4.1.6.5, 4.1.6.7, appendix C) ---------------

  const RESPONSE_PREFIXES = /^\{(case_matters|order_matters)=(true|false)\}/;

  function stripPrefixes(value, allowed) {
    let text = value;
    const seen = new Set();
    for (;;) {
      const match = RESPONSE_PREFIXES.exec(text);
      if (!match || !allowed.includes(match[1]) || seen.has(match[1])) break;
      seen.add(match[1]);
      text = text.slice(match[0].length);
    }
    return text;
  }

  function uniqueIds(items) {
    return items.every((item) => SHORT_ID.test(item)) && new Set(items).size === items.length;
  }

  function localizedItems(text, limit) {
    const check = langString(limit);
    return text.split("[,]").every((item) => check(item) === ok);
  }

  function stepAnswer(answer) {
    if (answer.includes("[:]")) return numericRange(answer);
    return answer.length <= 250 && answer !== "";
  }

  function numericRange(text) {
    const parts = text.split("[:]");
    if (parts.length !== 2) return false;
    if (parts.some((part) => part !== "" && !REAL.test(part))) return false;
    return parts[0] === "" || parts[1] === "" || Number(parts[0]) <= Number(parts[1]);
  }

  function response2004(type, value, isPattern) {
    switch (type) {
      case "true-false":
        return value === "true" || value === "false";
      case "choice":
        return value === "" || uniqueIds(value.split("[,]"));
      case "sequencing":
        return value !== "" && value.split("[,]").every((item) => SHORT_ID.test(item));
      case "likert":
        return SHORT_ID.test(value);
      case "fill-in": {
        const text = isPattern ? stripPrefixes(value, ["case_matters", "order_matters"]) : value;
        return localizedItems(text, 250);
      }
      case "long-fill-in": {
        const text = isPattern ? stripPrefixes(value, ["case_matters"]) : value;
        return langString(4000)(text) === ok;
      }
      case "matching":
        return value.split("[,]").every((pair) => {
          const parts = pair.split("[.]");
          return parts.length === 2 && SHORT_ID.test(parts[0]) && SHORT_ID.test(parts[1]);
        });
      case "performance": {
        const text = isPattern ? stripPrefixes(value, ["order_matters"]) : value;
        return text.split("[,]").every((step) => {
          const parts = step.split("[.]");
          if (parts.length !== 2 || (parts[0] === "" && parts[1] === "")) return false;
          return (parts[0] === "" || SHORT_ID.test(parts[0])) && (parts[1] === "" || stepAnswer(parts[1]));
        });
      }
      case "numeric":
        return isPattern ? numericRange(value) : REAL.test(value);
      case "other":
        return value.length <= 4000;
      default:
        return false;
    }
  }

  // ---- the two data models ---------------------------------------------------------------
  // Element patterns use "n" for an array index. access: ro, rw, wo.

  const SCORM12 = {
    version: "1.2",
    elements: {
      "cmi.core.student_id": { access: "ro" },
      "cmi.core.student_name": { access: "ro" },
      "cmi.core.lesson_location": { access: "rw", check: maxLength(255) },
      "cmi.core.credit": { access: "ro" },
      "cmi.core.lesson_status": {
        access: "rw",
        check: oneOf("passed", "completed", "failed", "incomplete", "browsed"),
      },
      "cmi.core.entry": { access: "ro" },
      "cmi.core.score.raw": { access: "rw", check: score12 },
      "cmi.core.score.min": { access: "rw", check: score12 },
      "cmi.core.score.max": { access: "rw", check: score12 },
      "cmi.core.total_time": { access: "ro" },
      "cmi.core.lesson_mode": { access: "ro" },
      "cmi.core.exit": { access: "wo", check: oneOf("time-out", "suspend", "logout", "") },
      "cmi.core.session_time": { access: "wo", check: test(TIMESPAN_12) },
      "cmi.suspend_data": { access: "rw", check: maxLength(4096) },
      "cmi.launch_data": { access: "ro" },
      "cmi.comments": { access: "rw", check: maxLength(4096) },
      "cmi.comments_from_lms": { access: "ro" },
      "cmi.objectives.n.id": { access: "rw", check: test(IDENTIFIER_12) },
      "cmi.objectives.n.score.raw": { access: "rw", check: score12 },
      "cmi.objectives.n.score.min": { access: "rw", check: score12 },
      "cmi.objectives.n.score.max": { access: "rw", check: score12 },
      "cmi.objectives.n.status": {
        access: "rw",
        check: oneOf("passed", "completed", "failed", "incomplete", "browsed", "not attempted"),
      },
      "cmi.student_data.mastery_score": { access: "ro" },
      "cmi.student_data.max_time_allowed": { access: "ro" },
      "cmi.student_data.time_limit_action": { access: "ro" },
      "cmi.student_preference.audio": { access: "rw", check: numberIn(INTEGER_SIGNED, -1, 100, "type") },
      "cmi.student_preference.language": { access: "rw", check: maxLength(255) },
      "cmi.student_preference.speed": { access: "rw", check: numberIn(INTEGER_SIGNED, -100, 100, "type") },
      "cmi.student_preference.text": { access: "rw", check: numberIn(INTEGER_SIGNED, -1, 1, "type") },
      "cmi.interactions.n.id": { access: "wo", check: test(IDENTIFIER_12) },
      "cmi.interactions.n.objectives.n.id": { access: "wo", check: test(IDENTIFIER_12) },
      "cmi.interactions.n.time": { access: "wo", check: test(TIME_12) },
      "cmi.interactions.n.type": {
        access: "wo",
        check: oneOf("true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"),
      },
      "cmi.interactions.n.correct_responses.n.pattern": { access: "wo", response: "pattern" },
      "cmi.interactions.n.weighting": { access: "wo", check: test(DECIMAL_12) },
      "cmi.interactions.n.student_response": { access: "wo", response: "response" },
      "cmi.interactions.n.result": {
        access: "wo",
        check: (v) => (["correct", "wrong", "unanticipated", "neutral"].includes(v) || DECIMAL_12.test(v) ? ok : "type"),
      },
      "cmi.interactions.n.latency": { access: "wo", check: test(TIMESPAN_12) },
    },
    children: {
      cmi: "core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions",
      "cmi.core": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
      "cmi.core.score": "raw,min,max",
      "cmi.objectives": "id,score,status",
      "cmi.objectives.n.score": "raw,min,max",
      "cmi.student_data": "mastery_score,max_time_allowed,time_limit_action",
      "cmi.student_preference": "audio,language,speed,text",
      "cmi.interactions": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency",
    },
    arrays: ["cmi.objectives", "cmi.interactions", "cmi.interactions.n.objectives", "cmi.interactions.n.correct_responses"],
    errors: {
      0: "No error",
      101: "General exception",
      201: "Invalid argument error",
      202: "Element cannot have children",
      203: "Element not an array - cannot have count",
      301: "Not initialized",
      401: "Not implemented error",
      402: "Invalid set value, element is a keyword",
      403: "Element is read only",
      404: "Element is write only",
      405: "Incorrect data type",
    },
  };

  function score12(value) {
    if (value === "") return ok; // CMIBlank: no score
    if (!DECIMAL_12.test(value)) return "type";
    const number = Number(value);
    return number >= 0 && number <= 100 ? ok : "type";
  }

  const REAL_ANY = numberIn(REAL, null, null, "range");
  const SCORM2004 = {
    version: "2004",
    elements: {
      "cmi._version": { access: "ro" },
      "cmi.comments_from_learner.n.comment": { access: "rw", check: langString(4000) },
      "cmi.comments_from_learner.n.location": { access: "rw", check: maxLength(250) },
      "cmi.comments_from_learner.n.timestamp": { access: "rw", check: test(TIME_2004) },
      "cmi.comments_from_lms.n.comment": { access: "ro" },
      "cmi.comments_from_lms.n.location": { access: "ro" },
      "cmi.comments_from_lms.n.timestamp": { access: "ro" },
      "cmi.completion_status": { access: "rw", check: oneOf("completed", "incomplete", "not attempted", "unknown") },
      "cmi.completion_threshold": { access: "ro" },
      "cmi.credit": { access: "ro" },
      "cmi.entry": { access: "ro" },
      "cmi.exit": { access: "wo", check: oneOf("time-out", "suspend", "logout", "normal", "") },
      "cmi.interactions.n.id": { access: "rw", check: test(LONG_ID) },
      "cmi.interactions.n.type": {
        access: "rw",
        check: oneOf("true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other"),
      },
      "cmi.interactions.n.objectives.n.id": { access: "rw", check: test(LONG_ID) },
      "cmi.interactions.n.timestamp": { access: "rw", check: test(TIME_2004) },
      "cmi.interactions.n.correct_responses.n.pattern": { access: "rw", response: "pattern" },
      "cmi.interactions.n.weighting": { access: "rw", check: REAL_ANY },
      "cmi.interactions.n.learner_response": { access: "rw", response: "response" },
      "cmi.interactions.n.result": {
        access: "rw",
        check: (v) => (["correct", "incorrect", "unanticipated", "neutral"].includes(v) || REAL.test(v) ? ok : "type"),
      },
      "cmi.interactions.n.latency": { access: "rw", check: duration },
      "cmi.interactions.n.description": { access: "rw", check: langString(250) },
      "cmi.launch_data": { access: "ro" },
      "cmi.learner_id": { access: "ro" },
      "cmi.learner_name": { access: "ro" },
      "cmi.learner_preference.audio_level": { access: "rw", check: numberIn(REAL, 0, null, "range") },
      "cmi.learner_preference.language": { access: "rw", check: test(LANGUAGE) },
      "cmi.learner_preference.delivery_speed": { access: "rw", check: numberIn(REAL, 0, null, "range") },
      "cmi.learner_preference.audio_captioning": { access: "rw", check: oneOf("-1", "0", "1") },
      "cmi.location": { access: "rw", check: maxLength(1000) },
      "cmi.max_time_allowed": { access: "ro" },
      "cmi.mode": { access: "ro" },
      "cmi.objectives.n.id": { access: "rw", check: test(LONG_ID) },
      "cmi.objectives.n.score.scaled": { access: "rw", check: numberIn(REAL, -1, 1, "range") },
      "cmi.objectives.n.score.raw": { access: "rw", check: REAL_ANY },
      "cmi.objectives.n.score.min": { access: "rw", check: REAL_ANY },
      "cmi.objectives.n.score.max": { access: "rw", check: REAL_ANY },
      "cmi.objectives.n.success_status": { access: "rw", check: oneOf("passed", "failed", "unknown") },
      "cmi.objectives.n.completion_status": {
        access: "rw",
        check: oneOf("completed", "incomplete", "not attempted", "unknown"),
      },
      "cmi.objectives.n.progress_measure": { access: "rw", check: numberIn(REAL, 0, 1, "range") },
      "cmi.objectives.n.description": { access: "rw", check: langString(250) },
      "cmi.progress_measure": { access: "rw", check: numberIn(REAL, 0, 1, "range") },
      "cmi.scaled_passing_score": { access: "ro" },
      "cmi.score.scaled": { access: "rw", check: numberIn(REAL, -1, 1, "range") },
      "cmi.score.raw": { access: "rw", check: REAL_ANY },
      "cmi.score.min": { access: "rw", check: REAL_ANY },
      "cmi.score.max": { access: "rw", check: REAL_ANY },
      "cmi.session_time": { access: "wo", check: duration },
      "cmi.success_status": { access: "rw", check: oneOf("passed", "failed", "unknown") },
      "cmi.suspend_data": { access: "rw", check: maxLength(64000) },
      "cmi.time_limit_action": { access: "ro" },
      "cmi.total_time": { access: "ro" },
      "adl.nav.request": { access: "rw", check: navRequest },
      "adl.nav.request_valid.continue": { access: "ro" },
      "adl.nav.request_valid.previous": { access: "ro" },
    },
    children: {
      "cmi.comments_from_learner": "comment,location,timestamp",
      "cmi.comments_from_lms": "comment,location,timestamp",
      "cmi.interactions": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
      "cmi.learner_preference": "audio_level,language,delivery_speed,audio_captioning",
      "cmi.objectives": "id,score,success_status,completion_status,progress_measure,description",
      "cmi.objectives.n.score": "scaled,raw,min,max",
      "cmi.score": "scaled,raw,min,max",
    },
    arrays: [
      "cmi.comments_from_learner",
      "cmi.comments_from_lms",
      "cmi.interactions",
      "cmi.interactions.n.objectives",
      "cmi.interactions.n.correct_responses",
      "cmi.objectives",
    ],
    errors: {
      0: "No Error",
      101: "General Exception",
      102: "General Initialization Failure",
      103: "Already Initialized",
      104: "Content Instance Terminated",
      111: "General Termination Failure",
      112: "Termination Before Initialization",
      113: "Termination After Termination",
      122: "Retrieve Data Before Initialization",
      123: "Retrieve Data After Termination",
      132: "Store Data Before Initialization",
      133: "Store Data After Termination",
      142: "Commit Before Initialization",
      143: "Commit After Termination",
      201: "General Argument Error",
      301: "General Get Failure",
      351: "General Set Failure",
      391: "General Commit Failure",
      401: "Undefined Data Model Element",
      402: "Unimplemented Data Model Element",
      403: "Data Model Element Value Not Initialized",
      404: "Data Model Element Is Read Only",
      405: "Data Model Element Is Write Only",
      406: "Data Model Element Type Mismatch",
      407: "Data Model Element Value Out Of Range",
      408: "Data Model Dependency Not Established",
    },
  };

  function navRequest(value) {
    const plain = ["continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_"];
    if (plain.includes(value)) return ok;
    return /^\{target=[^}\s]+\}(choice|jump)$/.test(value) ? ok : "type";
  }

  // Correct-response patterns allowed per interaction type (RTE 4.1.6.5 SPM where it is 1).
  const SINGLE_PATTERN_TYPES = ["true-false", "likert", "numeric", "other"];

  // What the LMS holds when a learner first launches a SCO (RTE 1.2 3.4.2, 2004 4.2).
  function freshAttempt(version, learner) {
    const name = (learner && learner.name) || "Learner, Preview";
    const id = (learner && learner.id) || "preview-learner";
    if (version === "1.2") {
      return {
        "cmi.core.student_id": id,
        "cmi.core.student_name": name,
        "cmi.core.lesson_location": "",
        "cmi.core.credit": "credit",
        "cmi.core.lesson_status": "not attempted",
        "cmi.core.entry": "ab-initio",
        "cmi.core.score.raw": "",
        "cmi.core.score.min": "",
        "cmi.core.score.max": "",
        "cmi.core.total_time": "0000:00:00.00",
        "cmi.core.lesson_mode": "normal",
        "cmi.suspend_data": "",
        "cmi.launch_data": "",
        "cmi.comments": "",
        "cmi.comments_from_lms": "",
        "cmi.student_data.mastery_score": "",
        "cmi.student_data.max_time_allowed": "",
        "cmi.student_data.time_limit_action": "continue,no message",
        "cmi.student_preference.audio": "0",
        "cmi.student_preference.language": "",
        "cmi.student_preference.speed": "0",
        "cmi.student_preference.text": "0",
      };
    }
    return {
      "cmi._version": "1.0",
      "cmi.completion_status": "unknown",
      "cmi.credit": "credit",
      "cmi.entry": "ab-initio",
      "cmi.launch_data": "",
      "cmi.learner_id": id,
      "cmi.learner_name": name,
      "cmi.learner_preference.audio_level": "1",
      "cmi.learner_preference.language": "",
      "cmi.learner_preference.delivery_speed": "1",
      "cmi.learner_preference.audio_captioning": "0",
      "cmi.mode": "normal",
      "cmi.success_status": "unknown",
      "cmi.time_limit_action": "continue,no message",
      "cmi.total_time": "PT0S",
      "adl.nav.request": "_none_",
      "adl.nav.request_valid.continue": "unknown",
      "adl.nav.request_valid.previous": "unknown",
    };
  }

  // ---- the API object --------------------------------------------------------------------

  /**
   * Create the LMS-side API of one SCO launch.
   * @param {"1.2"|"2004"} version
   * @param {object} options  values: {element: value} the LMS provides or restores, over a
   *   fresh attempt's; arrays: {array name: count} restored; learner: {id, name};
   *   onCall(event) is told about every call.
   */
  function createApi(version, options) {
    const model = version === "1.2" ? SCORM12 : SCORM2004;
    const values = Object.assign(freshAttempt(model.version, options && options.learner), options && options.values);
    const counts = Object.assign({}, options && options.arrays);
    const onCall = (options && options.onCall) || function () {};
    const is12 = model.version === "1.2";
    let state = "not initialized"; // → "running" → "terminated"
    let lastError = 0;
    let diagnostic = "";

    function fail(code, detail) {
      lastError = code;
      diagnostic = detail || "";
      return code;
    }

    function succeed() {
      lastError = 0;
      diagnostic = "";
      return 0;
    }

    // Match a concrete name to its pattern; return {pattern, indexes: [[arrayName, index]]}.
    function parse(name) {
      const parts = name.split(".");
      const patternParts = [];
      const indexes = [];
      for (let i = 0; i < parts.length; i++) {
        if (/^\d+$/.test(parts[i]) && i > 0) {
          const arrayName = parts.slice(0, i).join(".");
          indexes.push([arrayName, Number(parts[i])]);
          patternParts.push("n");
        } else {
          patternParts.push(parts[i]);
        }
      }
      return { pattern: patternParts.join("."), indexes: indexes };
    }

    function isContainer(pattern) {
      return Object.prototype.hasOwnProperty.call(model.children, pattern) || model.arrays.includes(pattern);
    }

    function isKnown(pattern) {
      return Object.prototype.hasOwnProperty.call(model.elements, pattern) || isContainer(pattern) || pattern === "cmi";
    }

    function stateError(kind) {
      // kind: get, set, commit
      if (state === "running") return 0;
      if (is12) return 301;
      const codes = { get: [122, 123], set: [132, 133], commit: [142, 143] }[kind];
      return state === "not initialized" ? codes[0] : codes[1];
    }

    function count(arrayName) {
      return counts[arrayName] || 0;
    }

    function getValue(name) {
      name = String(name);
      const blocked = stateError("get");
      if (blocked) return fail(blocked, "the API is " + state), "";
      if (name === "") return fail(is12 ? 201 : 301, "no element name"), "";
      const parts = name.split(".");
      const keyword = parts[parts.length - 1];
      if (keyword === "_children" || keyword === "_count") {
        const container = parse(parts.slice(0, -1).join("."));
        if (!isKnown(container.pattern)) return fail(is12 ? 201 : 401, name + " is not a data model element"), "";
        if (keyword === "_children") {
          const children = model.children[container.pattern];
          if (children === undefined) return fail(is12 ? 202 : 301, container.pattern + " has no children"), "";
          return succeed(), children;
        }
        if (!model.arrays.includes(container.pattern)) return fail(is12 ? 203 : 301, container.pattern + " is not an array"), "";
        return succeed(), String(count(parts.slice(0, -1).join(".")));
      }
      if (is12 && keyword === "_version") return fail(201, "SCORM 1.2 has no _version"), "";
      const parsed = parse(name);
      const element = model.elements[parsed.pattern];
      if (!element) return fail(is12 ? 201 : 401, name + " is not a data model element"), "";
      for (const [arrayName, index] of parsed.indexes) {
        if (index >= count(arrayName)) return fail(is12 ? 201 : 301, arrayName + " has no entry " + index), "";
      }
      if (element.access === "wo") return fail(is12 ? 404 : 405, name + " is write-only"), "";
      if (!Object.prototype.hasOwnProperty.call(values, name)) {
        // SCORM 2004: an element nothing has set yet answers "" with 403.
        if (is12) return succeed(), "";
        return fail(403, name + " has no value yet"), "";
      }
      return succeed(), values[name];
    }

    function setValue(name, value) {
      name = String(name);
      value = String(value);
      const blocked = stateError("set");
      if (blocked) return fail(blocked, "the API is " + state);
      if (name === "") return fail(is12 ? 201 : 351, "no element name");
      const parts = name.split(".");
      const keyword = parts[parts.length - 1];
      if (keyword === "_children" || keyword === "_count" || keyword === "_version") {
        const container = parse(parts.slice(0, -1).join("."));
        if (!isKnown(container.pattern) && name !== "cmi._version") {
          return fail(is12 ? 201 : 401, name + " is not a data model element");
        }
        return fail(is12 ? 402 : 404, name + " is a keyword and read-only");
      }
      const parsed = parse(name);
      const element = model.elements[parsed.pattern];
      if (!element) return fail(is12 ? 201 : 401, name + " is not a data model element");
      if (element.access === "ro") return fail(is12 ? 403 : 404, name + " is read-only");
      const added = [];
      for (const [arrayName, index] of parsed.indexes) {
        const current = count(arrayName);
        if (index > current) return fail(is12 ? 201 : 351, arrayName + "." + index + " skips entries: _count is " + current);
        if (index === current) added.push(arrayName);
      }
      // An entry can only be added by its innermost array; its parents must exist already.
      if (added.length > 1 || (added.length === 1 && added[0] !== parsed.indexes[parsed.indexes.length - 1][0])) {
        return fail(is12 ? 201 : 351, "set the parent entry first");
      }
      if (!is12) {
        const dependency = dependencyProblem(name, parsed, added);
        if (dependency) return fail(408, dependency);
      }
      const problem = element.response ? responseProblem(name, value, element.response === "pattern") : element.check(value);
      if (problem) {
        const code = is12 ? 405 : problem === "range" ? 407 : 406;
        return fail(code, JSON.stringify(value) + " is not a valid value for " + name);
      }
      if (!is12) {
        const conflict = uniquenessProblem(name, parsed, value, added);
        if (conflict) return fail(351, conflict);
      }
      for (const arrayName of added) counts[arrayName] = count(arrayName) + 1;
      values[name] = value;
      return succeed();
    }

    // SCORM 2004 RTE 4.1.6 / 4.1.7: an interaction or objective needs its id first, and an
    // interaction's responses need its type.
    function dependencyProblem(name, parsed, added) {
      const match = /^(cmi\.(?:interactions|objectives)\.\d+)\.(.+)$/.exec(name);
      if (!match || match[2] === "id") return null;
      if (added.includes(match[1].replace(/\.\d+$/, "")) || !has(match[1] + ".id")) {
        return match[1] + ".id must be set before " + name;
      }
      if (/^(correct_responses\.\d+\.pattern|learner_response)$/.test(match[2]) && !has(match[1] + ".type")) {
        return match[1] + ".type must be set before " + name;
      }
      return null;
    }

    function has(name) {
      return Object.prototype.hasOwnProperty.call(values, name);
    }

    function responseProblem(name, value, isPattern) {
      const interaction = /^cmi\.interactions\.\d+/.exec(name)[0];
      const type = values[interaction + ".type"];
      if (is12) return response12(type, value, isPattern);
      return response2004(type, value, isPattern) ? ok : "type";
    }

    function uniquenessProblem(name, parsed, value, added) {
      // Objective ids are unique within their array (RTE 4.1.7.1); an id once set stays.
      let match = /^(cmi\.objectives|cmi\.interactions\.\d+\.objectives)\.(\d+)\.id$/.exec(name);
      if (match) {
        const prefix = match[1];
        for (let i = 0; i < count(prefix); i++) {
          if (String(i) !== match[2] && values[prefix + "." + i + ".id"] === value) {
            return value + " is already the id of " + prefix + "." + i;
          }
        }
        if (prefix === "cmi.objectives" && has(name) && values[name] !== value) return "an objective's id cannot change";
      }
      match = /^(cmi\.interactions\.\d+)\.correct_responses\.(\d+)\.pattern$/.exec(name);
      if (match && SINGLE_PATTERN_TYPES.includes(values[match[1] + ".type"]) && match[2] !== "0") {
        return values[match[1] + ".type"] + " interactions have one correct response pattern";
      }
      return null;
    }

    function lifecycle(kind, argument) {
      const names = is12
        ? { initialize: "LMSInitialize", terminate: "LMSFinish", commit: "LMSCommit" }
        : { initialize: "Initialize", terminate: "Terminate", commit: "Commit" };
      if (argument !== "" && argument !== undefined && argument !== null) {
        return fail(201, names[kind] + " takes an empty string");
      }
      if (kind === "initialize") {
        if (state === "running") return fail(is12 ? 101 : 103, "already initialized");
        if (state === "terminated") return fail(is12 ? 101 : 104, "this launch has terminated");
        state = "running";
        return succeed();
      }
      if (kind === "terminate") {
        if (state !== "running") {
          if (is12) return fail(301, "not initialized");
          return fail(state === "terminated" ? 113 : 112, "the API is " + state);
        }
        state = "terminated";
        return succeed();
      }
      const blocked = stateError("commit");
      if (blocked) return fail(blocked, "the API is " + state);
      return succeed();
    }

    function report(call, element, value, result) {
      onCall({
        call: call,
        element: element,
        value: value,
        result: result,
        error: lastError,
        diagnostic: diagnostic,
        state: state,
      });
      return result;
    }

    const bool = (code) => (code === 0 ? "true" : "false");
    const api = {};
    const names = is12
      ? ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"]
      : ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError", "GetErrorString", "GetDiagnostic"];
    api[names[0]] = (argument) => report(names[0], "", "", bool(lifecycle("initialize", argument)));
    api[names[1]] = (argument) => report(names[1], "", "", bool(lifecycle("terminate", argument)));
    api[names[2]] = (name) => report(names[2], String(name), "", getValue(name));
    api[names[3]] = (name, value) => report(names[3], String(name), String(value), bool(setValue(name, value)));
    api[names[4]] = (argument) => report(names[4], "", "", bool(lifecycle("commit", argument)));
    api[names[5]] = () => String(lastError);
    api[names[6]] = (code) => model.errors[Number(code)] || "";
    api[names[7]] = () => diagnostic;
    // For the simulator page, not for SCOs.
    Object.defineProperty(api, "courseforge", {
      value: {
        version: model.version,
        values: values,
        counts: counts,
        state: () => state,
      },
    });
    return api;
  }

  root.CourseforgeScorm = { createApi: createApi, freshAttempt: freshAttempt, SCORM12: SCORM12, SCORM2004: SCORM2004 };
})(typeof window !== "undefined" ? window : globalThis);
