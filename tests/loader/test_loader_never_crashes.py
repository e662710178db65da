"""Whatever an author types, the loader returns a course or located errors, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.loader.course_factory import LESSON_MD, QUIZ_YAML, write_course

from courseforge.errors import CourseError
from courseforge.loader import load_course

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(
        ["single_choice", "matching", "numeric", "a-b", "https://x.org", "[", "{", ":"]
    ),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "title",
                    "type",
                    "prompt",
                    "choices",
                    "questions",
                    "pairs",
                    "order",
                    "answer",
                    "range",
                    "points",
                    "text",
                    "correct",
                    "pages",
                    "modules",
                    "x",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=12,
)


def _as_yaml(value) -> str:
    import json

    return json.dumps(value, default=str)  # JSON is YAML, and keeps generated data well-formed


# Raw text, YAML-shaped structures, and mutations of valid files.
quiz_texts = st.one_of(
    st.text(max_size=200),
    yaml_values.map(_as_yaml),
    st.builds(
        lambda cut, junk: QUIZ_YAML[:cut] + junk + QUIZ_YAML[cut:],
        st.integers(0, len(QUIZ_YAML)),
        st.text(max_size=12),
    ),
)
lesson_texts = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda front, body: f"---\n{front}\n---\n{body}",
        yaml_values.map(_as_yaml),
        st.text(max_size=80),
    ),
    st.builds(
        lambda cut, junk: LESSON_MD[:cut] + junk + LESSON_MD[cut:],
        st.integers(0, len(LESSON_MD)),
        st.text(max_size=12),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quiz=quiz_texts, lesson=lesson_texts)
def test_arbitrary_sources_give_a_course_or_located_errors(quiz, lesson):
    root = Path(tempfile.mkdtemp())
    try:
        course_dir = write_course(
            root, **{"modules/intro/check.quiz.yaml": quiz, "modules/intro/hello.md": lesson}
        )
        try:
            course = load_course(course_dir)
        except CourseError as exc:
            assert exc.errors
            for error in exc.errors:
                assert error.location.path.endswith((".yaml", ".md"))
                assert error.location.line >= 1 and error.location.col >= 1
                assert error.message
        else:
            assert course.id == "demo"
    finally:
        shutil.rmtree(root)
