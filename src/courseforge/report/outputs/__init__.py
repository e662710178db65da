"""The report's presentations: HTML, JSON, CSV, and the terminal summary; writer.py writes files."""
