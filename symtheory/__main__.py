"""``python -m symtheory``: the same as the ``symtheory`` command (:mod:`symtheory.cli`)."""

import sys

from .cli import main

__all__ = []

if __name__ == "__main__":
    sys.exit(main())
