"""Make the starter course's tiny media files, byte for byte the same on every run.

    .venv/bin/python scripts/starter_media.py     # rewrites them in src/courseforge/starter/

- `talk.webm`: two seconds of silence, Opus in WebM (no picture: the player shows the poster).
- `sound.mp3`: one second of silence, MPEG-1 Layer III frames.

Both are silent stand-ins an author replaces with a real recording; they are generated rather
than recorded so that the repository holds no opaque binary and the test can remake them.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

STARTER_MEDIA = Path(__file__).resolve().parent.parent / "src/courseforge/starter/modules/basics"

# MPEG-1 Layer III, no CRC, 32 kbit/s, 44.1 kHz, mono: a 104-byte frame of 1,152 samples.
# Side information and main data all zero: every granule decodes to silence.
_MP3_HEADER = bytes([0xFF, 0xFB, 0x10, 0xC0])
_MP3_FRAME = _MP3_HEADER + bytes(104 - len(_MP3_HEADER))


def silent_mp3(seconds: float = 1.0) -> bytes:
    frames = round(seconds * 44_100 / 1_152)
    return _MP3_FRAME * frames


def _ebml_size(size: int) -> bytes:
    """An EBML variable-size integer, in the shortest form that holds `size`."""
    for length in range(1, 9):
        if size < (1 << (7 * length)) - 1:
            return (size | (1 << (7 * length))).to_bytes(length, "big")
    raise ValueError(size)


def _element(element_id: int, payload: bytes) -> bytes:
    return (
        element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
        + _ebml_size(len(payload))
        + payload
    )


def _uint(element_id: int, value: int) -> bytes:
    return _element(element_id, value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def silent_webm(seconds: float = 2.0) -> bytes:
    """Opus in WebM: a header, one audio track, and one cluster of 20 ms silent packets."""
    header = _element(
        0x1A45DFA3,
        _uint(0x4286, 1)  # EBMLVersion
        + _uint(0x42F7, 1)  # EBMLReadVersion
        + _uint(0x42F2, 4)  # EBMLMaxIDLength
        + _uint(0x42F3, 8)  # EBMLMaxSizeLength
        + _element(0x4282, b"webm")  # DocType
        + _uint(0x4287, 4)  # DocTypeVersion
        + _uint(0x4285, 2),  # DocTypeReadVersion
    )
    info = _element(
        0x1549A966,
        _uint(0x2AD7B1, 1_000_000)  # TimestampScale: milliseconds
        + _element(0x4489, struct.pack(">d", seconds * 1000))  # Duration
        + _element(0x4D80, b"courseforge")  # MuxingApp
        + _element(0x5741, b"courseforge"),  # WritingApp
    )
    # OpusHead: version 1, mono, pre-skip 312, 48 kHz, gain 0, mapping family 0.
    opus_head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48_000, 0, 0)
    track = _element(
        0xAE,
        _uint(0xD7, 1)  # TrackNumber
        + _uint(0x73C5, 1)  # TrackUID
        + _uint(0x83, 2)  # TrackType: audio
        + _element(0x86, b"A_OPUS")  # CodecID
        + _element(0x63A2, opus_head)  # CodecPrivate
        + _uint(0x56AA, 6_500_000)  # CodecDelay (ns)
        + _uint(0x56BB, 80_000_000)  # SeekPreRoll (ns)
        + _element(0xE1, _element(0xB5, struct.pack(">d", 48_000.0)) + _uint(0x9F, 1)),
    )
    # A one-byte Opus packet: TOC 0xF8 (CELT, full band, 20 ms, one frame) with no data,
    # which decoders treat as a silent frame.
    blocks = b"".join(
        _element(0xA3, b"\x81" + struct.pack(">h", n * 20) + b"\x80" + b"\xf8")
        for n in range(round(seconds * 50))
    )
    cluster = _element(0x1F43B675, _uint(0xE7, 0) + blocks)
    segment = _element(0x18538067, info + _element(0x1654AE6B, track) + cluster)
    return header + segment


STARTER_FILES = {"talk.webm": silent_webm, "sound.mp3": silent_mp3}


def main() -> int:
    for name, make in STARTER_FILES.items():
        (STARTER_MEDIA / name).write_bytes(make())
        print(f"wrote {STARTER_MEDIA / name} ({len(make())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
