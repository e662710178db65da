"""What proves a path in the output folder is a product courseforge wrote, and may be replaced.

Two records, both written by `OutputWriter` only:

- `.courseforge-build.json` in the output folder lists every product there: for a zip its size
  and SHA-256, for a folder the token of its marker.
- `.courseforge-output` inside every folder product holds that token.

A zip whose bytes no longer match, a folder without the marker, or anything the record does not
list (a symlink, an author's folder) is not courseforge's, and the build refuses to touch it.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from courseforge.errors import OutputError, display_path

RECORD_FILE = ".courseforge-build.json"
FOLDER_MARKER = ".courseforge-output"
RECORD_FORMAT = 1
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class ProductRecord:
    """How to recognise one product: a zip or a file by its bytes, a folder by its marker's token."""

    kind: str  # "zip", "file" or "folder"
    size: int = 0
    sha256: str = ""
    token: str = ""

    def to_json(self) -> dict[str, object]:
        if self.kind != "folder":
            return {"kind": self.kind, "size": self.size, "sha256": self.sha256}
        return {"kind": "folder", "token": self.token}


def file_record(path: Path, kind: str = "zip") -> ProductRecord:
    """Record a product written to `path` by its bytes, read back in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return ProductRecord(kind, size=size, sha256=digest.hexdigest())


def folder_record(token: str) -> ProductRecord:
    return ProductRecord("folder", token=token)


def new_token() -> str:
    """A fresh token for a folder product's marker (the crash tests make it predictable)."""
    return secrets.token_hex(16)


def marker_text(token: str) -> bytes:
    """The marker file a folder product carries (no secrets: it is deployed with the site)."""
    return (json.dumps({"courseforge": RECORD_FORMAT, "token": token}) + "\n").encode()


def read_record(out_dir: Path) -> dict[str, ProductRecord]:
    """Return the products the record lists (none when there is no record yet)."""
    path = out_dir / RECORD_FILE
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        if path.is_symlink() or not path.is_file():
            raise ValueError("not a regular file")
        if path.stat().st_size > 1_000_000:
            raise ValueError("too large")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != RECORD_FORMAT:
            raise ValueError("unknown format")
        return {
            str(name): ProductRecord(
                kind=entry["kind"],
                size=int(entry.get("size", 0)),
                sha256=str(entry.get("sha256", "")),
                token=str(entry.get("token", "")),
            )
            for name, entry in data["products"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputError(
            f"{display_path(path)}: not a courseforge build record ({exc}); "
            "delete it only if nothing else in this folder matters"
        ) from None


def record_text(products: dict[str, ProductRecord]) -> bytes:
    body = {
        "format": RECORD_FORMAT,
        "products": {name: products[name].to_json() for name in sorted(products)},
    }
    return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode()


def is_ours(path: Path, record: ProductRecord | None) -> bool:
    """Whether `path` is exactly the product the record describes."""
    if record is None or path.is_symlink():
        return False
    if record.kind in ("zip", "file"):
        return path.is_file() and _same_bytes(path, record)
    marker = path / FOLDER_MARKER
    if not path.is_dir() or marker.is_symlink() or not marker.is_file():
        return False
    try:
        return marker.read_bytes() == marker_text(record.token)
    except OSError:
        return False


def _same_bytes(path: Path, record: ProductRecord) -> bool:
    if os.stat(path).st_size != record.size:
        return False
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest() == record.sha256


def refuse(path: Path) -> OutputError:
    """The error for a path in the way that courseforge cannot prove it wrote."""
    what = "folder" if path.is_dir() and not path.is_symlink() else "file"
    return OutputError(
        f"{display_path(path)}: a {what} courseforge did not write is in the way "
        "(or it was changed since); move it away or choose another --out"
    )
