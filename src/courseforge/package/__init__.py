"""Package output: deterministic zips and the one writer that puts files on disk."""

from courseforge.package.output import Output
from courseforge.package.writer import OutputWriter
from courseforge.package.zip import deterministic_zip

__all__ = ["Output", "OutputWriter", "deterministic_zip"]
