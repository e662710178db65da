/* xAPI adapter, part 3 of 4: sending — the sync timer, the state document and the end of a
 * session (flush, dismiss, finish). Methods of XapiTracking (xapi.js). (Concatenated after
 * xapi-statements.js; see targets/xapi.py.)
 *
 * The state document ("courseforge.state": state string, bookmark, flags) carries `seq`, raised
 * by every change. Each change is kept in localStorage at once and written to the LRS
 * STATE_DELAY_MS later; the local copy goes once the LRS acknowledged that content. A copy
 * still here at the next launch of the registration with a higher `seq` than the LRS's is the
 * newer one: that launch writes it before anything else.
 *
 * A closed tab (dismiss) must send `terminated` (cmi5 §9.3.8) and nothing after it (8.1.2.0-2),
 * with requests that outlive the page; two keepalive requests may reach the LMS in either
 * order, and the page cannot wait for an answer. So a cmi5 dismissal is ONE request: the
 * pending statements with `terminated` last. A state that changed since the last write stays in
 * localStorage for the next launch (the results are in the statements anyway). TinCan has no
 * session for the LRS to close, so there the state write leaves alongside.
 */

var syncing = XapiTracking.prototype;

syncing.stateQuery = function () {
  var query = { stateId: STATE_ID, activityId: this.objectId, agent: JSON.stringify(this.launch.actor) };
  if (this.launch.registration) query.registration = this.launch.registration;
  return query;
};

// What a state write carries that matters: everything but the clocks and the sequence number.
function learnerData(doc) {
  return JSON.stringify({ state: doc.state, location: doc.location, flags: doc.flags });
}

// The saved state: the LRS copy, unless this browser holds a newer one it did not send (its
// tab closed first, or the LRS was out of reach). Then `reconcile` is set: begin() writes it.
syncing.loadState = async function () {
  var local = readJson(localStorage, this.stateKey);
  var self = this;
  var remote = await retrying(function () {
    return self.lrs.getDocument("activities/state", self.stateQuery());
  });
  var doc = remote || {};
  doc.flags = doc.flags || {};
  doc.seq = doc.seq || 0;
  if (remote) this.stateSent = learnerData(doc);
  if (local && (local.seq || 0) > doc.seq) {
    doc = local;
    doc.flags = doc.flags || {};
    this.reconcile = true;
  } else if (local) {
    writeJson(localStorage, this.stateKey, null); // the LRS has it, or something newer
  }
  return doc;
};

syncing.scheduleSync = function (delayMs) {
  if (this.ended) return;
  var due = Date.now() + (delayMs === undefined ? SYNC_DELAY_MS : delayMs);
  if (this.syncTimer !== null) {
    if (this.syncDue <= due) return;
    clearTimeout(this.syncTimer);
  }
  var self = this;
  this.syncDue = due;
  this.syncTimer = setTimeout(function () {
    self.syncTimer = null;
    self.sync(false);
  }, Math.max(0, due - Date.now()));
};

syncing.cancelTimers = function () {
  [this.syncTimer, this.stateRetry].forEach(function (timer) {
    if (timer !== null) clearTimeout(timer);
  });
  this.syncTimer = this.stateRetry = null;
  this.hiddenTask = null;
};

syncing.sync = function (urgent) {
  if (!this.queue || this.ended) return;
  if (this.syncTimer !== null) {
    clearTimeout(this.syncTimer);
    this.syncTimer = null;
  }
  this.queue.kick();
  this.writeState(urgent);
};

// The state changed: keep it here at once, send it soon (at once when `now`).
syncing.touchState = function (now) {
  this.doc.seq = (this.doc.seq || 0) + 1;
  this.doc.savedAt = Date.now();
  this.doc.timeMs = this.totalTime();
  writeJson(localStorage, this.stateKey, this.doc);
  this.scheduleSync(now ? 0 : STATE_DELAY_MS);
};

