/* A test LMS: scorm-again provides the SCORM API, this page launches the SCO in an iframe and
 * records every call the SCO makes, with a snapshot of the LMS's data at each commit.
 *
 * testLms.launch({version: "1.2" | "2004", sco: url, cmi: {...}, failures: {...},
 *                 commitUrl: url, reportUrl: url})
 *   cmi       loaded with scorm-again's loadFromJSON before the SCO starts (a resume).
 *   commitUrl the LMS's server: scorm-again commits there the way Moodle's player does, with a
 *             synchronous XHR (its default), and Terminate sends its data with sendBeacon.
 *   reportUrl every call, its result and the LMS's error code after it are sent there, so
 *             the test still knows them after this page is closed (see report()).
 *   failures  {initialize: true} refuse LMSInitialize/Initialize;
 *             {commit: n} refuse the first n commits (Infinity: all of them);
 *             {set: ["cmi.suspend_data", ...]} refuse SetValue on these elements.
 * Omit the call (or pass {noApi: true}) for a SCO with no LMS around it.
 */
(function () {
  "use strict";

  var NAMES = {
    "1.2": {
      global: "API",
      initialize: "LMSInitialize", terminate: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
      commit: "LMSCommit", lastError: "LMSGetLastError", errorString: "LMSGetErrorString",
      diagnostic: "LMSGetDiagnostic",
    },
    "2004": {
      global: "API_1484_11",
      initialize: "Initialize", terminate: "Terminate", get: "GetValue", set: "SetValue",
      commit: "Commit", lastError: "GetLastError", errorString: "GetErrorString",
      diagnostic: "GetDiagnostic",
    },
  };

  var lms = {
    calls: [], // [name, args, result, time, error code after the call]
    reported: 0, // calls[0..reported) already sent to reportUrl
    dismissing: false, // this page is going away: report each call at once
    commits: [], // cmi snapshots after each successful commit
    refusedCommits: 0,
    terminations: [], // cmi snapshots at LMSFinish/Terminate
    api: null,
    names: null,

    snapshot: function () {
      return lms.api.renderCMIToJSONObject(lms.api.cmi, true).cmi;
    },

    launch: function (options) {
      var names = NAMES[options.version];
      var Api = options.version === "1.2" ? window.Scorm12API : window.Scorm2004API;
      // mastery_override off: the test checks what the course reported, not what the LMS computed.
      var settings = { autocommit: false, mastery_override: false, logLevel: 5 };
      if (options.commitUrl) {
        settings.lmsCommitUrl = options.commitUrl;
        // Marks the data LMSFinish/Terminate sends, so the server knows the session's last word.
        settings.requestHandler = function (data) {
          return Object.assign({}, data, { terminate: lms.terminating });
        };
      }
      var api = new Api(settings);
      lms.reportUrl = options.reportUrl || null;
      if (options.cmi) api.loadFromJSON(options.cmi);
      lms.api = api;
      lms.names = names;
      var failures = options.failures || {};
      var commitsToRefuse = failures.commit || 0;
      var refusedSet = failures.set || [];
      var forcedError = null;

      function record(name, args, result) {
        var code = forcedError ? forcedError.code : String(api[names.lastError]());
        lms.calls.push([name, Array.prototype.slice.call(args), String(result), Date.now(), code]);
        if (lms.dismissing) lms.report();
        return result;
      }
      function refuse(name, args, code, diagnostic) {
        forcedError = { code: code, diagnostic: diagnostic };
        return record(name, args, "false");
      }

      var wrapper = {};
      Object.keys(names).forEach(function (key) {
        if (key === "global") return;
        var name = names[key];
        wrapper[name] = function () {
          var args = arguments;
          if (key === "lastError" && forcedError) return record(name, args, forcedError.code);
          if (key === "errorString" && forcedError) return record(name, args, "General exception");
          if (key === "diagnostic" && forcedError) return record(name, args, forcedError.diagnostic);
          if (key !== "lastError" && key !== "errorString" && key !== "diagnostic") forcedError = null;
          if (key === "initialize" && failures.initialize) {
            return refuse(name, args, "101", "test LMS refuses to initialize");
          }
          if (key === "set" && refusedSet.indexOf(args[0]) >= 0) {
            return refuse(name, args, "101", "test LMS refuses " + args[0]);
          }
          if (key === "commit" && commitsToRefuse > 0) {
            commitsToRefuse -= 1;
            lms.refusedCommits += 1;
            return refuse(name, args, "101", "test LMS refuses the commit");
          }
          lms.terminating = key === "terminate";
          var result = api[name].apply(api, args);
          lms.terminating = false;
          record(name, args, result);
          if (key === "commit" && String(result) === "true") lms.commits.push(lms.snapshot());
          if (key === "terminate") lms.terminations.push(lms.snapshot());
          return result;
        };
      });
      window[names.global] = wrapper;

      var frame = document.createElement("iframe");
      frame.id = "sco";
      frame.title = "SCO";
      frame.src = options.sco;
      document.body.appendChild(frame);
    },

    /* Send the calls not reported yet (a beacon survives this page being closed). */
    report: function () {
      if (!lms.reportUrl || lms.reported >= lms.calls.length) return;
      var batch = { from: lms.reported, calls: lms.calls.slice(lms.reported) };
      lms.reported = lms.calls.length;
      navigator.sendBeacon(lms.reportUrl, JSON.stringify(batch));
    },

    count: function (key) {
      var name = lms.names[key];
      return lms.calls.filter(function (call) { return call[0] === name; }).length;
    },
  };

  // Capture phase: before the SCO frame's own pagehide, whichever order the browser uses.
  window.addEventListener("pagehide", function () {
    lms.dismissing = true;
    lms.report();
  }, true);

  window.testLms = lms;
})();
