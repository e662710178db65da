/* xAPI adapter, part 1 of 4: helpers, launch parameters, the LRS client, the statement queue.
 *
 * Not loaded on its own: the xapi and cmi5 targets concatenate xapi-lrs.js, xapi-statements.js,
 * xapi-sync.js and xapi.js inside one function scope and ship the result as
 * runtime/adapters/xapi.js (targets/xapi.py, xapi_adapter_source).
 */

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
  suspended: ADL + "suspended",
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
var BATCH_MAX_STATEMENTS = 50;
var BATCH_MAX_BYTES = 24000; // keepalive bodies share a 64 KiB budget per page
var KEEPALIVE_MAX_BYTES = 60000;
// The last requests of a page (state + statements) must fit the keepalive budget together.
var FINAL_MAX_BYTES = 40000;
var RETRY_MIN_MS = 1000;
var RETRY_MAX_MS = 8000;
// Statements wait up to SYNC_DELAY_MS to travel together; a state change sends everything
// waiting after STATE_DELAY_MS, so a closed tab rarely leaves a change unsent (the localStorage
// copies keep both if it does); a hidden page sends at once.
var SYNC_DELAY_MS = 3000;
var STATE_DELAY_MS = 1000;
var STARTUP_TRIES = 3;
var FINISH_WAIT_MS = 4000;

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
    // Reads must not come from the HTTP cache; writes never do, and a "no-store" write would
    // also skip the CORS preflight cache (one OPTIONS per write).
    cache: method === "GET" ? "no-store" : "default",
    credentials: "omit",
    // A keepalive body over the browser's 64 KiB budget is refused outright, so big ones go plain.
    keepalive: Boolean(options && options.keepalive) && (text || "").length < KEEPALIVE_MAX_BYTES,
    signal: (options && options.signal) || undefined,
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

// Statements wait in localStorage until the LRS has accepted them, so a retry, a resend after
// a reload or one from the next launch is idempotent (the ids are made here). Nothing is sent
// until kick() (the adapter's sync timer, a hidden page) or sendFinal() (the page goes away).
function StatementQueue(lrs, storageKey, onChange) {
  this.lrs = lrs;
  this.storageKey = storageKey;
  this.onChange = onChange;
  this.items = readJson(localStorage, storageKey) || [];
  this.inFlight = {}; // statement id -> true while a request carries it
  this.held = function () {
    return false;
  };
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
};

// Waiting statements that no request carries and that this session may send.
StatementQueue.prototype.pending = function () {
  var inFlight = this.inFlight;
  var held = this.held;
  return this.items.filter(function (s) {
    return !inFlight[s.id] && !held(s);
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

// Take the oldest statements that fit one request body of at most maxBytes.
StatementQueue.prototype.nextBatch = function (from, maxBytes) {
  var batch = [];
  var bytes = 2;
  for (var i = 0; i < from.length && batch.length < BATCH_MAX_STATEMENTS; i++) {
    var size = JSON.stringify(from[i]).length + 1;
    if (batch.length && bytes + size > maxBytes) break;
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

// Exponential backoff with jitter; an `online` event skips it.
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
    await this.send(this.nextBatch(rest, BATCH_MAX_BYTES));
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

// The page goes away: everything waiting leaves in ONE request, so the statements arrive in
// their order (`terminated` last). Returns false, sending nothing, when they do not fit one
// keepalive body: then they stay stored for the next launch.
StatementQueue.prototype.sendFinal = function (maxBytes) {
  if (this.halted) return false;
  var rest = this.pending();
  if (!rest.length) return true;
  var batch = this.nextBatch(rest, maxBytes);
  if (batch.length < rest.length) return false;
  var self = this;
  this.send(batch).then(
    function () {
      self.settle();
    },
    function (error) {
      self.retryLater(error);
    }
  );
  return true;
};

StatementQueue.prototype.settle = function () {
  if (this.pending().length && !this.halted) return;
  if (this.sending) return;
  var waiters = this.idleWaiters;
  this.idleWaiters = [];
  waiters.forEach(function (resolve) {
    resolve();
  });
};

// Sends what waits; resolves once nothing sendable is left (or the LRS refused us), or after
// timeoutMs. Resolves true when the queue emptied.
StatementQueue.prototype.drain = function (timeoutMs) {
  var self = this;
  var empty = function () {
    return self.halted ? false : !self.pending().length && !self.sending;
  };
  this.kick();
  if (empty() || this.halted) return Promise.resolve(empty());
  return Promise.race([
    new Promise(function (resolve) {
      self.idleWaiters.push(resolve);
    }),
    sleep(timeoutMs),
  ]).then(empty);
};

function idOf(statement) {
  return statement.id;
}
