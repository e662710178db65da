"""Screenshots of a lesson, a quiz with feedback and the results page, for people to look at.

Each is checked from its pixels too: the page's own background fills it, in the colour
scheme asked for, with text and controls drawn on it.
"""

from __future__ import annotations

import pytest
from tests.runtime.learner import artifacts_path, go_to, open_course
from tests.runtime.pixels import summarise

# courseforge.css: --bg and --surface (the menu, the question cards), light and dark.
BACKGROUNDS = {
    "light": {(0xFF, 0xFF, 0xFF), (0xF3, 0xF5, 0xF7)},
    "dark": {(0x11, 0x14, 0x18), (0x1A, 0x1F, 0x25)},
}
# --right and --wrong: the verdicts and marks after checking answers.
VERDICTS = {
    "light": ((0x14, 0x6C, 0x2E), (0xB3, 0x26, 0x1E)),
    "dark": ((0x6D, 0xD5, 0x8C), (0xF2, 0x8B, 0x82)),
}


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
    # The last check ends the attempt; its announcement (after a pause) carries the score.
    page.wait_for_function(
        "() => document.querySelector('#cf-announce').textContent.includes('You scored')"
    )
    shots.append(
        session.screenshot(artifacts_path(artifacts_dir, f"quiz-feedback-{width}-{scheme}.png"))
    )

    go_to(page, "_results")
    shots.append(session.screenshot(artifacts_path(artifacts_dir, f"results-{width}-{scheme}.png")))

    summaries = [summarise(session.context, shot, VERDICTS[scheme]) for shot in shots]
    for shot, pixels in zip(shots, summaries, strict=True):
        assert pixels.width == width, shot.name
        assert pixels.background in BACKGROUNDS[scheme], (shot.name, pixels)
        # Mostly background, but not blank: text, borders and controls in many shades.
        assert 0.5 < pixels.background_share < 0.99, (shot.name, pixels)
        assert pixels.colours > 20, (shot.name, pixels)
        if scheme == "dark":
            assert pixels.background_luminance < 0.05, shot.name
        else:
            assert pixels.background_luminance > 0.9, shot.name
    right, wrong = summaries[1].found
    assert right > 500 and wrong > 500  # answers marked right and wrong, in those colours
    assert summaries[0].found[1] == 0  # a lesson shows nothing as wrong
    session.assert_no_console_errors()
