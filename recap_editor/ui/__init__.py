"""ui: the PySide6 widgets (floor 4).  Nothing here holds business logic.

PySide6 6.12 wheels (abi3) return the singletons without owning a reference: every call of a C++
method returning ``void`` gives up one reference to ``None``, every signal ``emit`` one to ``True``.
From Python 3.12 on these objects are immortal (PEP 683) and that is harmless; on 3.11 a few
thousand calls (one per highlighted line, per label update, per emitted signal) drive a count to
zero and the interpreter aborts ("none_dealloc: deallocating None", "bool_dealloc").  Until the
binding is fixed we give them what 3.12 gives them: a reference count too large to ever reach zero.
"""

import sys

if sys.implementation.name == "cpython" and sys.version_info < (3, 12):
    import ctypes

    for _singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object (release builds).
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40
    del _singleton
