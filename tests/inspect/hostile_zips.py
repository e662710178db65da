"""Zips no honest tool writes: symlinks, corrupt data, lying sizes, patched headers.

Each function takes or returns raw zip bytes, so the tests feed `inspect` exactly these bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile

EOCD = b"PK\x05\x06"
CENTRAL = b"PK\x01\x02"


def data_offset(package: bytes, name: str) -> tuple[int, int]:
    """Return where an entry's (compressed) data starts in the zip and how long it is."""
    info = zipfile.ZipFile(io.BytesIO(package)).getinfo(name)
    header = package[info.header_offset : info.header_offset + 30]
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_length + extra_length, info.compress_size


def flip_data_byte(package: bytes, name: str, at: int = 1) -> bytes:
    """Change one byte of an entry's compressed data: its CRC-32 (or its deflate stream) fails."""
    start, length = data_offset(package, name)
    assert length > at, "entry too short to corrupt"
    changed = bytearray(package)
    changed[start + at] ^= 0x01
    return bytes(changed)


def break_deflate_stream(package: bytes, name: str) -> bytes:
    """Make an entry's deflate stream start with a block of the reserved type 3 (zlib.error)."""
    start, _ = data_offset(package, name)
    changed = bytearray(package)
    changed[start] = 0x07  # BFINAL=1, BTYPE=11: "invalid block type"
    return bytes(changed)


def symlink_zip(files: dict[str, bytes], link: str, target: bytes) -> bytes:
    """Zip `files` plus one entry whose Unix mode says it is a symbolic link to `target`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
        info = zipfile.ZipInfo(link, date_time=(2020, 1, 1, 0, 0, 0))
        info.create_system = 3  # Unix, so the mode bits below are read as st_mode
        info.external_attr = 0o120777 << 16
        archive.writestr(info, target)
    return buffer.getvalue()


def regular_file_mode_zip(files: dict[str, bytes]) -> bytes:
    """Zip `files` with ordinary Unix modes (0644), as Info-ZIP writes them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def claim_unpacked_size(package: bytes, name: str, size: int) -> bytes:
    """Patch the central directory so `name` claims `size` bytes unpacked (data unchanged)."""
    changed = bytearray(package)
    encoded = name.encode()
    at = package.find(CENTRAL)
    while at != -1:
        name_length = struct.unpack("<H", package[at + 28 : at + 30])[0]
        if package[at + 46 : at + 46 + name_length] == encoded:
            changed[at + 24 : at + 28] = struct.pack("<I", size)
            return bytes(changed)
        at = package.find(CENTRAL, at + 4)
    raise AssertionError(f"{name} not in the central directory")


def claim_entry_count(package: bytes, count: int) -> bytes:
    """Patch the end-of-central-directory record to claim `count` entries."""
    at = package.rfind(EOCD)
    changed = bytearray(package)
    changed[at + 8 : at + 12] = struct.pack("<HH", count, count)
    return bytes(changed)


def deflated_zip(files: dict[str, bytes]) -> bytes:
    """Zip `files` deflated (zip_bytes stores them), for corrupting a deflate stream."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rename_raw(package: bytes, old: str, new: bytes) -> bytes:
    """Rename an entry in its local header and central directory to raw bytes of the same length.

    For names zipfile will not write, such as one holding a NUL byte.
    """
    encoded = old.encode()
    assert len(new) == len(encoded) and package.count(encoded) == 2, old
    return package.replace(encoded, new)
