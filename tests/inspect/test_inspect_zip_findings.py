"""Findings about the zip itself and what kind of package it is, word for word.

Each case is a zip with one fault; the test reads `inspect --json` and asserts every problem the
admin gets (rule, `where`, exact message) and the exit code. Zip-level rules and the package-kind
rules of inspector.py: entry names, links, corrupt or oversized data, misplaced or misnamed
manifests of every format, the --expect verdicts, and a bug in a check.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_zips import (
    break_deflate_stream,
    claim_entry_count,
    claim_unpacked_size,
    deflated_zip,
    flip_data_byte,
    rename_raw,
    symlink_zip,
)
from inspect_packages import (
    PAGE,
    cmi5_files,
    qti21_files,
    scorm12_files,
    tincan_files,
    zip_bytes,
)
from test_inspect_entries import declared

from courseforge.cli import main
from courseforge.inspect import expectations, inspect_package, rules
from courseforge.inspect.entry_checks import MAX_UNPACKED_BYTES

UNDECLARED = (
    "is in the zip but no resource declares it (<file href>); "
    "SCORM content packaging lists every file (ADL's test suite checks it)"
)
NO_PACKAGE = (
    "no imsmanifest.xml, cmi5.xml or tincan.xml at the zip root, so this is not an LMS "
    'package; Moodle says: "Incorrect file package - missing imsmanifest.xml or AICC structure" '
    "(for a plain web site, pass --expect web)"
)


def inspect_json(tmp_path: Path, package: bytes, *options: str) -> tuple[int, list[tuple]]:
    path = tmp_path / "package.zip"
    path.write_bytes(package)
    result = CliRunner().invoke(
        main, ["inspect", "--json", *options, str(path)], catch_exceptions=False
    )
    report = json.loads(result.stdout)
    return result.exit_code, [(p["rule"], p["where"], p["message"]) for p in report["problems"]]


def subfolder(files: dict[str, bytes]) -> bytes:
    return zip_bytes({f"course/{name}": data for name, data in files.items()})


def renamed(files: dict[str, bytes], old: str, new: str) -> bytes:
    return zip_bytes({(new if name == old else name): data for name, data in files.items()})


def duplicate_zip() -> bytes:
    buffer = io.BytesIO()
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(buffer, "w") as archive,
    ):
        for name, data in scorm12_files().items():
            archive.writestr(name, data)
        archive.writestr("shared/style.css", b"body{color:red}")
    return buffer.getvalue()


CLEAN = zip_bytes(scorm12_files())
LINK_DECLARED = {
    k: v for k, v in declared(scorm12_files(), "shared/link.css").items() if k != "shared/link.css"
}
# The real sizes of the entries besides shared/launch.html, whose size the cases below patch.
OTHERS = sum(len(data) for name, data in scorm12_files().items() if name != "shared/launch.html")
TOO_LARGE_TOTAL = MAX_UNPACKED_BYTES + 1 + OTHERS
AT_LIMIT = MAX_UNPACKED_BYTES - OTHERS  # the whole zip then declares exactly the limit
WEB = {"index.html": PAGE, "about.html": PAGE}

# case → (zip bytes, --expect options, exit code, every problem as (rule, where, message))
CASES: dict[str, tuple[bytes, tuple[str, ...], int, list[tuple[str, str, str]]]] = {
    "not a zip": (
        b"not a zip at all",
        (),
        1,
        [("zip-invalid", "", "not a readable zip archive: File is not a zip file")],
    ),
    "too many entries": (
        claim_entry_count(CLEAN, 60_000),
        (),
        1,
        [("zip-too-large", "", "the zip declares 60,000 entries, more than 50,000; not read")],
    ),
    "too large unpacked": (
        claim_unpacked_size(CLEAN, "shared/launch.html", MAX_UNPACKED_BYTES + 1),
        (),
        1,
        [
            (
                "zip-too-large",
                "",
                f"the entries declare {TOO_LARGE_TOTAL:,} bytes unpacked, "
                "more than 2,147,483,648; their data was not checked",
            )
        ],
    ),
    "as many entries claimed as allowed": (claim_entry_count(CLEAN, 50_000), (), 0, []),
    "as many bytes claimed as allowed, the data holding fewer": (
        claim_unpacked_size(CLEAN, "shared/launch.html", AT_LIMIT),
        (),
        1,
        [
            (
                "zip-entry-corrupt",
                "shared/launch.html",
                "entry 'shared/launch.html' cannot be unpacked: it holds 34 bytes, but the zip "
                f"declares {AT_LIMIT:,}",
            )
        ],
    ),
    "a deflated entry holding fewer bytes than declared": (
        claim_unpacked_size(deflated_zip(scorm12_files()), "shared/style.css", 7),
        (),
        1,
        [
            (
                "zip-entry-corrupt",
                "shared/style.css",
                "entry 'shared/style.css' cannot be unpacked: it holds 6 bytes, but the zip "
                "declares 7",
            )
        ],
    ),
    "entry climbing out": (
        zip_bytes({**scorm12_files(), "../evil.html": b"x"}),
        (),
        1,
        [
            (
                "zip-unsafe-name",
                "../evil.html",
                "entry name '../evil.html' contains a `..` segment; unpacking this zip could "
                "write outside its folder",
            )
        ],
    ),
    "absolute entry": (
        zip_bytes({**scorm12_files(), "/etc/evil.html": b"x"}),
        (),
        1,
        [
            (
                "zip-unsafe-name",
                "/etc/evil.html",
                "entry name '/etc/evil.html' is an absolute path; unpacking this zip could "
                "write outside its folder",
            )
        ],
    ),
    "backslash entry": (
        zip_bytes({**scorm12_files(), "shared\\evil.html": b"x"}),
        (),
        1,
        [
            (
                "zip-unsafe-name",
                "shared\\evil.html",
                "entry name 'shared\\\\evil.html' contains a backslash (a folder separator on "
                "Windows); unpacking this zip could write outside its folder",
            )
        ],
    ),
    "drive letter entry": (
        zip_bytes({**scorm12_files(), "C:/evil.html": b"x"}),
        (),
        1,
        [
            (
                "zip-unsafe-name",
                "C:/evil.html",
                "entry name 'C:/evil.html' starts with a drive letter; unpacking this zip could "
                "write outside its folder",
            )
        ],
    ),
    "NUL in a name": (
        rename_raw(
            zip_bytes({**scorm12_files(), "evil.html_.js": b"x"}),
            "evil.html_.js",
            b"evil.html\0.js",
        ),
        (),
        1,
        [
            (
                "zip-unsafe-name",
                "evil.html\0.js",
                # An unzipper in C ends the name at the NUL: it writes evil.html instead.
                "entry name 'evil.html\\\\x00.js' contains a NUL character; unpacking this zip "
                "could write outside its folder",
            )
        ],
    ),
    "duplicate entry": (
        duplicate_zip(),
        (),
        1,
        [
            (
                "zip-duplicate-name",
                "shared/style.css",
                "2 entries are named 'shared/style.css'; which one an LMS unpacks is undefined",
            )
        ],
    ),
    "names differing in case": (
        zip_bytes(declared(scorm12_files(), "shared/STYLE.css")),
        (),
        1,
        [
            (
                "zip-case-collision",
                "shared/STYLE.css",
                "entries 'shared/STYLE.css', 'shared/style.css' differ only in letter case; "
                "unpacked on a case-insensitive file system (Windows, macOS) one replaces the "
                "other",
            )
        ],
    ),
    "bidi override in a name": (
        zip_bytes(declared(scorm12_files(), "shared/invoice\u202efdp.js")),
        (),
        1,
        [
            (
                "zip-name-characters",
                "shared/invoice\u202efdp.js",
                "entry name 'shared/invoice\\\\u202efdp.js' contains \\u202e: control characters "
                "and bidi overrides make a name display as something else",
            )
        ],
    ),
    "symbolic link": (
        symlink_zip(LINK_DECLARED, "shared/link.css", b"/etc/passwd"),
        (),
        1,
        [
            (
                "zip-symlink",
                "shared/link.css",
                "entry 'shared/link.css' is a symbolic link; an LMS that unpacks it with its mode "
                "could serve any file of its server in its place",
            )
        ],
    ),
    "corrupt entry": (
        flip_data_byte(CLEAN, "shared/launch.html"),
        (),
        1,
        [
            (
                "zip-entry-corrupt",
                "shared/launch.html",
                "entry 'shared/launch.html' cannot be unpacked: BadZipFile: Bad CRC-32 for file "
                "'shared/launch.html'",
            )
        ],
    ),
    "a manifest claiming fewer bytes than it holds": (
        claim_unpacked_size(CLEAN, "imsmanifest.xml", 100),
        (),
        1,
        [
            (
                "zip-entry-corrupt",
                "imsmanifest.xml",
                "entry 'imsmanifest.xml' cannot be unpacked: BadZipFile: Bad CRC-32 for file "
                "'imsmanifest.xml'",
            )
        ],
    ),
    "the same in a zip too large to check": (
        claim_unpacked_size(
            claim_unpacked_size(CLEAN, "imsmanifest.xml", 100),
            "shared/launch.html",
            MAX_UNPACKED_BYTES + 1,
        ),
        (),
        1,
        [
            (
                "zip-too-large",
                "",
                f"the entries declare {MAX_UNPACKED_BYTES + 1 + 100 + 6:,} bytes unpacked, more "
                "than 2,147,483,648; their data was not checked",
            ),
            (
                "zip-entry-corrupt",
                "imsmanifest.xml",
                "entry 'imsmanifest.xml' cannot be unpacked: BadZipFile: Bad CRC-32 for file "
                "'imsmanifest.xml'",
            ),
        ],
    ),
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


@pytest.mark.parametrize("case", CASES)
def test_each_zip_fault_is_reported_in_these_words_at_this_place(tmp_path, case):
    package, options, exit_code, expected = CASES[case]
    assert inspect_json(tmp_path, package, *options) == (exit_code, expected)


def test_a_manifest_the_data_check_skipped_says_why_it_cannot_be_read(tmp_path):
    """A zip too large to check still has its manifest read: a corrupt one is named, not lost."""
    for files, control in (
        (scorm12_files(), "imsmanifest.xml"),
        (cmi5_files(), "cmi5.xml"),
        (tincan_files(), "tincan.xml"),
    ):
        broken = break_deflate_stream(deflated_zip(files), control)
        big = next(name for name in files if name != control)
        package = claim_unpacked_size(broken, big, MAX_UNPACKED_BYTES + 1)
        code, problems = inspect_json(tmp_path, package)
        assert code == 1
        assert [problem[:2] for problem in problems] == [
            ("zip-too-large", ""),
            ("zip-entry-corrupt", control),
        ]
        assert problems[1][2] == (
            f"entry {control!r} cannot be unpacked: error: Error -3 while decompressing data: "
            "invalid block type"
        )


def test_a_qti_item_the_data_check_skipped_says_why_it_cannot_be_read(tmp_path):
    broken = break_deflate_stream(deflated_zip(qti21_files()), "q/item1.xml")
    package = claim_unpacked_size(broken, "q/img/dot.png", MAX_UNPACKED_BYTES + 1)
    code, problems = inspect_json(tmp_path, package)
    assert code == 1
    assert [problem[:2] for problem in problems] == [
        ("zip-too-large", ""),
        ("zip-entry-corrupt", "q/item1.xml"),
    ]


def test_a_corrupt_manifest_is_reported_once_when_the_data_check_saw_it(tmp_path):
    code, problems = inspect_json(
        tmp_path, break_deflate_stream(deflated_zip(scorm12_files()), "imsmanifest.xml")
    )
    assert (code, [problem[:2] for problem in problems]) == (
        1,
        [("zip-entry-corrupt", "imsmanifest.xml")],
    )


def test_a_bug_in_a_check_asks_for_a_report_in_these_words(monkeypatch):
    from courseforge.inspect import scorm_rules

    def broken(self, root):
        raise KeyError("a bug")

    monkeypatch.setattr(scorm_rules.ScormManifestCheck, "read", broken)
    report = inspect_package(io.BytesIO(CLEAN))
    assert [(p.rule, p.where, p.message) for p in report.problems] == [
        (
            "inspect-failed",
            "",
            "inspect stopped early on KeyError: 'a bug'; "
            "please report this courseforge bug with the package",
        )
    ]
    assert not report.ok


def test_a_plain_site_is_checked_by_the_web_rules(tmp_path):
    report = inspect_package(io.BytesIO(zip_bytes(WEB)), expect="web")
    assert (report.ok, report.kind, report.launch) == (True, "web", "index.html")
    web_rules = [rule.id for rule in rules.rules_for("web")]
    assert web_rules == ["launch-file-missing"]
    assert set(web_rules) <= set(report.rules_checked)
    # As `inspect` without --expect reads it: index.html at the root makes it a plain site too.
    plain = inspect_package(io.BytesIO(zip_bytes(WEB)), expect="any")
    assert (plain.kind, plain.rules_checked) == ("web", report.rules_checked)


def test_an_unknown_expectation_is_refused_with_the_known_ones():
    with pytest.raises(ValueError) as refused:
        inspect_package(io.BytesIO(CLEAN), expect="scorm3")
    known = ", ".join(expectations())
    assert str(refused.value) == f"expect must be one of {known}, got 'scorm3'"
    assert {"lms", "web", "scorm12", "scorm2004", "cmi5", "xapi", "tincan", "qti21"} <= set(
        expectations()
    )
