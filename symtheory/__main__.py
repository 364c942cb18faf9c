"""``python -m symtheory``: the same as the ``symtheory`` command (:mod:`symtheory.cli`).

Examples
--------
>>> import subprocess, sys
>>> out = subprocess.run([sys.executable, "-m", "symtheory", "--version"],
...                      capture_output=True, text=True).stdout
>>> out.startswith("symtheory ")
True
"""

import sys

from .cli import main

__all__ = []

if __name__ == "__main__":
    sys.exit(main())
