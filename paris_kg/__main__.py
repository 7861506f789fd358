"""``python -m paris_kg`` runs the same CLI as the ``paris-kg`` command."""
from .entry import main

main()
