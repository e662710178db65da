"""Package-kind rows of test_inspect_zip_findings.py: misplaced manifests, --expect verdicts."""

from __future__ import annotations

from inspect_packages import (
    PAGE,
    cmi5_files,
    qti21_files,
    scorm12_files,
    tincan_files,
    zip_bytes,
)
from zip_entry_cases import CLEAN, NO_PACKAGE, WEB, renamed, subfolder

from courseforge.inspect import rules

KIND_CASES: dict[str, tuple[bytes, tuple[str, ...], int, list[tuple[str, str, str]]]] = {
    "no manifest and no index.html": (
        zip_bytes({"about.html": PAGE}),
        (),
        1,
        [("package-kind-unknown", "", NO_PACKAGE)],
    ),
    "plain site where an LMS package is expected": (
        zip_bytes(WEB),
        ("--expect", "lms"),
        1,
        [("package-kind-unknown", "", NO_PACKAGE)],
    ),
    "web package without index.html": (
        zip_bytes({"about.html": PAGE}),
        ("--expect", "web"),
        1,
        [("launch-file-missing", "", "a web package needs index.html at the root")],
    ),
    "a plain-site zip with a manifest in a subfolder": (
        zip_bytes({**WEB, **{f"course/{n}": d for n, d in scorm12_files().items()}}),
        (),
        1,
        [
            (
                "manifest-not-at-root",
                "course/imsmanifest.xml",
                "course/imsmanifest.xml is in a subfolder; Moodle says: "
                f'"{rules.MOODLE_MANIFEST_NOT_AT_ROOT}"',
            )
        ],
    ),
    "no package where SCORM 1.2 is expected": (
        zip_bytes({"about.html": PAGE}),
        ("--expect", "scorm12"),
        1,
        [("package-kind-unknown", "", NO_PACKAGE)],
    ),
    "TinCan where xapi is expected": (zip_bytes(tincan_files()), ("--expect", "xapi"), 0, []),
    "SCORM manifest in a subfolder": (
        subfolder(scorm12_files()),
        (),
        1,
        [
            (
                "manifest-not-at-root",
                "course/imsmanifest.xml",
                "course/imsmanifest.xml is in a subfolder; Moodle says: "
                f'"{rules.MOODLE_MANIFEST_NOT_AT_ROOT}"',
            )
        ],
    ),
    "cmi5.xml in a subfolder": (
        subfolder(cmi5_files()),
        (),
        1,
        [
            (
                "manifest-not-at-root",
                "course/cmi5.xml",
                "course/cmi5.xml is in a subfolder; mod_cmi5launch reads cmi5.xml only at the "
                "zip root; zip the folder's contents, not the folder",
            )
        ],
    ),
    "tincan.xml in a subfolder": (
        subfolder(tincan_files()),
        (),
        1,
        [
            (
                "manifest-not-at-root",
                "course/tincan.xml",
                "course/tincan.xml is in a subfolder; mod_tincanlaunch reads tincan.xml only at "
                "the zip root; zip the folder's contents, not the folder",
            )
        ],
    ),
    "manifest in the wrong case": (
        renamed(scorm12_files(), "imsmanifest.xml", "IMSManifest.xml"),
        (),
        1,
        [
            (
                "manifest-name-case",
                "IMSManifest.xml",
                "IMSManifest.xml is not named exactly imsmanifest.xml; Moodle matches the name "
                "case-sensitively and will not find it",
            )
        ],
    ),
    "cmi5.xml in the wrong case": (
        renamed(cmi5_files(), "cmi5.xml", "CMI5.xml"),
        (),
        1,
        [
            (
                "manifest-name-case",
                "CMI5.xml",
                "CMI5.xml is not named exactly cmi5.xml; mod_cmi5launch matches the name "
                "case-sensitively and will not find it",
            )
        ],
    ),
    "tincan.xml in the wrong case": (
        renamed(tincan_files(), "tincan.xml", "TinCan.xml"),
        (),
        1,
        [
            (
                "manifest-name-case",
                "TinCan.xml",
                "TinCan.xml is not named exactly tincan.xml; mod_tincanlaunch matches the name "
                "case-sensitively and will not find it",
            )
        ],
    ),
    "SCORM 1.2 where 2004 is expected": (
        CLEAN,
        ("--expect", "scorm2004"),
        1,
        [("package-kind-mismatch", "", "expected a SCORM 2004 package, found SCORM 1.2")],
    ),
    "TinCan where cmi5 is expected": (
        zip_bytes(tincan_files()),
        ("--expect", "cmi5"),
        1,
        [("package-kind-mismatch", "", "expected a cmi5 package, found xAPI (TinCan)")],
    ),
    "QTI where an LMS package is expected": (
        zip_bytes(qti21_files()),
        ("--expect", "lms"),
        1,
        [
            (
                "package-kind-mismatch",
                "",
                "expected an LMS package, found a QTI 2.1 question package: import it into the "
                "question bank of an LMS that reads QTI 2.1, not as a SCORM activity",
            )
        ],
    ),
}
