/* xAPI adapter, part 3 of 3: the tracking contract (docs/runtime-contract.md) for TinCan and
 * cmi5 launches. (Concatenated after xapi-lrs.js and xapi-statements.js; see targets/xapi.py.)
 *
 * The launch URL decides the flavour:
 *   cmi5   ?endpoint&fetch&actor&registration&activityId   (cmi5 spec §8.1)
 *   TinCan ?endpoint&auth&actor[&registration][&activity_id][&grouping]   (lms_lrs.md)
 * Without either, the course runs standalone with progress kept in this browser.
 *
 * One session: start → statements and state changes, sent together at most every
 * SYNC_DELAY_MS → the end, exactly once: finish() (Exit) or dismiss() (the page goes away).
 * The end sends any pending verdict, then the state (only if it changed), then `terminated`
 * (TinCan: `suspended` first while the attempt is unfinished), and nothing after it.
 * Bookmark and runtime state go to the State API (stateId "courseforge.state"); its `flags`
 * record which once-per-registration verbs were sent, so no later launch sends them again.
 */

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
  this.hiddenTask = null;
  this.stateSent = null; // learner data of the last state write that succeeded or is in flight
  this.stateWriting = null; // the promise of the state write in flight
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
    self.setStatus("Cannot reach the learning record store (" + error.message + "); progress is kept in this browser only.");
    return self.standalone();
  });
};

