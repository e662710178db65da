/* What the SCORM 1.2 and SCORM 2004 tracking adapters share.
 *
 * Not loaded on its own: the scorm12/scorm2004 targets concatenate this file and one dialect
 * file (scorm12.js or scorm2004.js) inside one function scope, and ship the result as
 * runtime/adapters/<target>.js. A dialect describes its data model element names, value
 * formats and limits; everything else (discovery, session, throttled commits, retries) is here.
 */

// At most one Commit per interval: committing on every click freezes slow LMSs.
var COMMIT_INTERVAL_MS = 2000;
var RETRY_MAX_MS = 30000;
// A value the LMS refuses this many times is dropped (logged), so one bad value cannot
// block the commits of everything else.
var SET_ATTEMPTS = 3;

// Status lines in the course's language, from the runtime's message lookup.
function t(id, args) {
  return window.courseforgeText ? window.courseforgeText(id, args) : id;
}

function readWindowProperty(win, name) {
  try {
    return win[name] || null;
  } catch (error) {
    return null; // a cross-origin frame: keep climbing past it
  }
}

/* Walk up the parents of `win` (at most maxHops) looking for the API object. */
function climbForApi(win, name, maxHops) {
  for (var hops = 0; win; hops++) {
    var api = readWindowProperty(win, name);
    if (api) return api;
    var parent = readWindowProperty(win, "parent");
    if (!parent || parent === win || hops >= maxHops) return null;
    win = parent;
  }
  return null;
}

/* The standards' discovery: this window and its parents, then the opener and its parents. */
function findApi(name, maxHops) {
  var api = climbForApi(window, name, maxHops);
  if (api) return api;
  var opener = readWindowProperty(window, "opener");
  if (opener) api = climbForApi(opener, name, maxHops);
  if (api) return api;
  var top = readWindowProperty(window, "top");
  var topOpener = top && top !== window ? readWindowProperty(top, "opener") : null;
  return topOpener ? climbForApi(topOpener, name, maxHops) : null;
}

function roundTo(value, digits) {
  var factor = Math.pow(10, digits);
  return Math.round(value * factor) / factor;
}

function decimal(value) {
  return String(roundTo(Number(value), 7));
}

/* Single-character identifiers by authored position (SCORM 1.2 allows only 0-9 and a-z): the
 * build's choice-id alphabet (course data runtime.choiceIds). */
function positionLetter(items, id, letters) {
  for (var i = 0; i < items.length; i++) {
    if (items[i].id === id) return letters.charAt(i);
  }
  return "";
}

/* Nothing left to do in this attempt (a record from an older runtime has no "finished"). */
function isFinished(record) {
  if (!record) return false;
  return record.finished === undefined ? Boolean(record.completed) : Boolean(record.finished);
}

