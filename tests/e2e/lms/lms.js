/* A test LMS: scorm-again provides the SCORM API, this page launches the SCO in an iframe and
 * records every call the SCO makes, with a snapshot of the LMS's data at each commit.
 *
 * testLms.launch({version: "1.2" | "2004", sco: url, cmi: {...}, failures: {...}})
 *   cmi       loaded with scorm-again's loadFromJSON before the SCO starts (a resume).
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
    calls: [], // [name, args, result, time]
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
      var api = new Api({ autocommit: false, mastery_override: false, logLevel: 5 });
      if (options.cmi) api.loadFromJSON(options.cmi);
      lms.api = api;
      lms.names = names;
      var failures = options.failures || {};
      var commitsToRefuse = failures.commit || 0;
      var refusedSet = failures.set || [];
      var forcedError = null;

      function record(name, args, result) {
        lms.calls.push([name, Array.prototype.slice.call(args), String(result), Date.now()]);
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
          var result = api[name].apply(api, args);
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

    count: function (key) {
      var name = lms.names[key];
      return lms.calls.filter(function (call) { return call[0] === name; }).length;
    },
  };

  window.testLms = lms;
})();
