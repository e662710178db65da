"""Screenshots of a lesson, a quiz with feedback and the results page, for people to look at."""

from __future__ import annotations

import pytest
from tests.runtime.learner import artifacts_path, go_to, open_course


@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (1280, "light"), (375, "dark")])
def test_lesson_quiz_feedback_and_results_screenshots(
    new_browser_session, seed_server, artifacts_dir, width, scheme
):
    session = new_browser_session(viewport=(width, 900), color_scheme=scheme)
    page = session.page
    open_course(page, seed_server + "/index.html")
    shots = []

    go_to(page, "what-youll-learn")
    shots.append(session.screenshot(artifacts_path(artifacts_dir, f"lesson-{width}-{scheme}.png")))

    go_to(page, "stage-1-check")
    page.fill("#q-stage-1-container-tool-answer", "Docker")
    page.click("[data-question=stage-1-container-tool] .cf-check")
    page.fill("#q-stage-1-cloud-service-answer", "Azure")
    page.click("[data-question=stage-1-cloud-service] .cf-check")
    page.check("#q-stage-1-key-actions-0")
    page.check("#q-stage-1-key-actions-2")
    page.click("[data-question=stage-1-key-actions] .cf-check")
    page.wait_for_timeout(100)  # let the live region settle, so focus styles are final
    shots.append(
        session.screenshot(artifacts_path(artifacts_dir, f"quiz-feedback-{width}-{scheme}.png"))
    )

    go_to(page, "_results")
    shots.append(session.screenshot(artifacts_path(artifacts_dir, f"results-{width}-{scheme}.png")))

    assert all(shot.stat().st_size > 10_000 for shot in shots)
    session.assert_no_console_errors()
