"""The `scorm2004` target: a SCORM 2004 4th edition package with one SCO."""

from __future__ import annotations

from courseforge.targets.scorm_common import ADAPTER_COMMON, ADAPTER_PATTERNS, ScormTarget


class Scorm2004Target(ScormTarget):
    """SCORM 2004 4th edition: a primary objective satisfied by the scaled score."""

    name = "scorm2004"
    tracking = "scorm2004"
    package_kind = "scorm2004"
    standard = "SCORM 2004 4th edition"
    manifest_kind = "scorm2004"
    suspend_data_limit = 64000
    adapter_parts = (ADAPTER_COMMON, ADAPTER_PATTERNS, "scorm2004.js")
    schema_folder = "scorm2004_4th"
    # What xsi:schemaLocation names, the files they include, and xml.xsd with its DTDs
    # (imscp_v1p1.xsd imports it; ADL's test suite expects the schemas at the package root).
    schema_files = (
        "XMLSchema.dtd",
        "adlcp_v1p3.xsd",
        "adlnav_v1p3.xsd",
        "adlseq_v1p3.xsd",
        "datatypes.dtd",
        "imscp_v1p1.xsd",
        "imsss_v1p0.xsd",
        "imsss_v1p0auxresource.xsd",
        "imsss_v1p0control.xsd",
        "imsss_v1p0delivery.xsd",
        "imsss_v1p0limit.xsd",
        "imsss_v1p0objective.xsd",
        "imsss_v1p0random.xsd",
        "imsss_v1p0rollup.xsd",
        "imsss_v1p0seqrule.xsd",
        "imsss_v1p0util.xsd",
        "xml.xsd",
        # IEEE LOM, for the course's language and title in the manifest's metadata.
        "lom.xsd",
        "common/anyElement.xsd",
        "common/dataTypes.xsd",
        "common/elementNames.xsd",
        "common/elementTypes.xsd",
        "common/rootElement.xsd",
        "common/vocabTypes.xsd",
        "common/vocabValues.xsd",
        "extend/strict.xsd",
        "unique/strict.xsd",
        "vocab/strict.xsd",
    )
