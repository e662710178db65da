"""The `scorm12` target: a SCORM 1.2 package with one SCO, graded through cmi.core.score.raw."""

from __future__ import annotations

from courseforge.targets.scorm_common import ADAPTER_COMMON, ScormTarget


class Scorm12Target(ScormTarget):
    """SCORM 1.2: adlcp:masteryscore from the course, 4096 characters of suspend_data."""

    name = "scorm12"
    tracking = "scorm12"
    package_kind = "scorm12"
    standard = "SCORM 1.2"
    manifest_kind = "scorm12"
    suspend_data_limit = 4096
    roomier_target = "scorm2004"  # 64,000 characters of suspend_data
    version_max_length = 20  # imscp_rootv1p1p2.xsd: manifest@version
    adapter_parts = (ADAPTER_COMMON, "scorm12.js")
    schema_folder = "scorm12"
    # imsmd is left out: the manifest carries no IMS metadata record.
    schema_files = ("adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd")
