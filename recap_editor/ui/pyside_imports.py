"""A cheaper answer to the question PySide6 asks of every module imported after it.

For its `from __feature__ import ...` switches, PySide6 records whether each newly imported module
uses PySide6 (`shibokensupport.feature._mod_uses_pyside`), by searching the module's source text
for "PySide6". It gets that text with `inspect.getsource`, which goes through `linecache`: ~0.3 ms a
module with its bookkeeping (about 50 ms over the ~170 modules the window imports, on the way to
the first paint) and every module's source kept in memory (~7 MB) until something clears it.

`check_imports_cheaply` gives PySide6 the same answer from the file's bytes: for a module with a
`.py` file, "PySide6" in its bytes is "PySide6" in its text (the name is ASCII, and Python source
is UTF-8 or an ASCII-compatible encoding); anything else (no file, compiled only, in a zip) still
goes to PySide6's own check. The replaced function is private to PySide6: if it is missing (a
PySide6 that no longer asks), nothing is replaced and nothing changes.
"""

from __future__ import annotations

import sys


def check_imports_cheaply() -> bool:
    """Replace PySide6's per-import source check by the equivalent byte search; True if done."""
    import PySide6.QtCore  # noqa: F401 - installs the import hook and its feature module

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "reads_bytes", False):
        return False

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return original(module)

    uses_pyside.reads_bytes = True
    feature._mod_uses_pyside = uses_pyside
    return True
