/* courseforge tracking adapter: xAPI, for TinCan and cmi5 launches (docs/runtime-contract.md).
 *
 * The launch URL decides the flavour:
 *   cmi5   ?endpoint&fetch&actor&registration&activityId   (cmi5 spec §8.1)
 *   TinCan ?endpoint&auth&actor[&registration][&activity_id][&grouping]   (lms_lrs.md)
 * Without either, the course runs standalone with progress kept in this browser.
 *
 * Credentials only ever come from the launch. Statements get client-side UUIDs and wait in a
 * localStorage queue until the LRS has accepted them, so a retry (or a resend after a reload)
 * is idempotent; the queue is flushed with fetch(..., {keepalive: true}) when the page hides.
 * Bookmark and runtime state go to the State API (stateId "courseforge.state").
 */
(function () {
  "use strict";

  var XAPI_VERSION = "1.0.3";
  var STATE_ID = "courseforge.state";
  var ADL = "http://adlnet.gov/expapi/verbs/";
  var VERBS = {
    initialized: ADL + "initialized",
    attempted: ADL + "attempted",
    resumed: ADL + "resumed",
    experienced: ADL + "experienced",
    answered: ADL + "answered",
    completed: ADL + "completed",
    passed: ADL + "passed",
    failed: ADL + "failed",
    terminated: ADL + "terminated",
  };
  var ACTIVITY_TYPES = {
    course: "http://adlnet.gov/expapi/activities/course",
    lesson: "http://adlnet.gov/expapi/activities/lesson",
    assessment: "http://adlnet.gov/expapi/activities/assessment",
    interaction: "http://adlnet.gov/expapi/activities/cmi.interaction",
  };
  var CMI5 = {
    category: "https://w3id.org/xapi/cmi5/context/categories/cmi5",
    moveOn: "https://w3id.org/xapi/cmi5/context/categories/moveon",
    sessionId: "https://w3id.org/xapi/cmi5/context/extensions/sessionid",
    masteryScore: "https://w3id.org/xapi/cmi5/context/extensions/masteryscore",
  };
  var BATCH_MAX_STATEMENTS = 25;
  var BATCH_MAX_BYTES = 24000; // keepalive bodies share a 64 KiB budget per page
  var KEEPALIVE_MAX_BYTES = 60000;
  var RETRY_MIN_MS = 1000;
  var RETRY_MAX_MS = 8000;
  var SAVE_DELAY_MS = 400;
  var STARTUP_TRIES = 3;
  var REDIRECT_WAIT_MS = 4000;

  // ---- small helpers ----------------------------------------------------------------------

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return (b + 0x100).toString(16).slice(1);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function isoDuration(ms) {
    var centis = Math.max(0, Math.round(ms / 10));
    var hours = Math.floor(centis / 360000);
    var minutes = Math.floor((centis % 360000) / 6000);
    var seconds = (centis % 6000) / 100;
    return "PT" + (hours ? hours + "H" : "") + (minutes ? minutes + "M" : "") + seconds + "S";
  }

  function clone(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  function readJson(storage, key) {
    try {
      var text = storage.getItem(key);
      return text ? JSON.parse(text) : null;
    } catch (error) {
      return null;
    }
  }

  function writeJson(storage, key, value) {
    try {
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false; // storage full or disabled: the in-memory copy still works this session
    }
  }

  function sleep(ms) {
    return new Promise(function (resolve) {
      setTimeout(resolve, ms);
    });
  }

  // An Inverse Functional Identifier, the part of an agent that identifies it (xAPI 1.0.3).
  function agentKey(agent) {
    if (agent.mbox) return "mbox:" + agent.mbox;
    if (agent.mbox_sha1sum) return "sha1:" + agent.mbox_sha1sum;
    if (agent.openid) return "openid:" + agent.openid;
    if (agent.account) return "account:" + agent.account.homePage + "|" + agent.account.name;
    return "";
  }

  // TinCan-era launches may send {"name": ["..."], "mbox": ["mailto:..."]}: take the first values.
  function normalizeActor(actor) {
    var out = {};
    Object.keys(actor || {}).forEach(function (key) {
      var value = actor[key];
      out[key] = Array.isArray(value) ? value[0] : value;
    });
    if (out.account && Array.isArray(out.account)) out.account = out.account[0];
    if (out.account && out.account.accountServiceHomePage && !out.account.homePage) {
      out.account = { homePage: out.account.accountServiceHomePage, name: out.account.accountName };
    }
    out.objectType = "Agent";
    return agentKey(out) ? out : null;
  }

  // ---- launch parameters -------------------------------------------------------------------

  function readLaunch(search) {
    var params = new URLSearchParams(search);
    var endpoint = params.get("endpoint");
    var actorText = params.get("actor");
    if (!endpoint || !actorText) return null;
    var actor;
    try {
      actor = normalizeActor(JSON.parse(actorText));
    } catch (error) {
      actor = null;
    }
    if (!actor) return { error: "the launch's actor is not a valid xAPI agent" };
    if (!/\/$/.test(endpoint)) endpoint += "/";
    if (params.get("fetch") && params.get("activityId") && params.get("registration")) {
      return {
        kind: "cmi5",
        endpoint: endpoint,
        fetchUrl: params.get("fetch"),
        actor: actor,
        registration: params.get("registration"),
        activityId: params.get("activityId"),
      };
    }
    var auth = params.get("auth");
    if (!auth) return { error: "the launch gives no credentials (auth or fetch)" };
    return {
      kind: "tincan",
      endpoint: endpoint,
      // Usually the whole header value ("Basic ..."); a bare token means basic credentials.
      authorization: /\s/.test(auth.trim()) ? auth.trim() : "Basic " + auth.trim(),
      actor: actor,
      registration: params.get("registration"),
      activityId: params.get("activity_id"),
      grouping: params.get("grouping"),
    };
  }

  // ---- the LRS client ----------------------------------------------------------------------

  function Lrs(endpoint, authorization) {
    this.endpoint = endpoint;
    this.authorization = authorization;
  }

  Lrs.prototype.request = function (method, resource, query, body, options) {
    var url = this.endpoint + resource;
    var qs = new URLSearchParams();
    Object.keys(query || {}).forEach(function (key) {
      if (query[key] !== undefined && query[key] !== null) qs.set(key, query[key]);
    });
    if (qs.toString()) url += "?" + qs.toString();
    var headers = { "X-Experience-API-Version": XAPI_VERSION };
    if (this.authorization) headers.Authorization = this.authorization;
    var text = body === undefined ? undefined : JSON.stringify(body);
    if (text !== undefined) headers["Content-Type"] = "application/json";
    return fetch(url, {
      method: method,
      headers: headers,
      body: text,
      cache: "no-store",
      credentials: "omit",
      // A keepalive body over the browser's 64 KiB budget is refused outright, so big ones go plain.
      keepalive: Boolean(options && options.keepalive) && (text || "").length < KEEPALIVE_MAX_BYTES,
    });
  };

  // GET a JSON document; resolves null on 404.
  Lrs.prototype.getDocument = function (resource, query) {
    return this.request("GET", resource, query).then(function (response) {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(resource + " answered HTTP " + response.status);
      return response.text().then(function (text) {
        return text ? JSON.parse(text) : null;
      });
    });
  };

  // ---- statement queue ---------------------------------------------------------------------

  function StatementQueue(lrs, storageKey, onChange) {
    this.lrs = lrs;
    this.storageKey = storageKey;
    this.onChange = onChange;
    this.items = readJson(localStorage, storageKey) || [];
    this.inFlight = {}; // statement id -> true while a request carries it
    this.sending = false;
    this.failures = 0;
    this.retryTimer = null;
    this.halted = null; // a reason when the LRS refuses our credentials
    this.idleWaiters = [];
  }

  StatementQueue.prototype.persist = function () {
    writeJson(localStorage, this.storageKey, this.items.length ? this.items : null);
    this.onChange(this);
  };

  StatementQueue.prototype.push = function (statement) {
    this.items.push(statement);
    this.persist();
    this.kick();
  };

  StatementQueue.prototype.pending = function () {
    var inFlight = this.inFlight;
    return this.items.filter(function (s) {
      return !inFlight[s.id];
    });
  };

  StatementQueue.prototype.remove = function (ids) {
    var gone = {};
    ids.forEach(function (id) {
      gone[id] = true;
    });
    this.items = this.items.filter(function (s) {
      return !gone[s.id];
    });
    this.persist();
  };

  // Take the oldest statements that fit one keepalive-sized request body.
  StatementQueue.prototype.nextBatch = function (from) {
    var batch = [];
    var bytes = 2;
    for (var i = 0; i < from.length && batch.length < BATCH_MAX_STATEMENTS; i++) {
      var size = JSON.stringify(from[i]).length + 1;
      if (batch.length && bytes + size > BATCH_MAX_BYTES) break;
      batch.push(from[i]);
      bytes += size;
    }
    return batch;
  };

  StatementQueue.prototype.kick = function () {
    if (this.sending || this.retryTimer || this.halted) return;
    if (!this.pending().length) {
      this.settle();
      return;
    }
    this.sending = true;
    var self = this;
    this.sendLoop().then(
      function () {
        self.sending = false;
        self.failures = 0;
        self.settle();
      },
      function (error) {
        self.sending = false;
        self.retryLater(error);
      }
    );
  };

  // Exponential backoff with jitter; new statements wait for it, an `online` event skips it.
  StatementQueue.prototype.retryLater = function (error) {
    this.settle();
    if (this.halted || this.retryTimer) return;
    this.failures += 1;
    var delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * Math.pow(2, this.failures - 1));
    delay = delay * (0.75 + Math.random() * 0.5);
    this.onChange(this, error);
    var self = this;
    this.retryTimer = setTimeout(function () {
      self.retryTimer = null;
      self.kick();
    }, delay);
  };

  StatementQueue.prototype.retryNow = function () {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.kick();
  };

  StatementQueue.prototype.sendLoop = async function () {
    for (;;) {
      var rest = this.pending();
      if (!rest.length || this.halted) return;
      await this.send(this.nextBatch(rest));
    }
  };

  StatementQueue.prototype.mark = function (batch, flying) {
    var inFlight = this.inFlight;
    batch.forEach(function (s) {
      if (flying) inFlight[s.id] = true;
      else delete inFlight[s.id];
    });
  };

  // POST a batch (all-or-nothing in xAPI); on 409 fall back to one PUT per statement, where a
  // 409 means that id is already stored, which is what an earlier, unanswered try achieved.
  StatementQueue.prototype.send = async function (batch) {
    this.mark(batch, true);
    try {
      var response = await this.lrs.request("POST", "statements", null, batch, { keepalive: true });
      if (response.ok) {
        this.remove(batch.map(idOf));
        return;
      }
      if (response.status === 409 || response.status === 400) {
        for (var i = 0; i < batch.length; i++) await this.putOne(batch[i]);
        return;
      }
      this.checkRefused(response);
      throw new Error("the LRS answered HTTP " + response.status);
    } finally {
      this.mark(batch, false);
    }
  };

  StatementQueue.prototype.putOne = async function (statement) {
    var response = await this.lrs.request("PUT", "statements", { statementId: statement.id }, statement, {
      keepalive: true,
    });
    if (response.ok || response.status === 409) {
      this.remove([statement.id]);
      return;
    }
    if (response.status === 400) {
      // The LRS will never take this statement; keeping it would block every later one.
      console.error("courseforge: the LRS rejected statement " + statement.id, statement);
      this.remove([statement.id]);
      return;
    }
    this.checkRefused(response);
    throw new Error("the LRS answered HTTP " + response.status);
  };

  StatementQueue.prototype.checkRefused = function (response) {
    if (response.status === 401 || response.status === 403) {
      this.halted = "the LRS refused the launch's credentials (HTTP " + response.status + ")";
      this.onChange(this);
    }
  };

  // Last chance before the page goes away: send what no request is carrying yet.
  StatementQueue.prototype.flush = function () {
    if (this.halted) return;
    var rest = this.pending();
    var self = this;
    while (rest.length) {
      var batch = this.nextBatch(rest);
      rest = rest.slice(batch.length);
      this.send(batch).then(
        function () {
          self.settle();
        },
        function (error) {
          self.retryLater(error);
        }
      );
    }
  };

  StatementQueue.prototype.settle = function () {
    if (this.items.length && !this.halted) return;
    var waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach(function (resolve) {
      resolve();
    });
  };

  // Resolves once the queue is empty (or the LRS refused us), or after timeoutMs.
  StatementQueue.prototype.drained = function (timeoutMs) {
    var self = this;
    if (!this.items.length || this.halted) return Promise.resolve();
    return Promise.race([
      new Promise(function (resolve) {
        self.idleWaiters.push(resolve);
      }),
      sleep(timeoutMs),
    ]);
  };

  function idOf(statement) {
    return statement.id;
  }

  // ---- interactions → xAPI activity definitions (xAPI 1.0.3 §2.4.4.1 interaction types) -----

  function langMap(lang, text) {
    var map = {};
    map[lang] = String(text);
    return map;
  }

  function shorten(text, length) {
    text = String(text);
    return text.length <= length ? text : text.slice(0, length - 1) + "\u2026";
  }

  function components(lang, items) {
    return (items || []).map(function (item) {
      return { id: String(item.id), description: langMap(lang, item.text) };
    });
  }

  function responseText(type, value) {
    if (value === null || value === undefined) return "";
    switch (type) {
      case "true-false":
        return String(Boolean(value));
      case "choice":
      case "sequencing":
        return (Array.isArray(value) ? value : [value]).join("[,]");
      case "matching":
        return value
          .map(function (pair) {
            return pair[0] + "[.]" + pair[1];
          })
          .join("[,]");
      case "numeric":
        return String(value);
      default:
        return String(value);
    }
  }

  function correctPatterns(type, correct) {
    if (correct === null || correct === undefined) return undefined;
    switch (type) {
      case "fill-in":
        return correct.answers.map(function (answer) {
          return "{case_matters=" + Boolean(correct.caseSensitive) + "}" + answer;
        });
      case "numeric":
        if (correct.min === correct.max) return [String(correct.min)];
        return [(correct.min === null ? "" : correct.min) + "[:]" + (correct.max === null ? "" : correct.max)];
      default:
        return [responseText(type, correct)];
    }
  }

  function interactionDefinition(lang, interaction) {
    var type = interaction.type;
    var definition = {
      type: ACTIVITY_TYPES.interaction,
      name: langMap(lang, shorten(interaction.prompt || interaction.id, 120)),
      description: langMap(lang, interaction.prompt || interaction.id),
      interactionType: type,
    };
    var patterns = correctPatterns(type, interaction.correct);
    if (patterns) definition.correctResponsesPattern = patterns;
    if (type === "choice") definition.choices = components(lang, interaction.choices);
    if (type === "sequencing") definition.choices = components(lang, interaction.choices);
    if (type === "matching") {
      definition.source = components(lang, interaction.sources);
      definition.target = components(lang, interaction.targets);
    }
    return definition;
  }

  // ---- the adapter ---------------------------------------------------------------------------

  function XapiTracking() {
    this.name = "xapi";
    this.launch = null; // parsed launch parameters, null when standalone
    this.mode = "normal";
    this.queue = null;
    this.doc = null; // what courseforge.state holds for this registration
    this.session = null; // sessionStorage record of this launch session
    this.setStatus = function () {};
    this.stateTimer = null;
    this.stateWriting = false;
    this.stateDirty = false;
    this.stateFailures = 0;
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
        // cmi5 §9.3.8: nothing may follow "terminated"; only a new launch opens a new session.
        this.setStatus("This session has ended: launch the course again from the LMS.");
        return this.standalone();
      }
      this.session = null; // TinCan: the LMS reused the launch link, so this is a new attempt
    }
    this.session = this.session || { startedAt: Date.now(), sent: {} };
    var scope = launch.endpoint + "|" + agentKey(launch.actor);
    if (launch.kind === "cmi5") {
      await this.beginCmi5(launch);
    } else {
      this.lrs = new Lrs(launch.endpoint, launch.authorization);
      this.objectId = launch.activityId || this.course.iri;
      this.mode = "normal";
    }
    this.stateKey = "courseforge.xapi.state:" + scope + "|" + this.objectId + "|" + (launch.registration || "");
    var self = this;
    this.queue = new StatementQueue(this.lrs, "courseforge.xapi.queue:" + scope, function (queue, error) {
      self.showQueue(queue, error);
    });
    this.doc = await this.loadState();
    // Time spent in earlier sessions, read once per session (a reload must not count it twice).
    if (this.session.timeBase === undefined) this.session.timeBase = this.doc.timeMs || 0;
    this.saveSession();
    this.openSession();
    addEventListener("pagehide", function () {
      self.flush();
    });
    addEventListener("online", function () {
      self.queue.retryNow();
    });
    this.queue.kick();
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

  // The saved state: the LRS copy, unless this browser holds a newer one it could not send.
  proto.loadState = async function () {
    var local = readJson(localStorage, this.stateKey);
    var self = this;
    var remote = await retrying(function () {
      return self.lrs.getDocument("activities/state", self.stateQuery());
    });
    var doc = remote || {};
    if (local && (local.savedAt || 0) > (doc.savedAt || 0)) {
      doc = local; // written here while the LRS was out of reach: send it now
      this.stateDirty = true;
      this.scheduleState(0);
    }
    doc.flags = doc.flags || {};
    return doc;
  };

  proto.saveSession = function () {
    writeJson(sessionStorage, this.sessionKey, this.session);
  };

  proto.tracking = function () {
    return Boolean(this.launch) && !this.session.terminated;
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

  function addActivity(context, list, activity) {
    context.contextActivities = context.contextActivities || {};
    var entries = context.contextActivities[list];
    if (entries && !Array.isArray(entries)) entries = [entries];
    entries = entries || [];
    if (!entries.some(function (e) { return e.id === activity.id; })) entries.push(activity);
    context.contextActivities[list] = entries;
  }

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

  // A "cmi5 defined" statement about the AU (or the TinCan course activity).
  proto.sendDefined = function (verbName, result) {
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
  };

  proto.openSession = function () {
    if (this.session.sent.initialized || this.session.sent.attempted || this.session.sent.resumed) return;
    if (this.launch.kind === "cmi5") {
      this.sendDefined("initialized");
    } else {
      this.sendDefined(this.doc.state ? "resumed" : "attempted");
    }
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
    if (this.mode !== "normal" || this.session.terminated) return;
    this.doc.state = state;
    this.doc.location = location;
    this.touchState();
  };

  proto.touchState = function () {
    this.doc.savedAt = Date.now();
    this.doc.timeMs = this.totalTime();
    writeJson(localStorage, this.stateKey, this.doc);
    this.stateDirty = true;
    this.scheduleState(SAVE_DELAY_MS);
  };

  proto.scheduleState = function (delay) {
    if (this.stateTimer || this.stateWriting) return;
    var self = this;
    this.stateTimer = setTimeout(function () {
      self.stateTimer = null;
      self.writeState(false);
    }, delay);
  };

  // One state write at a time, so an older document never lands after a newer one.
  proto.writeState = function (keepalive) {
    if (!this.stateDirty || (this.stateWriting && !keepalive)) return;
    var self = this;
    var body = clone(this.doc);
    this.stateDirty = false;
    this.stateWriting = true;
    this.lrs
      .request("PUT", "activities/state", this.stateQuery(), body, { keepalive: keepalive })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        self.stateFailures = 0;
        self.stateWriting = false;
        if (self.stateDirty) self.scheduleState(0);
        else writeJson(localStorage, self.stateKey, null);
      })
      .catch(function () {
        self.stateWriting = false;
        self.stateDirty = true;
        self.stateFailures += 1;
        var delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * Math.pow(2, self.stateFailures - 1));
        self.scheduleState(delay);
      });
  };

  proto.pageViewed = function (page) {
    if (!this.tracking() || this.mode !== "normal" || !page || page.kind !== "lesson") return;
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
    if (!this.tracking() || this.mode !== "normal" || !interaction) return;
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
  // launch data has one. A cmi5 "failed" waits for the end of the session (finish), because a
  // learner with attempts left may still pass in this session, and then "passed" must be the
  // session's only verdict.
  proto.status = function (record) {
    if (!record) return;
    if (!this.tracking() || this.mode !== "normal") return;
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
      var failedThisSession = this.launch.kind === "cmi5" && this.session.sent.failed;
      if (verdict && !failedThisSession) {
        flags.passed = true;
        changed = true;
        this.session.pendingFailed = null;
        this.sendDefined("passed", result);
      } else if (!verdict) {
        var key = "failed:" + record.scoreScaled;
        if (flags.failedKey !== key && this.launch.kind === "cmi5") {
          this.session.pendingFailed = { key: key, result: result };
          this.saveSession();
        } else if (flags.failedKey !== key) {
          flags.failedKey = key;
          changed = true;
          this.sendDefined("failed", result);
        }
      }
    }
    if (changed) this.touchState();
  };

  proto.verdict = function (record) {
    if (record.passed === null || record.passed === undefined) return null;
    if (this.masteryScore !== null && this.masteryScore !== undefined && typeof record.scoreScaled === "number") {
      return record.scoreScaled >= this.masteryScore;
    }
    return Boolean(record.passed);
  };

  function scoreOf(record) {
    if (typeof record.scoreScaled !== "number") return null;
    var score = { scaled: Math.round(record.scoreScaled * 10000) / 10000 };
    // cmi5 §9.5.1: raw is an integer and comes with min and max.
    if (typeof record.scoreRaw === "number" && Math.round(record.scoreRaw) === record.scoreRaw) {
      score.raw = record.scoreRaw;
      score.min = 0;
      score.max = 100;
    }
    return score;
  }

  proto.flush = function () {
    if (!this.launch || !this.queue) return;
    if (this.mode === "normal" && this.doc && !this.session.terminated) {
      this.doc.timeMs = this.totalTime();
      this.doc.savedAt = Date.now();
      writeJson(localStorage, this.stateKey, this.doc);
      this.stateDirty = true;
    }
    if (this.stateTimer) {
      clearTimeout(this.stateTimer);
      this.stateTimer = null;
    }
    this.writeState(true);
    this.saveSession();
    this.queue.flush();
  };

  proto.finish = function () {
    if (!this.launch || !this.queue || this.session.terminated) return Promise.resolve();
    var pending = this.session.pendingFailed;
    if (this.mode === "normal" && pending && !this.doc.flags.passed && !this.session.sent.failed) {
      this.doc.flags.failedKey = pending.key;
      this.sendDefined("failed", pending.result);
    }
    if (this.mode === "normal") {
      this.doc.timeMs = this.totalTime();
      this.touchState();
    }
    this.sendDefined("terminated", { duration: isoDuration(this.elapsed()) });
    this.session.terminated = true;
    this.saveSession();
    this.flush();
    var self = this;
    return this.queue.drained(REDIRECT_WAIT_MS).then(function () {
      if (self.returnUrl) window.location.assign(self.returnUrl);
    });
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

  // What the adapter needs from the course data object embedded in the page.
  function courseFacts(course) {
    var base = String(course.iri || "").replace(/\/+$/, "");
    return {
      id: course.id || "course",
      title: course.title || course.id || "Course",
      language: course.language || "en",
      iri: base,
      activityIri: function () {
        return [base].concat(Array.prototype.slice.call(arguments)).join("/");
      },
    };
  }

  window.courseforgeTracking = new XapiTracking();
})();
