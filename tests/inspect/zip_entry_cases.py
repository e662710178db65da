"""Zip-level rows of test_inspect_zip_findings.py: a zip with one fault in its entries."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_zips import (
    claim_entry_count,
    claim_unpacked_size,
    deflated_zip,
    flip_data_byte,
    rename_raw,
    symlink_zip,
)
from inspect_packages import (
    PAGE,
    scorm12_files,
    zip_bytes,
)
from test_inspect_entries import declared

from courseforge.cli import main
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
ENTRY_CASES: dict[str, tuple[bytes, tuple[str, ...], int, list[tuple[str, str, str]]]] = {
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
                "entry name 'evil.html\\x00.js' contains a NUL character; unpacking this zip "
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
                "entry name 'shared/invoice\\u202efdp.js' contains \\u202e: control characters "
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
}
