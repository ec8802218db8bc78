"""Extra selections on the source editor from several owners (spelling marks, focus dimming)
without one owner wiping out another's: each owner sets its own named layer."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

_ORDER = ("focus", "spelling")   # later layers paint over earlier ones


class EditorLayers:
    def __init__(self, editor: QPlainTextEdit) -> None:
        self.editor = editor
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}

    def set(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        self._layers[name] = selections
        ordered = sorted(self._layers, key=lambda n: _ORDER.index(n) if n in _ORDER else len(_ORDER))
        self.editor.setExtraSelections([s for n in ordered for s in self._layers[n]])

    def get(self, name: str) -> list[QTextEdit.ExtraSelection]:
        return self._layers.get(name, [])


def layers_for(editor: QPlainTextEdit) -> EditorLayers:
    layers = getattr(editor, "_recap_layers", None)
    if layers is None:
        layers = EditorLayers(editor)
        editor._recap_layers = layers
    return layers
