"""The main window is built once: adding the preview (QtWebEngine) must not destroy and re-create
the window's native window, which the user saw as a second window appearing ~0.4 s after the first.

Watched from the X server, as the user sees it: the app starts on a fresh Xvfb screen and the
windows titled "… — Recap Editor" are listed every 0.1 s until its preview has surely arrived.
(The offscreen platform has no RHI to start a window with, so this needs Xvfb.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

WATCH = r"""
"$PYTHON" -m recap_editor "$POST" >/dev/null 2>&1 &
app=$!
for i in $(seq 1 50); do
  xwininfo -root -tree 2>/dev/null | grep -o '^ *0x[0-9a-f]* "[^"]* — Recap Editor"' | awk '{print $1}'
  sleep 0.1
done | sort -u
kill $app; wait $app 2>/dev/null
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None or shutil.which("xwininfo") is None,
                    reason="needs xvfb-run and xwininfo (a real X server)")
def test_window_is_built_once(tmp_path):
    post = tmp_path / "post.md"
    post.write_text('+++\ntitle = "Once"\n+++\n\nA paragraph.\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_QPA", "QT_WIDGETS_RHI", "DISPLAY"))}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHON=sys.executable, POST=str(post))
    result = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "bash", "-c", WATCH],
                            env=env, capture_output=True, text=True, timeout=120)
    windows = result.stdout.split()
    assert len(windows) == 1, (windows, result.stderr[-2000:])


GL_LIBRARIES = r"""
"$PYTHON" -m recap_editor "$POST" >/dev/null 2>"$ERR" &
app=$!
for i in $(seq 1 100); do   # until the window is up, then a little longer for the preview's page
  xwininfo -root -tree 2>/dev/null | grep -q ' — Recap Editor"' && break
  sleep 0.1
done
sleep 3
echo "alive: $(kill -0 $app 2>/dev/null && echo yes || echo no)"
grep -o -E '[^/ ]*(libLLVM|_dri\.so|libGLX_mesa|libEGL_mesa)[^ ]*' /proc/$app/maps | sort -u
kill $app; wait $app 2>/dev/null
"""


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None or shutil.which("xwininfo") is None,
                    reason="needs xvfb-run and xwininfo (a real X server)")
def test_window_and_preview_draw_without_loading_a_gl_driver(tmp_path):
    """Drawn in software (ui/app._prepare_rendering): no GL driver is loaded, not even for the
    GPU-vendor probe QtWebEngine makes at start (~100 MB with Mesa's llvmpipe), and the app runs."""
    post = tmp_path / "post.md"
    post.write_text('+++\ntitle = "Soft"\n+++\n\nA paragraph.\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_QPA", "QT_WIDGETS_RHI", "QT_QUICK", "QT_XCB", "DISPLAY", "QTWEBENGINE_CHROMIUM"))}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHON=sys.executable, POST=str(post), ERR=str(tmp_path / "stderr.txt"))
    result = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "bash", "-c", GL_LIBRARIES],
                            env=env, capture_output=True, text=True, timeout=120)
    lines = result.stdout.split()
    assert "alive: yes".split() == lines[:2], (result.stdout, (tmp_path / "stderr.txt").read_text()[-2000:])
    assert lines[2:] == [], f"GL libraries loaded: {lines[2:]}"
    # the refused GL probe is expected and logged, not printed
    assert "neither GLX nor EGL" not in (tmp_path / "stderr.txt").read_text()
