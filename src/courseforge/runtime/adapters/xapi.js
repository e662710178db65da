/* xAPI adapter, part 4 of 4: the tracking contract (docs/runtime-contract.md) for TinCan and
 * cmi5 launches. (Concatenated last; see targets/xapi.py.)
 *
 * The launch URL decides the flavour:
 *   cmi5   ?endpoint&fetch&actor&registration&activityId   (cmi5 spec §8.1)
 *   TinCan ?endpoint&auth&actor[&registration][&activity_id][&grouping]   (lms_lrs.md)
 * Without either, the course runs standalone with progress kept in this browser.
 *
 * One session: start → statements and state changes (sent soon, batched: xapi-sync.js) → the
 * end, exactly once: finish() (Exit) or dismiss() (the page goes away), which send any pending
 * verdict, TinCan's `suspended` while the attempt is unfinished, then `terminated`, and
 * nothing after it. Bookmark and runtime state go to the State API (stateId
 * "courseforge.state"); its `flags` record which once-per-registration verbs were sent, so no
 * later launch sends them again.
 */

// Status lines in the course's language, from the runtime's message lookup.
function t(id, args) {
  return window.courseforgeText ? window.courseforgeText(id, args) : id;
}

function XapiTracking() {
  this.name = "xapi";
  this.launch = null; // parsed launch parameters, null when standalone
  this.mode = "normal";
  this.queue = null;
  this.doc = null; // what courseforge.state holds for this registration
  this.session = null; // sessionStorage record of this launch session
  this.setStatus = function () {};
  this.ended = false; // finish() or dismiss() ran: nothing more may be sent
  this.syncTimer = null;
  this.syncDue = 0; // when syncTimer fires
  this.reconcile = false; // this browser holds a newer state than the LRS: write it first
  this.hiddenTask = null;
  this.stateSent = null; // learner data of the last state write that succeeded or is in flight
  this.stateWriting = null; // the promise of the state write in flight
  this.stateAbort = null; // cancels the state writes in flight (a cmi5 dismissal)
  this.stateFailures = 0;
  this.stateRetry = null;
  this.lastRecord = null;
}

var proto = XapiTracking.prototype;

proto.start = function (course, setStatus) {
  var self = this;
  this.course = courseFacts(course || {});
  this.setStatus = typeof setStatus === "function" ? setStatus : function () {};
  return this.begin().catch(function (error) {
    console.error("courseforge: xAPI start failed", error);
    self.launch = null;
    self.setStatus(t("status.lrs_unreachable", { error: error.message }));
    return self.standalone();
  });
};

proto.begin = async function () {
  var launch = readLaunch(window.location.search);
  if (!launch) {
    this.setStatus(t("status.not_launched"));
    return this.standalone();
  }
  if (launch.error) {
    this.setStatus(t("status.launch_invalid", { error: launch.error }));
    return this.standalone();
  }
  this.launch = launch;
  this.sessionKey = "courseforge.xapi.session:" + (launch.fetchUrl || window.location.href);
  this.session = readJson(sessionStorage, this.sessionKey);
  if (this.session && this.session.terminated) {
    if (launch.kind === "cmi5") {
      // cmi5 §9.3.8: nothing may follow "terminated" (a reload ends the session too); only a
      // new launch opens a new one. Meanwhile the learner sees the last state, read-only.
      this.launch = null;
      this.setStatus(t("status.session_ended"));
      var last = this.session.last || {};
      return { state: last.state || null, location: last.location || null, mode: "review", learnerName: null };
    }
    this.session = null; // TinCan: the LMS reused the launch link, so this is a new session
  }
  this.session = this.session || { id: uuid4(), startedAt: Date.now(), sent: {} };
  var scope = launch.endpoint + "|" + agentKey(launch.actor);
  if (launch.kind === "cmi5") {
    await this.beginCmi5(launch);
  } else {
    this.lrs = new Lrs(launch.endpoint, launch.authorization);
    this.objectId = launch.activityId || this.course.iri;
  }
  this.stateKey = "courseforge.xapi.state:" + scope + "|" + this.objectId + "|" + (launch.registration || "");
  var self = this;
  this.queue = new StatementQueue(this.lrs, "courseforge.xapi.queue:" + scope, function (queue, error) {
    self.showQueue(queue, error);
  });
  this.doc = await this.loadState();
  // The newer state a closed tab left here goes to the LRS before anything else (not in
  // Review/Browse, where the LMS forbids writes: it waits for a normal launch).
  if (this.reconcile && this.mode === "normal") await this.writeState(false);
  // TinCan has no launch mode: a registration whose attempt is over reopens for review.
  if (launch.kind === "tincan" && this.doc.flags.finished) this.mode = "review";
  // Time spent in earlier sessions, read once per session (a reload must not count it twice).
  if (this.session.timeBase === undefined) this.session.timeBase = this.doc.timeMs || 0;
  this.saveSession();
  await this.adoptLeftovers();
  this.openSession();
  addEventListener("online", function () {
    self.queue.retryNow();
  });
  this.scheduleSync(); // `initialized` travels with the first page's statements
  return {
    state: this.doc.state || null,
    location: this.doc.location || null,
    mode: this.mode,
    learnerName: this.launch.actor.name || null,
  };
};

