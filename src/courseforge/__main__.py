"""`python -m courseforge` runs the command line."""

from courseforge.cli import main

main()
