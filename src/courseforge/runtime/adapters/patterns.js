/* Response patterns, the one syntax SCORM 2004 (RTE 4.2.9) and xAPI (1.0.3, interaction
 * activities) share: "[,]" between items, "[.]" inside a pair, "[:]" around a numeric range and
 * "{case_matters=}" / "{lang=}" prefixes. Shipped inside the scorm2004 and xapi adapters (see
 * targets/scorm_common.py and targets/xapi.py); a dialect says where the two standards differ.
 *
 * dialect = {
 *   number(value) -> text,      // how a number is written
 *   textLimit: n | 0,           // longest free text item (0: no limit)
 *   fillInMax: n | 0,           // most fill-in correct patterns (0: no limit)
 *   caseMattersAlways: bool,    // write {case_matters=} on every fill-in pattern
 *   exactAsRange: bool,         // an exact number is "n[:]n" rather than "n"
 * }
 */

var PATTERN_DELIMITER = /\[([,.:])\]/g;

/* Free text as one pattern item: a reserved delimiter becomes "(,)" etc. and a leading "{"
 * becomes "(", so no learner or author text can be read as a delimiter or a {prefix}.
 * (scorm-again refuses a response starting with "{" even after a {lang=} prefix.) */
function patternText(value, limit) {
  var text = String(value === null || value === undefined ? "" : value)
    .replace(PATTERN_DELIMITER, "($1)")
    .replace(/^\{/, "(");
  return limit ? text.slice(0, limit) : text;
}

function patternIds(ids) {
  return (Array.isArray(ids) ? ids : ids === null || ids === undefined ? [] : [ids]).join("[,]");
}

function patternPairs(pairs) {
  return (pairs || [])
    .filter(function (pair) { return pair && pair[1]; })
    .map(function (pair) { return pair[0] + "[.]" + pair[1]; })
    .join("[,]");
}

// Most correct patterns a cloze gets when the dialect sets no limit (one per combination).
var CLOZE_PATTERN_MAX = 10;

/* A cloze: one fill-in item per blank, in passage order ({order_matters=true}). */
function clozeCorrect(interaction, dialect) {
  var blanks = interaction.correct;
  var max = dialect.fillInMax || CLOZE_PATTERN_MAX;
  var combinations = [[]];
  blanks.forEach(function (blank) {
    var longer = [];
    combinations.forEach(function (items) {
      blank.answers.forEach(function (answer) {
        if (longer.length < max) longer.push(items.concat(patternText(answer, dialect.textLimit)));
      });
    });
    combinations = longer;
  });
  var caseMatters = blanks.every(function (blank) { return blank.caseSensitive; });
  var prefix = caseMatters || dialect.caseMattersAlways ? "{case_matters=" + caseMatters + "}" : "";
  return combinations.map(function (items) { return prefix + "{order_matters=true}" + items.join("[,]"); });
}

/* One entry per interaction type (the runtime contract's): the learner's response, the correct
 * patterns, and the standards' interaction type when it is another. */
var RESPONSE_PATTERNS = {
  "true-false": {
    response: function (value) { return value ? "true" : "false"; },
  },
  choice: { response: patternIds },
  sequencing: { response: patternIds },
  matching: { response: patternPairs },
  numeric: {
    // What the learner typed may not be a number; then there is no response.
    response: function (value, dialect) {
      var typed = value === null || value === undefined ? "" : String(value).trim();
      return typed !== "" && isFinite(Number(typed)) ? dialect.number(typed) : null;
    },
    correct: function (interaction, dialect) {
      var correct = interaction.correct;
      if (correct.min === correct.max && !dialect.exactAsRange) return [dialect.number(correct.min)];
      return [dialect.number(correct.min) + "[:]" + dialect.number(correct.max)];
    },
  },
  "fill-in": {
    response: function (value, dialect) {
      return patternText(value, dialect.textLimit);
    },
    correct: function (interaction, dialect) {
      var correct = interaction.correct;
      var answers = dialect.fillInMax ? correct.answers.slice(0, dialect.fillInMax) : correct.answers;
      return answers.map(function (answer) {
        var prefix = correct.caseSensitive || dialect.caseMattersAlways
          ? "{case_matters=" + Boolean(correct.caseSensitive) + "}"
          : "";
        var text = patternText(answer, 0);
        return dialect.textLimit ? (prefix + text).slice(0, dialect.textLimit) : prefix + text;
      });
    },
  },
  cloze: {
    interactionType: "fill-in",
    response: function (value, dialect) {
      return (value || []).map(function (text) { return patternText(text, dialect.textLimit); }).join("[,]");
    },
    correct: clozeCorrect,
  },
};

/* The interaction type the standards know (a cloze is a fill-in with one item per blank). */
function standardInteractionType(interaction) {
  return RESPONSE_PATTERNS[interaction.type].interactionType || interaction.type;
}

/* The learner's response to one interaction, as a pattern (null when there is none). */
function responsePattern(interaction, value, dialect) {
  return RESPONSE_PATTERNS[interaction.type].response(value, dialect);
}

/* Every correct response pattern of one interaction. */
function correctResponsePatterns(interaction, dialect) {
  var entry = RESPONSE_PATTERNS[interaction.type];
  if (entry.correct) return entry.correct(interaction, dialect);
  return [entry.response(interaction.correct, dialect)];
}
