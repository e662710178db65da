/* courseforge learner runtime, part 2: the saved state string (format in
   docs/runtime-contract.md; Python mirror: courseforge.render.state). See courseforge.js. */

const b36 = (n) => n.toString(36);
// Free text may hold any character; the build's table says which ones "!" escapes.
const ESCAPES = RUNTIME.textEscapes;
const UNESCAPES = {};
Object.keys(ESCAPES).forEach((plain) => { UNESCAPES[ESCAPES[plain][1]] = plain; });
const ESCAPED = new RegExp("[" + Object.keys(ESCAPES).join("").replace(/[\\\]^-]/g, "\\$&") + "]", "g");

const escapeText = (text) => text.replace(ESCAPED, (c) => ESCAPES[c]);
const unescapeText = (text) => text.replace(/!(.)/g, (_, c) => UNESCAPES[c]);

// One answer's value: its question type's module writes and reads it (runtime/questions/).
const encodeValue = (q, value) => kindOf(q).encode(q, value);

function decodeValue(q, text) {
  const indexes = (count) => Array.from(text, (c) => {
    const i = c === "-" ? -1 : parseInt(c, 36);
    if (!(i < count)) throw new Error("index out of range");
    return i;
  });
  return kindOf(q).decode(q, text, indexes);
}

function encodeState() {
  const visited = [];
  for (let start = 0; start < RESULTS; start += 5) {
    let bits = 0;
    for (let bit = 0; bit < 5; bit++) if (state.visited[start + bit]) bits += 1 << bit;
    visited.push(b36(bits));
  }
  const quizFields = state.quizzes.map((saved, qi) => {
    const answers = trimEnd(saved.answers.map((a, i) =>
      (a ? (a.checked ? "" : "*") + encodeValue(quizzes[qi].questions[i], a.value) : "")));
    if (!saved.n && !answers.length) return "";
    return [b36(saved.n), saved.best === null ? "" : b36(saved.best)].concat(answers).join("|");
  });
  const fields = [RUNTIME.stateVersion, course.fingerprint, b36(state.page), visited.join(""), b36(state.seed)];
  return fields.concat(trimEnd(quizFields)).join("~");
}

function decodeState(text) {
  const fields = text.split("~");
  if (fields[0] !== RUNTIME.stateVersion || fields[1] !== course.fingerprint) return null;
  const decoded = { page: parseInt(fields[2], 36), visited: [], seed: parseInt(fields[4], 36) };
  Array.from(fields[3]).forEach((digit, k) => {
    for (let bit = 0; bit < 5; bit++) if (parseInt(digit, 32) & (1 << bit)) decoded.visited[5 * k + bit] = true;
  });
  decoded.quizzes = quizzes.map((quiz, qi) => {
    const parts = (fields[5 + qi] || "").split("|");
    return {
      n: parseInt(parts[0], 36) || 0,
      best: parts[1] ? parseInt(parts[1], 36) : null,
      answers: quiz.questions.map((q, i) => {
        const text = parts[2 + i];
        if (!text) return null;
        const checked = text[0] !== "*";
        return { checked, value: decodeValue(q, checked ? text : text.slice(1)) };
      }),
    };
  });
  if (!(decoded.page >= 0 && decoded.page <= RESULTS && decoded.seed >= 0)) return null;
  return decoded;
}
