"""ui: the PySide6 widgets (floor 4). Nothing here holds business logic.

PySide6 is pinned below 6.12 in pyproject.toml: the 6.12.0 wheels drop a reference to ``None`` on
every call of a C++ method returning ``void`` (and to ``True`` on every signal emit), so on Python
3.10/3.11 a few thousand calls abort the interpreter ("none_dealloc: deallocating None").
``tests/test_ui_window.py::test_many_qt_calls_do_not_exhaust_none`` guards against that returning.
"""
