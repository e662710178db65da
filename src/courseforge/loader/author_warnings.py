"""Problems that do not stop a build but that an author should look at."""

from __future__ import annotations

from urllib.parse import urlsplit

from courseforge.errors import AuthorError, SourceLocation, display_path
from courseforge.loader.lesson_references import lesson_references
from courseforge.loader.media_checks import is_embed_image, media_warnings
from courseforge.model.course import Course
from courseforge.render.media import media_type

LARGE_ASSET_BYTES = 1_000_000


def course_warnings(course: Course) -> list[AuthorError]:
    """Return problems that do not stop a build but that an author should look at."""
    from courseforge.i18n.overrides import missing_translation_warnings
    from courseforge.loader.quiz_lint import quiz_warnings  # late: it imports this module's deps

    warnings = quiz_warnings(course) + missing_translation_warnings(course)
    for quiz in course.quizzes():
        authored = quiz.pass_mark
        if quiz.graded and authored is not None:
            # The course passes on mastery_score; a different quiz pass mark confuses learners.
            derived = quiz.model_copy(update={"pass_mark": None}).points_to_pass(
                course.mastery_score
            )
            if authored != derived:
                warnings.append(
                    AuthorError(
                        SourceLocation(display_path(quiz.source)),
                        "pass_mark",
                        f"passing this graded quiz takes {authored} of {quiz.total_points} points, "
                        f"but the course mastery_score ({course.mastery_score}%) takes {derived}",
                    )
                )
    for _relative, path in sorted(course.assets.items()):
        size = path.stat().st_size
        # Video and audio are large by nature: the package-size warning weighs them instead.
        if size > LARGE_ASSET_BYTES and media_type(path.name) is None:
            warnings.append(
                AuthorError(
                    SourceLocation(display_path(path)),
                    "",
                    f"asset is {size / 1e6:.1f} MB; large files slow learners and may exceed "
                    "LMS upload limits",
                )
            )
    for lesson in course.lessons():
        if not lesson.body.strip():
            warnings.append(
                AuthorError(SourceLocation(display_path(lesson.source)), "", "lesson has no text")
            )
        for reference in lesson_references(lesson):
            # The learner pages never load anything from another site; an author's image would.
            # (Another site's video is a click-to-load placeholder: media_warnings says so.)
            if (
                reference.kind == "image"
                and urlsplit(reference.ref).netloc
                and not is_embed_image(reference.ref)
            ):
                warnings.append(
                    AuthorError(
                        SourceLocation(display_path(lesson.source), reference.line, 1),
                        "image",
                        f"image loads from another site ({reference.ref!r}); it is missing "
                        "offline and may be blocked inside an LMS: put the file next to the lesson",
                    )
                )
    return warnings + media_warnings(course)