proto.begin = async function () {
  var launch = readLaunch(window.location.search);
  if (!launch) {
    this.setStatus("Not launched from an LMS: progress is kept in this browser only.");
    return this.standalone();
  }
  if (launch.error) {
    this.setStatus("This launch cannot be tracked: " + launch.error + ".");
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
      this.setStatus("This session has ended: launch the course again from the LMS.");
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
  // TinCan has no launch mode: a registration whose attempt is over reopens for review.
  if (launch.kind === "tincan" && this.doc.flags.finished) this.mode = "review";
  // Time spent in earlier sessions, read once per session (a reload must not count it twice).
  if (this.session.timeBase === undefined) this.session.timeBase = this.doc.timeMs || 0;
  this.saveSession();
  this.adoptLeftovers();
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

proto.stateQuery = function () {
  var query = { stateId: STATE_ID, activityId: this.objectId, agent: JSON.stringify(this.launch.actor) };
  if (this.launch.registration) query.registration = this.launch.registration;
  return query;
};

// What a state write carries that matters: everything but the clocks.
function learnerData(doc) {
  return JSON.stringify({ state: doc.state, location: doc.location, flags: doc.flags });
}

// The saved state: the LRS copy, unless this browser holds a newer one it could not send.
proto.loadState = async function () {
  var local = readJson(localStorage, this.stateKey);
  var self = this;
  var remote = await retrying(function () {
    return self.lrs.getDocument("activities/state", self.stateQuery());
  });
  var doc = remote || {};
  doc.flags = doc.flags || {};
  if (remote) this.stateSent = learnerData(doc);
  if (local && (local.savedAt || 0) > (doc.savedAt || 0)) {
    doc = local; // written here while the LRS was out of reach: sent with the next sync
    doc.flags = doc.flags || {};
  }
  return doc;
};

// cmi5: statements an earlier session of this registration left unsent (its tab died while
// the LRS was unreachable). The LMS closed that session ("abandoned"), so they join this one:
// its session id and a timestamp after this `initialized`; that session's own
// initialized/terminated go. In Review/Browse they wait for a normal session.
proto.adoptLeftovers = function () {
  if (this.launch.kind !== "cmi5") return;
  var sessionId = this.launchData.contextTemplate.extensions[CMI5.sessionId];
  var registration = this.launch.registration;
  var olderHere = function (s) {
    var context = s.context || {};
    var sid = (context.extensions || {})[CMI5.sessionId];
    return context.registration === registration && sid !== sessionId;
  };
  if (this.mode !== "normal") {
    this.queue.held = olderHere;
    return;
  }
  var adopted = [];
  var kept = this.queue.items.filter(function (s) {
    if (!olderHere(s)) return true;
    var verb = s.verb.id;
    if (verb !== VERBS.initialized && verb !== VERBS.terminated) adopted.push(s);
    return false;
  });
  if (!adopted.length && kept.length === this.queue.items.length) return;
  this.queue.items = kept;
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

// ---- statements ----------------------------------------------------------------------------

proto.verb = function (name) {
  return { id: VERBS[name], display: { "en-US": name } };
};

proto.courseObject = function () {
  var object = { objectType: "Activity", id: this.objectId };
  if (this.launch.kind === "tincan") {
    object.definition = {
      type: ACTIVITY_TYPES.course,
      name: langMap(this.course.language, this.course.title),
    };
  }
  return object;
};

// The context every statement of this launch carries (cmi5 §10.2.1: the LMS's template).
proto.baseContext = function () {
  var context;
  if (this.launch.kind === "cmi5") {
    context = clone(this.launchData.contextTemplate) || {};
  } else {
    context = {};
    if (this.launch.grouping) {
      context.contextActivities = { grouping: [{ objectType: "Activity", id: this.launch.grouping }] };
    }
  }
  if (this.launch.registration) context.registration = this.launch.registration;
  return context;
};

proto.statement = function (verbName, object, result, context, timestamp) {
  var statement = {
    id: uuid4(),
    actor: this.launch.actor,
    verb: this.verb(verbName),
    object: object,
    context: context,
    timestamp: timestamp || new Date().toISOString(),
  };
  if (result) statement.result = result;
  return statement;
};

// A "cmi5 defined" statement about the AU (or the TinCan course activity); each verb at most
// once per session.
proto.sendDefined = function (verbName, result) {
  if (this.session.sent[verbName]) return;
  var context = this.baseContext();
  if (this.launch.kind === "cmi5") {
    addActivity(context, "category", { objectType: "Activity", id: CMI5.category });
    if (result && (result.success !== undefined || result.completion !== undefined)) {
      addActivity(context, "category", { objectType: "Activity", id: CMI5.moveOn });
    }
    if ((verbName === "passed" || verbName === "failed") && this.masteryScore !== null) {
      context.extensions = context.extensions || {};
      context.extensions[CMI5.masteryScore] = this.masteryScore;
    }
  }
  this.session.sent[verbName] = true;
  this.saveSession();
  this.queue.push(this.statement(verbName, this.courseObject(), result, context));
};

// A "cmi5 allowed" statement about part of the course: template context, no cmi5 category.
proto.sendAllowed = function (verbName, object, result, parent, timestamp) {
  var context = this.baseContext();
  context.language = this.course.language;
  addActivity(context, "parent", parent || { objectType: "Activity", id: this.objectId });
  addActivity(context, "grouping", { objectType: "Activity", id: this.objectId });
  this.queue.push(this.statement(verbName, object, result, context, timestamp));
  this.scheduleSync();
};

proto.openSession = function () {
  var sent = this.session.sent;
  if (sent.initialized || sent.attempted || sent.resumed) return;
  if (this.launch.kind === "cmi5" || this.mode !== "normal") {
    this.sendDefined("initialized");
  } else {
    this.sendDefined(this.doc.state ? "resumed" : "attempted");
  }
  var self = this;
  var sessionId = this.launch.kind === "cmi5" ? this.launchData.contextTemplate.extensions[CMI5.sessionId] : null;
  (this.leftovers || []).forEach(function (s) {
    s.context.extensions = s.context.extensions || {};
    s.context.extensions[CMI5.sessionId] = sessionId;
    s.timestamp = new Date().toISOString();
    self.queue.push(s);
  });
  this.leftovers = null;
};

proto.elapsed = function () {
  return Date.now() - this.session.startedAt;
};

proto.totalTime = function () {
  return (this.session.timeBase || 0) + this.elapsed();
};

// ---- sending: statements and the state document together -----------------------------------

proto.scheduleSync = function () {
  if (this.syncTimer !== null || this.ended) return;
  var self = this;
  this.syncTimer = setTimeout(function () {
    self.syncTimer = null;
    self.sync(false);
  }, SYNC_DELAY_MS);
};

proto.cancelTimers = function () {
  [this.syncTimer, this.stateRetry].forEach(function (timer) {
    if (timer !== null) clearTimeout(timer);
  });
  this.syncTimer = this.stateRetry = null;
  this.hiddenTask = null;
};

proto.sync = function (keepalive) {
  if (!this.queue || this.ended) return;
  if (this.syncTimer !== null) {
    clearTimeout(this.syncTimer);
    this.syncTimer = null;
  }
  this.queue.kick();
  this.writeState(keepalive);
};

// The state changed: keep it here at once, send it with the next sync.
proto.touchState = function () {
  this.doc.savedAt = Date.now();
  this.doc.timeMs = this.totalTime();
  writeJson(localStorage, this.stateKey, this.doc);
  this.scheduleSync();
};

// Write the state if its learner data differ from the last write; one write at a time, so an
// older document never lands after a newer one. Resolves true once the LRS has it.
proto.writeState = function (keepalive) {
  if (this.mode !== "normal" || !this.launch) return Promise.resolve(true);
  var data = learnerData(this.doc);
  if (data === this.stateSent) return this.stateWriting || Promise.resolve(true);
  if (this.stateWriting && !keepalive) return this.stateWriting; // re-checked when it lands
  var self = this;
  this.doc.timeMs = this.totalTime();
  this.stateSent = data;
  var write = this.lrs
    .request("PUT", "activities/state", this.stateQuery(), this.doc, { keepalive: keepalive })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      self.stateFailures = 0;
      if (self.stateWriting === write) self.stateWriting = null;
      if (learnerData(self.doc) === data) writeJson(localStorage, self.stateKey, null);
      else if (!self.ended) self.scheduleSync();
      return true;
    })
    .catch(function () {
      if (self.stateWriting === write) self.stateWriting = null;
      if (self.stateSent === data) self.stateSent = null;
      self.stateFailures += 1;
      if (!self.ended && self.stateRetry === null) {
        var delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * Math.pow(2, self.stateFailures - 1));
        self.stateRetry = setTimeout(function () {
          self.stateRetry = null;
          self.sync(false);
        }, delay);
      }
      return false;
    });
  this.stateWriting = write;
  return write;
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
    response: responseText(interaction.type, interaction.response),
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
      id: interaction.iri || this.course.activityIri(interaction.quizId, interaction.id),
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
  if (changed) this.touchState();
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

// The page was hidden (a tab switch, or the first step of its dismissal): send what waits,
// one task later. If the page is being dismissed, dismiss() runs first and sends everything
// in order itself; two concurrent sets of requests could reach the LMS out of order.
proto.flush = function () {
  if (!this.launch || !this.queue || this.ended) return;
  if (this.hiddenTask) {
    // Called again before that task ran (pagehide into the back/forward cache): send now.
    this.hiddenTask = null;
    this.sync(true);
    return;
  }
  var self = this;
  var channel = new MessageChannel();
  var task = (this.hiddenTask = {});
  channel.port1.onmessage = function () {
    if (self.hiddenTask !== task) return;
    self.hiddenTask = null;
    self.sync(true);
  };
  channel.port2.postMessage(null);
};

// What the end of a session adds before `terminated`: a verdict that waited, TinCan's
// `suspended` for an attempt the learner will come back to.
proto.closingStatements = function () {
  if (this.mode !== "normal") return;
  var pending = this.session.pendingFailed;
  if (pending && !this.doc.flags.passed && !this.session.sent.failed) {
    this.doc.flags.failedKey = pending.key;
    this.doc.savedAt = Date.now();
    writeJson(localStorage, this.stateKey, this.doc);
    this.session.pendingFailed = null;
    this.sendDefined("failed", pending.result);
  }
  if (this.launch.kind === "tincan" && !this.doc.flags.finished) {
    this.sendDefined("suspended", { duration: isoDuration(this.elapsed()) });
  }
};

proto.terminate = function () {
  this.sendDefined("terminated", { duration: isoDuration(this.elapsed()) });
  this.session.terminated = true;
  this.session.last = { state: this.doc.state || null, location: this.doc.location || null };
  this.saveSession();
};

// The page goes away (pagehide, not persisted). Final: the pending verdict, the state if it
// changed, then `terminated`, with keepalive requests. Two requests in flight together may
// reach the LMS in either order (seen: the state write landing after `terminated`, refused), so:
// - state unchanged since the last write (the usual case: changes leave within SYNC_DELAY_MS):
//   one request carries everything waiting and `terminated` last;
// - state changed: the state and the waiting statements leave now, `terminated` once the LRS
//   has both. If the page is gone by then, the LMS records the session as abandoned — the
//   learner's state and results are stored either way, and nothing is refused.
proto.dismiss = function () {
  if (!this.launch || !this.queue || this.ended || this.session.terminated) return;
  this.ended = true;
  this.cancelTimers();
  this.closingStatements();
  var stateDone = this.mode === "normal" ? this.writeState(true) : null;
  if (!this.stateWriting) {
    this.terminate();
    this.queue.sendFinal(FINAL_MAX_BYTES);
    return;
  }
  this.queue.sendFinal(FINAL_MAX_BYTES);
  var self = this;
  Promise.all([stateDone, this.queue.drain(FINISH_WAIT_MS)]).then(function (done) {
    if (!done[0] || !done[1]) return;
    self.terminate();
    self.queue.sendFinal(FINAL_MAX_BYTES);
  });
};

// The Exit button: the same end, each step awaited, then back to the LMS's returnURL.
proto.finish = function () {
  if (!this.launch || !this.queue || this.ended || this.session.terminated) {
    return Promise.resolve({ redirecting: false });
  }
  this.ended = true;
  this.cancelTimers();
  this.closingStatements();
  var self = this;
  var deadline = Date.now() + FINISH_WAIT_MS;
  var left = function () {
    return Math.max(0, deadline - Date.now());
  };
  return (async function () {
    var sent = await self.queue.drain(left());
    var stored = sent && (await self.stateStored(left()));
    if (stored) {
      self.terminate();
      await self.queue.drain(left());
    }
    // Without the LRS, `terminated` is not sent: the LMS records the session as abandoned.
    if (self.returnUrl) {
      window.location.assign(self.returnUrl);
      return { redirecting: true };
    }
    return { redirecting: false };
  })();
};

// Keep writing the state (with backoff) until the LRS has it or the time is up.
proto.stateStored = async function (timeoutMs) {
  if (this.mode !== "normal") return true;
  var until = Date.now() + timeoutMs;
  for (var attempt = 0; ; attempt++) {
    if (this.stateWriting) await this.stateWriting;
    var ok = await this.writeState(false);
    if (ok && learnerData(this.doc) === this.stateSent && !this.stateWriting) return true;
    var wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * Math.pow(2, attempt));
    if (Date.now() + wait > until) return false;
    await sleep(wait);
  }
};

proto.showQueue = function (queue, error) {
  if (queue.halted) {
    this.setStatus("Not recording: " + queue.halted + ". " + queue.items.length + " records are kept in this browser.");
  } else if (error && queue.items.length) {
    this.setStatus("Offline: " + queue.items.length + " records wait to be sent; retrying.");
  } else if (!queue.items.length) {
    this.setStatus("");
  }
};

window.courseforgeTracking = new XapiTracking();
