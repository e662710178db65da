"""Mutation testing tools (see tests/MUTATION.md); a package so its report.py never shadows tests/report."""
