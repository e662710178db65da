"""Checks against the official standards: XSD validation of package manifests."""

from courseforge.standards.xsd import MANIFEST_KINDS, validate_manifest

__all__ = ["MANIFEST_KINDS", "validate_manifest"]
