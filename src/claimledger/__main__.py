"""`python -m claimledger …` runs the command-line tool, like the `claimledger` script."""

from .cli import main

main(prog_name="claimledger")