// Write the state if its learner data differ from the last write; one write at a time (unless
// the page is being hidden: `urgent`), so an older document never lands after a newer one.
// Always keepalive: a write in flight when the tab closes still lands (else the browser
// cancels it). Resolves true once the LRS has it.
syncing.writeState = function (urgent) {
  if (this.mode !== "normal" || !this.launch) return Promise.resolve(true);
  var data = learnerData(this.doc);
  if (data === this.stateSent) return this.stateWriting || Promise.resolve(true);
  if (this.stateWriting && !urgent) return this.stateWriting; // re-checked when it lands
  var self = this;
  this.doc.timeMs = this.totalTime();
  this.stateSent = data;
  // One signal for every state write of the page: a cmi5 dismissal cancels those in flight.
  if (!this.stateAbort && typeof AbortController === "function") this.stateAbort = new AbortController();
  var abort = this.stateAbort;
  var write = this.lrs
    .request("PUT", "activities/state", this.stateQuery(), this.doc, {
      keepalive: true,
      signal: abort ? abort.signal : undefined,
    })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      self.stateFailures = 0;
      if (self.stateWriting === write) self.stateWriting = null;
      if (learnerData(self.doc) === data) writeJson(localStorage, self.stateKey, null);
      else if (!self.ended) self.scheduleSync(0);
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

// Keep writing the state (with backoff) until the LRS has it or the time is up.
syncing.stateStored = async function (timeoutMs) {
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

// ---- the end of a session ----------------------------------------------------------------------

// The page was hidden (a tab switch, or the first step of its dismissal): send what waits,
// one task later. If the page is being dismissed, dismiss() runs first and sends everything
// in one request itself.
syncing.flush = function () {
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
syncing.closingStatements = function () {
  if (this.mode !== "normal") return;
  var pending = this.session.pendingFailed;
  if (pending && !this.doc.flags.passed && !this.session.sent.failed) {
    this.doc.flags.failedKey = pending.key;
    this.session.pendingFailed = null;
    this.sendDefined("failed", pending.result);
    this.touchState();
  }
  if (this.launch.kind === "tincan" && !this.doc.flags.finished) {
    this.sendDefined("suspended", { duration: isoDuration(this.elapsed()) });
  }
};

syncing.terminate = function () {
  this.sendDefined("terminated", { duration: isoDuration(this.elapsed()) });
  this.session.terminated = true;
  this.session.last = { state: this.doc.state || null, location: this.doc.location || null };
  this.saveSession();
};

// The page goes away (pagehide, not persisted). Final, and one request: the pending verdict,
// the waiting statements and `terminated` last (see the top of this file for the state).
syncing.dismiss = function () {
  if (!this.launch || !this.queue || this.ended || this.session.terminated) return;
  this.closingStatements();
  this.ended = true;
  this.cancelTimers();
  if (this.launch.kind === "tincan") this.writeState(true);
  // cmi5: a state write still on its way could land after `terminated` (a 403, 8.1.2.0-2):
  // cancel it. The document stays in this browser, and the next launch writes it first.
  else if (this.stateWriting && this.stateAbort) this.stateAbort.abort();
  this.terminate();
  // More than one keepalive body can carry: all stay stored, and the next launch of the
  // registration sends them (cmi5: the LMS records this session as abandoned).
  this.queue.sendFinal(FINAL_MAX_BYTES);
};

// The Exit button: the same end, each step awaited (the page stays), then back to the LMS's
// returnURL.
syncing.finish = function () {
  if (!this.launch || !this.queue || this.ended || this.session.terminated) {
    return Promise.resolve({ redirecting: false });
  }
  this.closingStatements();
  this.ended = true;
  this.cancelTimers();
  var self = this;
  var deadline = Date.now() + FINISH_WAIT_MS;
  var left = function () {
    return Math.max(0, deadline - Date.now());
  };
  self.queue.retryNow(); // the learner is leaving: no backoff wait after an outage
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
