/* xAPI adapter, part 2 of 4: what the course's pages and questions look like in xAPI, and the
 * statements the adapter makes of them. (Concatenated after xapi-lrs.js; see targets/xapi.py.)
 */

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

// Where xAPI writes patterns differently from SCORM 2004 (patterns.js holds the syntax).
var PATTERNS_XAPI = {
  number: String,
  textLimit: 0,
  fillInMax: 0,
  caseMattersAlways: true,
  exactAsRange: false,
};

function responseText(interaction) {
  var text = responsePattern(interaction, interaction.response, PATTERNS_XAPI);
  return text === null || text === undefined ? "" : text;
}

function interactionDefinition(lang, interaction) {
  var type = interaction.type;
  var definition = {
    type: ACTIVITY_TYPES.interaction,
    name: langMap(lang, shorten(interaction.prompt || interaction.id, 120)),
    description: langMap(lang, interaction.prompt || interaction.id),
    interactionType: standardInteractionType(interaction),
  };
  if (interaction.correct !== null && interaction.correct !== undefined) {
    definition.correctResponsesPattern = correctResponsePatterns(interaction, PATTERNS_XAPI);
  }
  if (type === "choice") definition.choices = components(lang, interaction.choices);
  if (type === "sequencing") definition.choices = components(lang, interaction.choices);
  if (type === "matching") {
    definition.source = components(lang, interaction.sources);
    definition.target = components(lang, interaction.targets);
  }
  return definition;
}

// cmi5 §9.5.1: raw is an integer and comes with min and max.
function scoreOf(record) {
  if (typeof record.scoreScaled !== "number") return null;
  var score = { scaled: Math.round(record.scoreScaled * 10000) / 10000 };
  if (typeof record.scoreRaw === "number" && Math.round(record.scoreRaw) === record.scoreRaw) {
    score.raw = record.scoreRaw;
    score.min = 0;
    score.max = 100;
  }
  return score;
}

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

function addActivity(context, list, activity) {
  context.contextActivities = context.contextActivities || {};
  var entries = context.contextActivities[list];
  if (entries && !Array.isArray(entries)) entries = [entries];
  entries = entries || [];
  if (
    !entries.some(function (e) {
      return e.id === activity.id;
    })
  ) {
    entries.push(activity);
  }
  context.contextActivities[list] = entries;
}

// ---- the adapter's statements (methods of XapiTracking, xapi.js) ------------------------------

var statements = XapiTracking.prototype;

statements.verb = function (name) {
  return { id: VERBS[name], display: { "en-US": name } };
};

statements.courseObject = function () {
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
statements.baseContext = function () {
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

statements.statement = function (verbName, object, result, context, timestamp) {
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
statements.sendDefined = function (verbName, result) {
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
statements.sendAllowed = function (verbName, object, result, parent, timestamp) {
  var context = this.baseContext();
  context.language = this.course.language;
  addActivity(context, "parent", parent || { objectType: "Activity", id: this.objectId });
  addActivity(context, "grouping", { objectType: "Activity", id: this.objectId });
  this.queue.push(this.statement(verbName, object, result, context, timestamp));
  this.scheduleSync();
};

statements.openSession = function () {
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
