"""Recap Editor beside ReText and Ghostwriter, in one run: memory and launch-to-settled time.

Each editor opens the same post (a copy of the corpus seed post inside a copy of its site) on one
Xvfb screen (1400x900). The bench (an X client of that screen through Pillow, without Qt, so it
shares no library page with an editor) grabs the whole screen every ~40 ms; the screen has
*settled* once nothing bigger than a blinking cursor has changed for 3 s, and `settle_ms` is
launch to the last such change. Then `pss_mb` is the proportional set size of the
editor's whole process tree (Chromium helpers included), from /proc/*/smaps_rollup. Median of RUNS
launches each, the editors taking turns (one launch of each per round), so a machine whose speed
drifts during the run slows every editor alike; a peer that is not installed is skipped.

Two kinds of launch are measured:
- *first*: a fresh home, as on the first launch after installing (no settings, no caches: our word
  list is built from pyspellchecker's JSON, ~0.2 s of CPU);
- *again*: the home the editor's previous launch used (its settings and caches in place), as every
  later launch is. The `again` home's first launch is the warm-up, not counted.
Every editor's first launch of the run (which also compiles Python bytecode) is not counted either.

Prints per editor `<name>_pss_mb`, `<name>_rss_mb`, `<name>_settle_ms` (first launches),
`<name>_pss_again_mb` and `<name>_settle_again_ms` (later launches), and the ratios of Recap Editor to each peer. Targets:
PSS <= Ghostwriter's, settle <= the faster peer's. The floor is measured too:
`bare_pyside6_webengine` (bench/bare_webengine.py), a text edit beside a web view and nothing else,
drawn as we draw; its ratios to the peers say whether a target is within reach of any app built on
PySide6 and QtWebEngine on this machine.
Runs itself under `xvfb-run` when DISPLAY is not set. RECAP_EDITOR_CORPUS overrides the corpus path.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("RECAP_EDITOR_CORPUS") or REPO.parent / "shared" / "corpus" / "corekube-web")
SEED = CORPUS / "content" / "posts" / "2016_05_12-k8s-socal-may-2016.md"
RUNS = int(os.environ.get("PEERS_RUNS", "3"))
QUIET_S = 3.0           # no change this long: settled
TIMEOUT_S = 25.0
CURSOR_AREA = 600       # px²: changes this small are a blinking text cursor, not the app settling


def editors(post: Path) -> dict[str, list[str]]:
    recap = shutil.which("recap-editor", path=str(Path(sys.executable).parent)) or "recap-editor"
    found = {"recap_editor": [recap, str(post)],
             # the floor: PySide6 + QtWebEngine and nothing else (bench/bare_webengine.py)
             "bare_pyside6_webengine": [sys.executable, str(REPO / "bench" / "bare_webengine.py"), str(post)]}
    for name, command in (("retext", ["retext", str(post)]), ("ghostwriter", ["ghostwriter", str(post)])):
        if shutil.which(command[0]):
            found[name] = command
    return found


def tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, []))
    return out


def memory_mb(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of the process tree in MB."""
    pss = rss = 0
    for member in tree(pid):
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return pss / 1024, rss / 1024


def grab():
    """The whole screen, through Pillow's own X client: the bench maps no Qt library, so none of
    the editors' pages are shared with it (a Qt bench would halve the PSS of the Qt pages a
    PySide6 editor maps, and only those: a bias towards us)."""
    from PIL import ImageGrab

    return ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).convert("RGB")


def changed(a, b) -> bool:
    from PIL import ImageChops

    box = ImageChops.difference(a, b).getbbox()
    return box is not None and (box[2] - box[0]) * (box[3] - box[1]) > CURSOR_AREA


def one_launch(command: list[str], home: Path, pycache: Path | None = None) -> tuple[float, float, float]:
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               QTWEBENGINE_DISABLE_SANDBOX="1")
    env.pop("RECAP_EDITOR_TRACE_STARTUP", None)
    # An installed app runs from compiled bytecode (pip and Debian compile it at install); a
    # PYTHONDONTWRITEBYTECODE environment would make us compile our sources on every launch.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pycache is not None:
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    before = grab()
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    last_change, last = None, before
    try:
        while time.perf_counter() - started < TIMEOUT_S:
            time.sleep(0.04)
            now_image = grab()
            now = time.perf_counter()
            if changed(last, now_image):
                if os.environ.get("PEERS_DEBUG"):
                    from PIL import ImageChops
                    print(f"  change at {(now - started) * 1000:.0f} ms: {ImageChops.difference(last, now_image).getbbox()}",
                          file=sys.stderr)
                    now_image.save(f"{os.environ['PEERS_DEBUG']}-{(now - started) * 1000:05.0f}.png")
                last_change, last = now, now_image
            if last_change is not None and now - last_change >= QUIET_S:
                break
        settle = (last_change - started) * 1000 if last_change else float("nan")
        pss, rss = memory_mb(proc.pid)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
    time.sleep(1.0)
    return settle, pss, rss