function createScormAdapter(dialect) {
  var api = null;
  var connected = false;
  var terminated = false;
  var mode = "normal";
  var course = {};
  var startedAt = Date.now();
  var setStatusLine = function () {};
  var statusShown = "";

  var record = null;
  var state = null;
  var location = null;
  // Interactions by key: one entry per question, updated in place when re-checked.
  var interactions = [];
  var interactionIndex = {};
  var nextInteraction = 0;

  var written = {}; // element -> value the LMS accepted
  var refusals = {}; // element -> refused SetValue count
  var timer = null;
  var timerDue = 0;
  var lastCommitAt = 0;
  var retryDelay = 0;

  function say(method, text) {
    console[method]("courseforge " + dialect.name + ": " + text);
  }

  function tracking() {
    return connected && !terminated && mode === "normal";
  }

  function showStatus(text) {
    if (text === statusShown) return;
    statusShown = text;
    try {
      setStatusLine(text);
    } catch (error) {
      say("warn", "setStatus failed: " + error);
    }
  }

  function lmsError(call) {
    var code = "";
    var text = "";
    var diagnostic = "";
    try {
      code = String(api[dialect.calls.lastError]());
      text = String(api[dialect.calls.errorString](code));
      diagnostic = String(api[dialect.calls.diagnostic](code));
    } catch (error) {
      diagnostic = String(error);
    }
    var detail = diagnostic && diagnostic !== text ? " - " + diagnostic : "";
    return { code: code, message: call + " failed: error " + code + " (" + text + ")" + detail };
  }

  function logError(call) {
    var error = lmsError(call);
    say("warn", error.message);
    return error;
  }

  function invoke(call, args) {
    try {
      return String(api[call].apply(api, args)) === "true";
    } catch (error) {
      say("warn", call + " threw " + error);
      return false;
    }
  }

  function getValue(element) {
    var value;
    try {
      value = api[dialect.calls.get](element);
    } catch (error) {
      say("warn", dialect.calls.get + " threw " + error);
      return "";
    }
    var code = "0";
    try {
      code = String(api[dialect.calls.lastError]());
    } catch (error) {
      code = "0";
    }
    if (code !== "0" && code !== "" && dialect.quietGetErrors.indexOf(code) < 0) {
      logError(dialect.calls.get + '("' + element + '")');
    }
    return value === null || value === undefined ? "" : String(value);
  }

  function setValue(element, value) {
    if (invoke(dialect.calls.set, [element, value])) {
      written[element] = value;
      delete refusals[element];
      return;
    }
    refusals[element] = (refusals[element] || 0) + 1;
    var error = logError(dialect.calls.set + '("' + element + '", "' + value.slice(0, 80) + '")');
    if (refusals[element] >= SET_ATTEMPTS) {
      say("warn", "giving up on " + element + " after error " + error.code);
    }
  }

  function plannedWrites() {
    var writes = [];
    if (record) writes = writes.concat(dialect.recordWrites(record, course));
    if (location !== null && location.length > dialect.locationLimit) {
      say("error", "a location over " + dialect.locationLimit + " characters is not saved");
    } else if (location !== null) {
      writes.push([dialect.elements.location, location]);
    }
    // The build guarantees the course's worst case fits; never truncate a state string.
    if (state !== null && state.length > dialect.suspendDataLimit) {
      say("error", "a state of " + state.length + " characters exceeds suspend_data, not saved");
    } else if (state !== null) {
      writes.push([dialect.elements.suspendData, state]);
    }
    interactions.forEach(function (entry) {
      writes = writes.concat(dialect.interactionWrites(entry.index, entry.interaction, course));
    });
    // A finished attempt ends ("normal"/""), so the LMS can offer a new one; else it resumes.
    writes.push([dialect.elements.exit, isFinished(record) ? dialect.exitDone : "suspend"]);
    writes.push([dialect.elements.sessionTime, dialect.sessionTime(Date.now() - startedAt)]);
    return writes;
  }

  function pushValues() {
    plannedWrites().forEach(function (write) {
      var element = write[0];
      if (write[1] === null || write[1] === undefined) return; // nothing valid to say
      var value = String(write[1]);
      if (written[element] === value || (refusals[element] || 0) >= SET_ATTEMPTS) return;
      setValue(element, value);
    });
  }

  function commitNow() {
    clearTimeout(timer);
    timer = null;
    if (!tracking()) return;
    pushValues();
    lastCommitAt = Date.now();
    if (invoke(dialect.calls.commit, [""])) {
      retryDelay = 0;
      showStatus("");
      return;
    }
    logError(dialect.calls.commit + '("")');
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 1000, RETRY_MAX_MS);
    showStatus(t("status.lms_retrying"));
    schedule(retryDelay);
  }

  /* Commit within `delay` ms, but never sooner than COMMIT_INTERVAL_MS after the last one. */
  function schedule(delay) {
    if (!tracking()) return;
    var due = Math.max(Date.now() + delay, lastCommitAt + COMMIT_INTERVAL_MS);
    if (timer !== null && timerDue <= due) return;
    clearTimeout(timer);
    timerDue = due;
    timer = setTimeout(commitNow, Math.max(0, due - Date.now()));
  }

  function readSession() {
    var found = {};
    var modeValue = getValue(dialect.elements.mode);
    mode = modeValue === "browse" || modeValue === "review" ? modeValue : "normal";
    var entry = getValue(dialect.elements.entry);
    // "ab-initio" in normal mode starts a new attempt: anything the LMS still holds is stale.
    // A review or browse launch says "ab-initio" too (Moodle does), yet shows the saved attempt.
    var fresh = mode === "normal" && entry === "ab-initio";
    var saved = fresh ? "" : getValue(dialect.elements.suspendData);
    var bookmark = fresh ? "" : getValue(dialect.elements.location);
    found.state = saved || null;
    found.location = bookmark || null;
    found.learnerName = dialect.learnerName(getValue(dialect.elements.learnerName)) || null;
    var count = parseInt(getValue(dialect.elements.interactionCount), 10);
    nextInteraction = isNaN(count) ? 0 : count;
    if (dialect.readInteractionKey) {
      for (var i = 0; i < nextInteraction; i++) {
        var key = dialect.readInteractionKey(getValue, i);
        if (key) interactionIndex[key] = i;
      }
    }
    return found;
  }

  /* The session's end: final values, then LMSFinish/Terminate, which persist them itself. No
     Commit here: during page dismissal a synchronous-XHR Commit can only fail. */
  function end() {
    if (!connected || terminated) return;
    clearTimeout(timer);
    timer = null;
    if (mode === "normal") pushValues();
    terminated = true;
    if (!invoke(dialect.calls.terminate, [""])) logError(dialect.calls.terminate + '("")');
  }

  var adapter = {
    name: dialect.name,

    start: function (courseData, setStatus) {
      course = courseData || {};
      if (typeof setStatus === "function") setStatusLine = setStatus;
      startedAt = Date.now();
      var standalone = { state: null, location: null, mode: "normal", learnerName: null };
      try {
        api = findApi(dialect.apiName, dialect.maxHops);
        if (!api) {
          showStatus(t("status.no_lms"));
          return Promise.resolve(standalone);
        }
        if (!invoke(dialect.calls.initialize, [""])) {
          logError(dialect.calls.initialize + '("")');
          api = null;
          showStatus(t("status.lms_no_session"));
          return Promise.resolve(standalone);
        }
        connected = true;
        var found = readSession();
        return Promise.resolve({
          state: found.state,
          location: found.location,
          mode: mode,
          learnerName: found.learnerName,
        });
      } catch (error) {
        say("warn", "start failed: " + error);
        connected = false;
        showStatus(t("status.lms_failed"));
        return Promise.resolve(standalone);
      }
    },

    save: function (newState, newLocation) {
      if (!tracking()) return;
      state = newState === null || newState === undefined ? null : String(newState);
      location = newLocation === null || newLocation === undefined ? null : String(newLocation);
      schedule(0);
    },

    pageViewed: function () {},

    answered: function (interaction) {
      if (!tracking() || !interaction) return;
      var key = dialect.interactionKey(interaction);
      var index = interactionIndex[key];
      if (index === undefined) {
        index = nextInteraction++;
        interactionIndex[key] = index;
      }
      var entry = null;
      interactions.forEach(function (existing) {
        if (existing.index === index) entry = existing;
      });
      if (entry) entry.interaction = interaction;
      else interactions.push({ index: index, interaction: interaction });
      schedule(0);
    },

    status: function (newRecord) {
      if (!tracking() || !newRecord) return;
      record = newRecord;
      schedule(0);
    },

    // Hidden, maybe about to be closed: hand the LMS every value, commit later on the throttle.
    flush: function () {
      if (!tracking()) return;
      pushValues();
      schedule(0);
    },

    dismiss: end,

    finish: end,
  };
  return adapter;
}
