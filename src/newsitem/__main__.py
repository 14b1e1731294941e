"""``python -m newsitem`` runs the command-line interface."""

from newsitem.cli import main

main()
