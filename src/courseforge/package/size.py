"""Package-size awareness: LMSs refuse uploads above a site limit (Moodle: a site setting)."""

from __future__ import annotations

from courseforge.package.output import Output, file_size

LARGEST_SHOWN = 3
MB = 1_000_000  # as the build summary counts them


def package_size_warning(output: Output, limit_mb: int) -> str | None:
    """Return a warning when a package's files add up to more than `limit_mb`, or None.

    The files' own size is counted, before compression: media (most of any large package)
    are stored as they are, text shrinks, so the zip is at most about this size.
    """
    if output.kind == "folder":
        return None  # a folder is hosted, never uploaded to an LMS as one file
    total = output.content_size()
    if total <= limit_mb * MB:
        return None
    from courseforge.render.markdown_html import human_size  # late: package sits below render

    largest = sorted(output.files.items(), key=lambda item: (-file_size(item[1]), item[0]))
    named = ", ".join(
        f"{name} ({human_size(file_size(data))})" for name, data in largest[:LARGEST_SHOWN]
    )
    return (
        f"{output.name} holds {human_size(total)} of files, over the {limit_mb} MB set by "
        f"package_size_limit_mb in course.yaml (LMS upload limits); largest: {named}"
    )
