"""PySide6 asks of every module imported after it whether it uses PySide6; the app answers from the
file's bytes (ui/pyside_imports.py) instead of inspect/linecache. The answers must not change."""

from __future__ import annotations

import linecache
import sys
import types

import pytest

pytest.importorskip("PySide6.QtCore")


def test_the_byte_search_answers_as_pyside6_does(tmp_path, monkeypatch):
    import PySide6.QtCore  # noqa: F401

    from recap_editor.ui import pyside_imports

    feature = sys.modules["shibokensupport.feature"]
    original = feature._mod_uses_pyside
    monkeypatch.setattr(feature, "_mod_uses_pyside", original)   # undone after the test
    assert pyside_imports.check_imports_cheaply()
    cheap = feature._mod_uses_pyside
    assert cheap is not original and not pyside_imports.check_imports_cheaply()   # once

    latin = tmp_path / "latin.py"
    latin.write_bytes(b"# -*- coding: latin-1 -*-\n# caf\xe9\nimport PySide6.QtCore\n")
    mentions_in_a_string = tmp_path / "mention.py"
    mentions_in_a_string.write_text('NAME = "PySide6"\n', encoding="utf-8")
    plain = tmp_path / "plain.py"
    plain.write_text("import json\n", encoding="utf-8")
    gone = types.ModuleType("gone")
    gone.__file__ = str(tmp_path / "deleted.py")
    compiled_only = types.ModuleType("compiled_only")
    compiled_only.__file__ = str(tmp_path / "x.cpython-311.pyc")
    modules = [sys, __import__("json"), __import__("_socket"), __import__("recap_editor.ui.editor").ui.editor,
               __import__("recap_editor.document.post").document.post, gone, compiled_only]
    for number, path in enumerate((latin, mentions_in_a_string, plain)):
        module = types.ModuleType(f"probe{number}")
        module.__file__ = str(path)
        modules.append(module)
    answers = [cheap(m) for m in modules]
    assert answers == [original(m) for m in modules]
    assert answers == [False, False, False, True, False, False, False, True, True, False]


def test_checked_imports_leave_no_source_in_linecache(tmp_path, monkeypatch):
    import PySide6.QtCore  # noqa: F401

    from recap_editor.ui import pyside_imports

    feature = sys.modules["shibokensupport.feature"]
    monkeypatch.setattr(feature, "_mod_uses_pyside", feature._mod_uses_pyside)
    pyside_imports.check_imports_cheaply()
    (tmp_path / "fresh_module_for_the_hook.py").write_text("from PySide6 import QtCore\nVALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import fresh_module_for_the_hook

    assert fresh_module_for_the_hook.VALUE == 1
    assert feature.pyside_feature_dict["fresh_module_for_the_hook"] == 0   # recorded as using PySide6
    assert str(tmp_path / "fresh_module_for_the_hook.py") not in linecache.cache
