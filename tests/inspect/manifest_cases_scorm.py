"""The SCORM rows of test_inspect_manifest_findings.py: a package with one fault, what inspect says."""

from __future__ import annotations

from inspect_packages import (
    scorm12_files,
    scorm2004_files,
)
from manifest_edits import (
    NO_SCO_OR_ASSET,
    REREAD,
    M,
    at,
    edited,
    scorm12,
    scorm2004,
    without,
)


def scorm_cases() -> dict[str, tuple[dict[str, bytes], list[tuple[str, str, str]]]]:
    wrong_prefix = edited(
        scorm2004(
            'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"',
            'xmlns:adl="http://www.adlnet.org/xsd/adlcp_v1p3"',
        ),
        M,
        "adlcp:scormType",
        "adl:scormType",
    )
    prefixed_cp = scorm12(
        "<resources>\n",
        '<cp:resources xmlns:cp="http://www.imsproject.org/xsd/imscp_rootv1p1p2">\n',
    )
    prefixed_cp = edited(prefixed_cp, M, "</resources>", "</cp:resources>")
    labelled_2004 = scorm12("<schemaversion>1.2<", "<schemaversion>CAM 1.3<")
    fifth = scorm2004_files(schemaversion="2004 5th Edition")
    namespaced_lower = scorm2004_files(scormtype="adlcp:scormtype")
    unnamespaced = scorm2004_files(scormtype="scormType")
    no_type = scorm2004('adlcp:scormType="sco" ', "")
    no_organization = scorm12(
        scorm12_files()[M].decode()[
            scorm12_files()[M].decode().index('<organizations default="org">') : scorm12_files()[M]
            .decode()
            .index("</organizations>")
            + len("</organizations>")
        ],
        "<organizations/>",
    )
    wrong_default = scorm12('default="org"', 'default="other"')
    wrong_reference = scorm12('identifierref="res-1"', 'identifierref="res-9"')
    outer_base = edited(
        edited(scorm12_files(), M, "shared/", "", times=3),
        M,
        "<resources>",
        '<resources xml:base="shared/">',
    )
    missing_file = without(scorm12_files(), "shared/style.css")
    missing_launch = without(scorm12_files(), "shared/launch.html")
    entity = edited(
        scorm12_files(),
        M,
        "?>\n",
        '?>\n<!DOCTYPE manifest [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n',
    )
    external_dtd = edited(
        scorm12_files(), M, "?>\n", '?>\n<!DOCTYPE manifest SYSTEM "http://example.com/cp.dtd">\n'
    )
    # An empty system literal: a catalog-resolving parser looks the DTD up by its public id.
    public_dtd = edited(
        scorm12_files(), M, "?>\n", '?>\n<!DOCTYPE manifest PUBLIC "-//Example//DTD CP//EN" "">\n'
    )
    return {
        "one name with a wrong prefix": (
            wrong_prefix,
            [
                (
                    "scorm-prefix",
                    at(wrong_prefix, M, "adl:scormType"),
                    "1 name uses `adl:` for http://www.adlnet.org/xsd/adlcp_v1p3, e.g. "
                    "`adl:scormType`; Moodle matches literal names and needs the prefix `adlcp:`, "
                    "so it will not see them",
                )
            ],
        ),
        "a content-packaging element with a prefix": (
            prefixed_cp,
            [
                (
                    "scorm-prefix",
                    at(prefixed_cp, M, "<cp:resources"),
                    "1 name uses `cp:` for http://www.imsproject.org/xsd/imscp_rootv1p1p2, e.g. "
                    "`cp:resources`; Moodle matches literal names and needs no prefix (the "
                    "default namespace), so it will not see them",
                )
            ],
        ),
        "a 1.2 package labelled 2004": (
            labelled_2004,
            [
                (
                    "scorm-schemaversion",
                    at(labelled_2004, M, "<schemaversion>"),
                    "schemaversion 'CAM 1.3' makes Moodle run this SCORM 1.2 package as SCORM "
                    '2004, so its SCOs never find window.API; use "1.2"',
                )
            ],
        ),
        "a 2004 schemaversion Moodle does not know": (
            fifth,
            [
                (
                    "scorm-schemaversion",
                    at(fifth, M, "<schemaversion>"),
                    "schemaversion '2004 5th Edition' is not one Moodle knows for SCORM 2004 "
                    '("CAM 1.3", "2004 3rd Edition", "2004 4th Edition", exact case): it runs the '
                    "package as SCORM 1.2, so its SCOs never find API_1484_11",
                )
            ],
        ),
        "scormType spelt in lower case": (
            namespaced_lower,
            [
                (
                    "scorm-scormtype",
                    at(namespaced_lower, M, "<resource "),
                    "resource 'res-1' has {http://www.adlnet.org/xsd/adlcp_v1p3}scormtype instead "
                    f"of adlcp:scormType in http://www.adlnet.org/xsd/adlcp_v1p3; {NO_SCO_OR_ASSET}",
                )
            ],
        ),
        "scormType without its namespace": (
            unnamespaced,
            [
                (
                    "scorm-scormtype",
                    at(unnamespaced, M, "<resource "),
                    "resource 'res-1' has scormType instead of adlcp:scormType in "
                    f"http://www.adlnet.org/xsd/adlcp_v1p3; {NO_SCO_OR_ASSET}",
                )
            ],
        ),
        "no scormType": (
            no_type,
            [
                (
                    "scorm-scormtype",
                    at(no_type, M, "<resource "),
                    "resource 'res-1' has no adlcp:scormType; LMSs cannot tell a SCO from an asset",
                )
            ],
        ),
        "no organization": (
            no_organization,
            [
                (
                    "scorm-organization",
                    at(no_organization, M, "<organizations/>"),
                    "no <organization>: there is no course structure for an LMS to launch",
                )
            ],
        ),
        "a default naming no organization": (
            wrong_default,
            [
                (
                    "scorm-organization",
                    at(wrong_default, M, "<organizations "),
                    "organizations@default is 'other' but no organization has that identifier",
                )
            ],
        ),
        "an item naming no resource": (
            wrong_reference,
            [
                (
                    "scorm-item-reference",
                    at(wrong_reference, M, "<item "),
                    "item 'item-1' refers to resource 'res-9', which the manifest does not have",
                )
            ],
        ),
        "a launch through the xml:base of <resources>": (
            outer_base,
            [
                (
                    "scorm-xml-base",
                    at(outer_base, M, "<resource "),
                    "resource 'res-1' launches shared/launch.html by the xml:base of <manifest> "
                    "or <resources>, which Moodle ignores: Moodle opens launch.html instead; put "
                    "xml:base on the resource itself",
                )
            ],
        ),
        "a declared file missing": (
            missing_file,
            [
                (
                    "file-missing",
                    at(missing_file, M, '<file href="shared/style.css"'),
                    "resource 'res-1' declares shared/style.css, which is not in the zip",
                )
            ],
        ),
        "the launch file missing": (
            missing_launch,
            [
                (
                    "launch-file-missing",
                    at(missing_launch, M, "<resource "),
                    "resource 'res-1' launches shared/launch.html, which is not in the zip",
                )
            ],
        ),
        "an entity": (
            entity,
            [("xml-entity", M, f"imsmanifest.xml declares the entities secret; {REREAD}")],
        ),
        "an external DTD": (
            external_dtd,
            [
                (
                    "xml-entity",
                    M,
                    f"imsmanifest.xml names the external DTD 'http://example.com/cp.dtd'; {REREAD}",
                )
            ],
        ),
        "an external DTD named by its public id only": (
            public_dtd,
            [
                (
                    "xml-entity",
                    M,
                    "imsmanifest.xml names the external DTD '-//Example//DTD CP//EN'; " + REREAD,
                )
            ],
        ),
    }