def main() -> int:
    if not os.environ.get("DISPLAY"):
        return subprocess.call(["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable, *sys.argv])
    if not SEED.is_file():
        print(f"peers bench: seed post not found at {SEED} (set RECAP_EDITOR_CORPUS)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="recap-peers-"))
    site = tmp / "site"
    shutil.copytree(SEED.parents[2], site)
    post = site / "content" / "posts" / SEED.name
    commands = editors(post)
    first: dict[str, list] = {name: [] for name in commands}
    again: dict[str, list] = {name: [] for name in commands}
    for run in range(RUNS + 1):     # round 0 warms the disk and bytecode caches and the `again` homes
        for name, command in commands.items():
            home = tmp / f"home-{name}-{run}"
            home.mkdir()
            outcome = one_launch(command, home, tmp / "pycache")
            if run:
                first[name].append(outcome)
            reused = tmp / f"home-{name}-again"
            reused.mkdir(exist_ok=True)
            outcome = one_launch(command, reused, tmp / "pycache")
            if run:
                again[name].append(outcome)
    results: dict[str, tuple[float, float, float]] = {}
    settle_again: dict[str, float] = {}
    pss_again: dict[str, float] = {}
    for name in commands:
        results[name] = tuple(statistics.median(r[i] for r in first[name]) for i in range(3))
        settle_again[name] = statistics.median(r[0] for r in again[name])
        pss_again[name] = statistics.median(r[1] for r in again[name])
        settle, pss, rss = results[name]
        print(f"{name}_pss_mb: {pss:.0f}")
        print(f"{name}_pss_again_mb: {pss_again[name]:.0f}")
        print(f"{name}_rss_mb: {rss:.0f}")
        print(f"{name}_settle_ms: {settle:.0f}")
        print(f"{name}_settle_again_ms: {settle_again[name]:.0f}", flush=True)
    ours = results["recap_editor"]
    for peer in ("retext", "ghostwriter"):
        if peer in results:
            print(f"pss_vs_{peer}: {ours[1] / results[peer][1]:.2f}")
            print(f"pss_again_vs_{peer}: {pss_again['recap_editor'] / pss_again[peer]:.2f}")
            print(f"settle_vs_{peer}: {ours[0] / results[peer][0]:.2f}")
            print(f"settle_again_vs_{peer}: {settle_again['recap_editor'] / settle_again[peer]:.2f}")
        else:
            print(f"{peer}: not installed, skipped")
    bare = results["bare_pyside6_webengine"]
    print(f"pss_vs_bare_pyside6_webengine: {ours[1] / bare[1]:.2f}")
    print(f"settle_vs_bare_pyside6_webengine: {ours[0] / bare[0]:.2f}")
    print(f"settle_again_vs_bare_pyside6_webengine: "
          f"{settle_again['recap_editor'] / settle_again['bare_pyside6_webengine']:.2f}")
    for peer in ("retext", "ghostwriter"):
        if peer in results:   # below 1.00: no PySide6 + QtWebEngine app can meet that target here
            print(f"bare_pss_vs_{peer}: {bare[1] / results[peer][1]:.2f}")
            print(f"bare_settle_vs_{peer}: {bare[0] / results[peer][0]:.2f}")
            print(f"bare_settle_again_vs_{peer}: "
                  f"{settle_again['bare_pyside6_webengine'] / settle_again[peer]:.2f}")
    peers = [results[p] for p in ("retext", "ghostwriter") if p in results]
    if peers:
        print(f"settle_vs_faster_peer: {ours[0] / min(p[0] for p in peers):.2f}  (target <= 1.00)")
        fastest_again = min(settle_again[p] for p in ("retext", "ghostwriter") if p in settle_again)
        print(f"settle_again_vs_faster_peer: {settle_again['recap_editor'] / fastest_again:.2f}  (target <= 1.00)")
    if "ghostwriter" in results:
        print("pss_vs_ghostwriter_target: <= 1.00")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
