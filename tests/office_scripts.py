"""The office-table import scripts (scripts/offices/*.py) as modules, for their tests.

They are scripts, not part of the package, so they are loaded from their files, once each.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPTS = Path(__file__).parent.parent / "scripts" / "offices"


def office_script(name: str) -> ModuleType:
    """scripts/offices/NAME.py, loaded once and kept in sys.modules under NAME."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
