"""``import armsdata``: the public names, and no heavy library loaded before a command needs it."""

from __future__ import annotations

import subprocess
import sys

import armsdata

#: Libraries that take long to import and that only some commands need.
HEAVY = ("matplotlib", "pandera", "pycountry", "openpyxl", "frictionless", "nbclient")


def test_import_loads_no_heavy_library():
    code = f"import sys, armsdata; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_public_names_exist():
    assert all(hasattr(armsdata, name) for name in armsdata.__all__)
    assert callable(armsdata.validate) and callable(armsdata.discrepancies)
