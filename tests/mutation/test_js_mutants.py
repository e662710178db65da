"""The JS mutator changes operators, numbers and booleans of one function, and nothing else."""

from __future__ import annotations

from tests.mutation.js_mutants import function_span, mutants

SOURCE = """\
const outside = 1 + 2;
function target(a, b) {
  // a comment: 1 + 2 === 3
  const text = "x === y" + `t ${a > 1 ? "}" : "{"}`;
  if (/a+b/.test(text) && a / b >= 0) return !true;
  return { inner: () => a - 0 };
}
const after = 3 * 4;
"""


def test_only_the_functions_own_operators_and_constants_change():
    found = mutants(SOURCE, "demo.js", "target")

    changed = [(m.original_line, m.mutated_line) for m in found]
    assert [after for _, after in changed] == [
        'const text = "x === y" - `t ${a > 1 ? "}" : "{"}`;',
        "if (/a+b/.test(text) || a / b >= 0) return !true;",
        "if (/a+b/.test(text) && a * b >= 0) return !true;",
        "if (/a+b/.test(text) && a / b > 0) return !true;",
        "if (/a+b/.test(text) && a / b < 0) return !true;",
        "if (/a+b/.test(text) && a / b >= 1) return !true;",
        "if (/a+b/.test(text) && a / b >= 0) return true;",
        "if (/a+b/.test(text) && a / b >= 0) return !false;",
        "return { inner: () => a + 0 };",
        "return { inner: () => a - 1 };",
    ]
    assert [m.id for m in found][:2] == ["demo.js:target:1", "demo.js:target:2"]


def test_the_function_body_ends_at_its_own_brace():
    start, end = function_span(SOURCE, "target")

    assert SOURCE[start] == "{" and SOURCE[end - 1] == "}"
    assert SOURCE[end:].startswith("\nconst after")


TABLE = """\
var proto = {};
proto.answered = function (x) { return x > 1; };
const KINDS = {
  numeric: {
    response: function (v) { return v + 1; },
    correct: (q) => q.min <= q.max,
  },
  "fill-in": {
    correct: (q, v) => [q, v].map((a) => a * 2), after: 1,
  },
  decode(q, text) { return text === "1"; },
};
const pointsOf = (qi) => qi.reduce((sum, q) => {
  return sum + q;
}, 0);
"""


def test_methods_arrows_and_table_entries_are_found_by_name():
    def body(name: str) -> str:
        start, end = function_span(TABLE, name)
        return TABLE[start:end]

    assert body("answered") == "{ return x > 1; }"
    assert body("numeric.correct") == "q.min <= q.max"
    assert body("fill-in.correct") == "[q, v].map((a) => a * 2)"
    assert body("decode") == '{ return text === "1"; }'
    assert body("pointsOf").startswith("qi.reduce(") and body("pointsOf").endswith("}, 0)")