proto.beginCmi5 = async function (launch) {
  var tokenKey = "courseforge.xapi.token:" + launch.fetchUrl;
  var token = sessionStorage.getItem(tokenKey);
  if (!token) {
    // cmi5 §8.2: POST once; the LMS refuses a second fetch, so a reload reuses the token.
    var response = await fetch(launch.fetchUrl, { method: "POST", cache: "no-store" });
    var answer = await response.json();
    if (!answer || !answer["auth-token"]) {
      var reason = answer && answer["error-text"] ? answer["error-text"] : "HTTP " + response.status;
      throw new Error("the LMS gave no launch token: " + reason);
    }
    token = answer["auth-token"];
    sessionStorage.setItem(tokenKey, token);
  }
  this.lrs = new Lrs(launch.endpoint, "Basic " + token);
  this.objectId = launch.activityId;
  var agent = JSON.stringify(launch.actor);
  var lrs = this.lrs;
  var launchData = await retrying(function () {
    return lrs.getDocument("activities/state", {
      stateId: "LMS.LaunchData",
      activityId: launch.activityId,
      agent: agent,
      registration: launch.registration,
    });
  });
  if (!launchData || !launchData.contextTemplate) {
    throw new Error("the LMS wrote no LMS.LaunchData for this launch");
  }
  // §11: read the learner preferences before any statement; 404 means there are none.
  this.preferences = await retrying(function () {
    return lrs.getDocument("agents/profile", { agent: agent, profileId: "cmi5LearnerPreferences" });
  });
  this.launchData = launchData;
  this.masteryScore = typeof launchData.masteryScore === "number" ? launchData.masteryScore : null;
  this.returnUrl = launchData.returnURL || null;
  var modes = { Normal: "normal", Browse: "browse", Review: "review" };
  this.mode = modes[launchData.launchMode] || "normal";
};

function retrying(work) {
  var attempt = 0;
  function run() {
    return work().catch(function (error) {
      attempt += 1;
      if (attempt >= STARTUP_TRIES) throw error;
      return sleep(RETRY_MIN_MS * attempt).then(run);
    });
  }
  return run();
}

proto.standalone = function () {
  this.launch = null;
  var saved = readJson(localStorage, "courseforge.xapi.standalone:" + this.course.id) || {};
  this.doc = saved;
  return { state: saved.state || null, location: saved.location || null, mode: "normal", learnerName: null };
};

// cmi5: statements an earlier session of this registration left in this browser. A closed
// tab's last request was sent but its answer never seen: what the LRS has is dropped (one GET
// per statement). The rest (the tab died while the LRS was unreachable; the LMS closed that
// session as "abandoned") join this one: its session id and a timestamp after this
// `initialized`; that session's own initialized/terminated go. In Review/Browse they wait for
// a normal session.
proto.adoptLeftovers = async function () {
  if (this.launch.kind !== "cmi5") return;
  var sessionId = this.launchData.contextTemplate.extensions[CMI5.sessionId];
  var registration = this.launch.registration;
  var olderHere = function (s) {
    var context = s.context || {};
    var sid = (context.extensions || {})[CMI5.sessionId];
    return context.registration === registration && sid !== sessionId;
  };
  var older = this.queue.items.filter(olderHere);
  if (!older.length) return;
  var lrs = this.lrs;
  var stored = await Promise.all(
    older.map(function (s) {
      return lrs.getDocument("statements", { statementId: s.id }).then(Boolean, function () {
        return false;
      });
    })
  );
  var known = {};
  older.forEach(function (s, i) {
    if (stored[i]) known[s.id] = true;
  });
  var unsent = function (s) {
    return !known[s.id];
  };
  if (this.mode !== "normal") {
    this.queue.items = this.queue.items.filter(unsent);
    this.queue.persist();
    this.queue.held = olderHere;
    return;
  }
  var adopted = [];
  this.queue.items = this.queue.items.filter(function (s) {
    if (!olderHere(s)) return true;
    var verb = s.verb.id;
    if (unsent(s) && verb !== VERBS.initialized && verb !== VERBS.terminated) adopted.push(s);
    return false;
  });
  this.queue.persist();
  this.leftovers = adopted;
};

proto.saveSession = function () {
  writeJson(sessionStorage, this.sessionKey, this.session);
};

proto.tracking = function () {
  return Boolean(this.launch) && !this.ended && !this.session.terminated;
};

proto.recording = function () {
  return this.tracking() && this.mode === "normal";
};

proto.elapsed = function () {
  return Date.now() - this.session.startedAt;
};

