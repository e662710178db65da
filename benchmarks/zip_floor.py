"""The I/O floor of a build: write the very files it produced, with nothing else to do.

    python benchmarks/zip_floor.py OUT_DIR SCRATCH_DIR

Reads every product in OUT_DIR into memory (zips are unpacked, folders read), then times
only the writing: each zip product re-zipped with zipfile's deflate (default level, every
entry compressed) and each folder product written file by file, into SCRATCH_DIR. Prints
the seconds spent writing: wall, then CPU.
"""

from __future__ import annotations

import sys
import time
import zipfile
from pathlib import Path


def read_products(out_dir: Path) -> list[tuple[str, dict[str, bytes], bool]]:
    """Return (name, files, is_zip) for each build product in out_dir."""
    products = []
    for path in sorted(out_dir.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                files = {name: archive.read(name) for name in archive.namelist()}
            products.append((path.name, files, True))
        elif path.is_dir():
            files = {
                p.relative_to(path).as_posix(): p.read_bytes()
                for p in sorted(path.rglob("*"))
                if p.is_file()
            }
            products.append((path.name, files, False))
    return products


def write_products(products: list[tuple[str, dict[str, bytes], bool]], scratch: Path) -> None:
    for name, files, is_zip in products:
        if is_zip:
            with zipfile.ZipFile(scratch / name, "w", zipfile.ZIP_DEFLATED) as archive:
                for entry, data in files.items():
                    archive.writestr(entry, data)
        else:
            for entry, data in files.items():
                path = scratch / name / entry
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)


def main() -> None:
    out_dir, scratch = Path(sys.argv[1]), Path(sys.argv[2])
    scratch.mkdir(parents=True, exist_ok=True)
    products = read_products(out_dir)
    started, started_cpu = time.perf_counter(), time.process_time()
    write_products(products, scratch)
    print(f"{time.perf_counter() - started:.6f} {time.process_time() - started_cpu:.6f}")


if __name__ == "__main__":
    main()
