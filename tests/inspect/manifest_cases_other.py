"""The cmi5, TinCan and QTI rows of test_inspect_manifest_findings.py."""

from __future__ import annotations

from inspect_packages import (
    SECOND_ACTIVITY,
    cmi5_files,
    qti21_files,
    tincan_files,
)
from manifest_edits import (
    AU,
    GOLF,
    M,
    at,
    cmi5,
    tincan,
    without,
)


def cmi5_cases() -> dict[str, tuple[dict[str, bytes], list[tuple[str, str, str]]]]:
    url_missing = without(cmi5_files(), "index.html")
    relative_id = cmi5(f'<au id="{AU}"', '<au id="au1"')
    same_id = cmi5(f'<au id="{AU}"', '<au id="https://example.com/courses/foreign"')
    outside = cmi5("<url>index.html</url>", "<url>../index.html</url>")
    clash = cmi5("<url>index.html</url>", "<url>index.html?endpoint=x</url>")
    return {
        "masteryScore as a percentage": (
            cmi5_files(mastery="80"),
            [
                (
                    "cmi5-mastery-score",
                    at(cmi5_files(), "cmi5.xml", "<au "),
                    f"au '{AU}' has masteryScore='80'; cmi5 needs a decimal from 0 to 1 (a scaled "
                    "score); for 80% write 0.8",
                )
            ],
        ),
        "masteryScore above 100": (
            cmi5_files(mastery="180"),
            [
                (
                    "cmi5-mastery-score",
                    at(cmi5_files(), "cmi5.xml", "<au "),
                    f"au '{AU}' has masteryScore='180'; cmi5 needs a decimal from 0 to 1 (a "
                    "scaled score)",
                )
            ],
        ),
        "the launch file missing": (
            url_missing,
            [
                (
                    "launch-file-missing",
                    at(url_missing, "cmi5.xml", "<url>"),
                    f"au '{AU}' launches index.html, which is not in the zip",
                )
            ],
        ),
        "an AU id that is no IRI": (
            relative_id,
            [
                (
                    "cmi5-structure",
                    at(relative_id, "cmi5.xml", "<au "),
                    "<au> id must be an absolute IRI, got 'au1'",
                )
            ],
        ),
        "an AU id used by the course": (
            same_id,
            [
                (
                    "cmi5-structure",
                    at(same_id, "cmi5.xml", "<au "),
                    "<au> id 'https://example.com/courses/foreign' is already used on line 3; ids "
                    "must be unique in the course structure",
                )
            ],
        ),
        "a URL above the package": (
            outside,
            [
                (
                    "launch-file-missing",
                    at(outside, "cmi5.xml", "<url>"),
                    f"au '{AU}' launches ../index.html, "
                    "which points above the package root: an LMS serves only what is inside the zip",
                )
            ],
        ),
        "a URL using a launch parameter": (
            clash,
            [
                (
                    "cmi5-structure",
                    at(clash, "cmi5.xml", "<url>"),
                    "<url> query uses the launch parameter name(s) endpoint, which the LMS "
                    "appends at launch",
                )
            ],
        ),
    }


def tincan_cases() -> dict[str, tuple[dict[str, bytes], list[tuple[str, str, str]]]]:
    two = tincan_files(more=SECOND_ACTIVITY)
    none = tincan('<launch lang="en-US">index.html</launch>', "")
    missing = without(tincan_files(), "index.html")
    return {
        "another namespace": (
            tincan_files(namespace="http://example.com/tincan"),
            [
                (
                    "tincan-namespace",
                    "tincan.xml:2",
                    "the root element is '{http://example.com/tincan}tincan'; expected <tincan> "
                    "in http://projecttincan.com/tincan.xsd",
                )
            ],
        ),
        "two launchable activities": (
            two,
            [
                (
                    "tincan-launch-count",
                    at(two, "tincan.xml", 'id="https://example.com/courses/golf/2"'),
                    f"2 activities have a <launch>: '{GOLF}', '{GOLF}/2'; exactly one must "
                    "(launchers and mod_tincanlaunch use the first only)",
                )
            ],
        ),
        "no launchable activity": (
            none,
            [
                (
                    "tincan-launch-count",
                    "tincan.xml:2",
                    "0 activities have a <launch>; exactly one must (launchers and "
                    "mod_tincanlaunch use the first only)",
                )
            ],
        ),
        "the launch file missing": (
            missing,
            [
                (
                    "launch-file-missing",
                    at(missing, "tincan.xml", "<launch"),
                    f"activity '{GOLF}' launches index.html, which is not in the zip",
                )
            ],
        ),
        "an activity without a name": (
            tincan("<name>Golf example</name>", ""),
            [
                (
                    "tincan-structure",
                    at(tincan_files(), "tincan.xml", "<activity "),
                    "<activity> needs a non-empty <name>",
                )
            ],
        ),
    }


def qti_cases() -> dict[str, tuple[dict[str, bytes], list[tuple[str, str, str]]]]:
    sound = qti21_files()
    return {
        "an item typed as a test": (
            qti21_files(item_type="imsqti_test_xmlv2p1"),
            [
                (
                    "qti-reference",
                    "q/item1.xml:3",  # where the multi-line start tag ends
                    "resource 'item-1' is typed for an <assessmentTest>, but q/item1.xml holds "
                    "<assessmentItem>; QTI importers read it by its resource type",
                )
            ],
        ),
        "a test naming an item not in the zip": (
            qti21_files(item_href="../q/item2.xml"),
            [
                (
                    "qti-reference",
                    at(sound, "tests/test1.xml", "<assessmentItemRef"),
                    "item 'item1' of the test is q/item2.xml, which is not in the zip",
                )
            ],
        ),
        "a declared file missing": (
            without(sound, "q/img/dot.png"),
            [
                (
                    "file-missing",
                    at(sound, M, "q/img/dot.png"),
                    "resource 'item-1' declares q/img/dot.png, which is not in the zip",
                )
            ],
        ),
        "a file nothing declares": (
            {**sound, "q/notes.txt": b"draft"},
            [
                (
                    "file-undeclared",
                    "q/notes.txt",
                    "q/notes.txt is in the zip but no resource declares it (<file href>); IMS "
                    "content packaging lists every file a resource uses",
                )
            ],
        ),
    }