proto.totalTime = function () {
  return (this.session.timeBase || 0) + this.elapsed();
};

// ---- the contract ----------------------------------------------------------------------------

proto.save = function (state, location) {
  if (!this.launch) {
    this.doc = { state: state, location: location, savedAt: Date.now() };
    writeJson(localStorage, "courseforge.xapi.standalone:" + this.course.id, this.doc);
    return;
  }
  if (!this.recording()) return;
  if (this.doc.state === state && this.doc.location === location) return;
  this.doc.state = state;
  this.doc.location = location;
  this.touchState();
};

proto.pageViewed = function (page) {
  if (!this.recording() || !page || page.kind !== "lesson") return;
  var seen = this.session.experienced || (this.session.experienced = {});
  if (seen[page.id]) return;
  seen[page.id] = true;
  this.saveSession();
  this.sendAllowed("experienced", {
    objectType: "Activity",
    id: this.course.activityIri(page.id),
    definition: { type: ACTIVITY_TYPES.lesson, name: langMap(this.course.language, page.title) },
  });
};

proto.answered = function (interaction) {
  if (!this.recording() || !interaction) return;
  var lang = this.course.language;
  var result = {
    success: interaction.result === "correct",
    response: responseText(interaction),
  };
  if (typeof interaction.latencyMs === "number") result.duration = isoDuration(interaction.latencyMs);
  if (interaction.weighting > 0) {
    result.score = {
      raw: interaction.earned,
      min: 0,
      max: interaction.weighting,
      scaled: Math.round((interaction.earned / interaction.weighting) * 10000) / 10000,
    };
  }
  var quiz = {
    objectType: "Activity",
    id: this.course.activityIri(interaction.quizId),
    definition: { type: ACTIVITY_TYPES.assessment },
  };
  this.sendAllowed(
    "answered",
    {
      objectType: "Activity",
      id: interaction.iri,
      definition: interactionDefinition(lang, interaction),
    },
    result,
    quiz,
    interaction.timestamp
  );
};

// cmi5 §9.3: completed once per registration; passed once, and never failed after it; at most
// one of passed/failed per session. The verdict follows the LMS's masteryScore when the
// launch data has one. A cmi5 "failed" while attempts are left waits for the end of the
// session (finish/dismiss): the learner may still pass in this session, and then "passed"
// must be the session's only verdict. With nothing left to do it goes at once.
proto.status = function (record) {
  if (!record || !this.recording()) return;
  this.lastRecord = record;
  var flags = this.doc.flags;
  var changed = false;
  if (record.completed && !flags.completed) {
    flags.completed = true;
    changed = true;
    this.sendDefined("completed", { completion: true, duration: isoDuration(this.totalTime()) });
  }
  var verdict = this.verdict(record);
  if (verdict !== null && !flags.passed) {
    var result = { success: verdict, duration: isoDuration(this.totalTime()) };
    var score = scoreOf(record);
    if (score) result.score = score;
    var cmi5 = this.launch.kind === "cmi5";
    if (verdict && !(cmi5 && this.session.sent.failed)) {
      flags.passed = true;
      changed = true;
      this.session.pendingFailed = null;
      this.sendDefined("passed", result);
    } else if (!verdict) {
      var key = "failed:" + record.scoreScaled;
      if (flags.failedKey !== key && cmi5 && !isFinished(record)) {
        this.session.pendingFailed = { key: key, result: result };
        this.saveSession();
      } else if (flags.failedKey !== key && !(cmi5 && this.session.sent.failed)) {
        flags.failedKey = key;
        changed = true;
        this.session.pendingFailed = null;
        this.session.sent.failed = false; // TinCan: a new failing score is a new verdict
        this.sendDefined("failed", result);
      }
    }
  }
  if (isFinished(record) && !flags.finished) {
    flags.finished = true;
    changed = true;
  }
  if (changed) this.touchState(true); // once-per-registration facts: at once
};

// Nothing left to do in this attempt (the runtime says so; an older runtime without the field:
// every page done and nothing failed).
function isFinished(record) {
  if (typeof record.finished === "boolean") return record.finished;
  return record.progress >= 1 && record.passed !== false;
}

proto.verdict = function (record) {
  if (record.passed === null || record.passed === undefined) return null;
  if (this.masteryScore !== null && this.masteryScore !== undefined && typeof record.scoreScaled === "number") {
    return record.scoreScaled >= this.masteryScore;
  }
  return Boolean(record.passed);
};

proto.showQueue = function (queue, error) {
  if (queue.halted) {
    this.setStatus(t("status.not_recording", { error: queue.halted, n: queue.items.length }));
  } else if (error && queue.items.length) {
    this.setStatus(t("status.offline", { n: queue.items.length }));
  } else if (!queue.items.length) {
    this.setStatus("");
  }
};

window.courseforgeTracking = new XapiTracking();
