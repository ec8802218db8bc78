"""Save a screenshot of the triage view on a generated roll (docs/triage.png).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/triage_screenshot.py [OUT.png]``
(or under ``xvfb-run``). The roll: three moments, bursts with hand-held shifts, one blurred and
one over-exposed copy, a photo of a slide and a phone screenshot.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from triage_roll import (blurred, frame, overexposed, save_jpeg, scene_canvas,  # noqa: E402
                         screenshot, slide_photo)

SIZE = (1600, 1200)


def make_roll(folder: Path) -> None:
    when = datetime(2024, 5, 11, 18, 58)
    plan = [  # (minutes after the previous scene, shots, effects by shot)
        (0, 3, {1: "blur"}), (1, 1, {}), (2, 4, {3: "over"}), (1, 2, {}), (1, 1, {}),
        (24, 2, {}), (1, 3, {0: "blur"}), (2, 1, {}), (1, 2, {}),
        (31, 1, {}), (1, 2, {}), (1, 1, {}),
    ]
    number = 0
    for seed, (gap, shots, effects) in enumerate(plan):
        when += timedelta(minutes=gap)
        canvas = scene_canvas(300 + seed, SIZE)
        for shot in range(shots):
            number += 1
            image = frame(canvas, SIZE, (shot * 14, -shot * 8))
            effect = effects.get(shot)
            image = blurred(image, 4) if effect == "blur" else overexposed(image) if effect == "over" else image
            save_jpeg(folder / f"IMG_{4400 + number}.jpg", image, when + timedelta(seconds=shot * 2), "+02:00")
        if seed == 6:
            save_jpeg(folder / "IMG_4470.jpg", slide_photo(SIZE), when + timedelta(seconds=30), "+02:00")
    screenshot((1170, 2532)).save(folder / "Screenshot_20240511-191204.png")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "triage.png"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from recap_editor.ui.triage_view import TriageDialog

    with tempfile.TemporaryDirectory(prefix="triage-shot-") as tmp:
        roll = Path(tmp) / "Meetup May 2024"
        roll.mkdir()
        make_roll(roll)
        dialog = TriageDialog(None, [roll])
        dialog.resize(1260, 900)
        dialog.show()
        done = []
        dialog.analysed.connect(done.append)
        dialog.start()
        while not done:
            app.processEvents()
            QTest.qWait(50)
        grid = dialog.grid
        dialog.pick_suggested()
        shown = grid.shown_entries()
        for index in (shown[4], shown[6], shown[9]):   # the writer drops a few suggestions...
            grid.toggle_pick(index)
        grid.toggle_stack(shown[0])         # ...and opens two stacks to compare the shots
        grid.toggle_stack(shown[2])
        grid.set_current(shown[2])
        QTest.keyClick(grid, Qt.Key.Key_4)  # four stars
        QTest.keyClick(grid, Qt.Key.Key_Right)
        QTest.qWait(200)
        out.parent.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(out))
        print(f"saved {out}")
        dialog.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
