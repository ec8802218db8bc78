"""The README's walkthrough runs exactly as the README prints it, after its install command.

The lines are read out of README.md and run by bash, unchanged, from a folder holding this
environment's venv as ``.venv`` (what the install command leaves behind), with HOME pointing at a
throwaway home: ``~/src/my-hugo-site`` is a git copy of the sample site and
``~/Pictures/meetup/*.JPG`` are photos drawn as a phone writes them (EXIF-rotated, GPS-tagged).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import REPO
from recap_editor.sample import shipped_site
from sitedata import camera_jpeg

README = REPO / "README.md"


def sh_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", text, re.M | re.S)


def walkthrough() -> str:
    [block] = [b for b in sh_blocks(README.read_text(encoding="utf-8")) if "recap-editor new" in b]
    return block


def install_commands() -> list[str]:
    return [b.strip() for b in sh_blocks(README.read_text(encoding="utf-8")) if "pip install -e" in b]


def _venv_folder(tmp_path: Path) -> Path:
    """A folder whose ``.venv`` is this test run's environment, where the install line put it."""
    checkout = tmp_path / "recap-editor"
    checkout.mkdir()
    script = Path(sys.prefix) / "bin" / "recap-editor"
    assert script.is_file(), f"{script} is missing: install the project with the README's command first"
    assert (Path(sys.prefix) / "bin" / "activate").is_file(), f"{sys.prefix} is not a venv"
    (checkout / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    return checkout


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout.strip()


def test_the_readme_names_the_venv_before_the_walkthrough():
    block = walkthrough()
    first = next(line for line in block.splitlines() if line.strip())
    assert first.startswith("source .venv/bin/activate")
    # every install command makes .venv in this folder: that is what the walkthrough activates
    assert install_commands() and all(c.startswith("python3 -m venv .venv && ") for c in install_commands())


def test_the_walkthrough_runs_as_written(tmp_path: Path):
    if shutil.which("git") is None:  # pragma: no cover - the README lists git among the packages
        pytest.fail("git is not installed (README: sudo apt-get install ... git ...)")
    home = tmp_path / "home"
    site = home / "src" / "my-hugo-site"
    shutil.copytree(shipped_site(), site, ignore=shutil.ignore_patterns("__pycache__"))
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", "-A")
    _git(site, "-c", "user.name=Jane Doe", "-c", "user.email=jane@example.com", "commit", "-q", "-m", "site")
    pictures = home / "Pictures" / "meetup"
    for number, orientation in enumerate([1, 6, 1, 8, 3], start=1):
        camera_jpeg(pictures / f"IMG_{number:04d}.JPG", (2000, 1500), seed=number, orientation=orientation)
    head = _git(site, "rev-parse", "HEAD")

    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env.update(HOME=str(home), GIT_AUTHOR_NAME="Jane Doe", GIT_AUTHOR_EMAIL="jane@example.com",
               GIT_COMMITTER_NAME="Jane Doe", GIT_COMMITTER_EMAIL="jane@example.com",
               PATH=os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                    if not (Path(p) / "recap-editor").exists()))
    # set -e: a failing line fails the test; the last line reports what the walkthrough made
    script = "set -euo pipefail\n" + walkthrough() + 'echo "WALKTHROUGH-POST=$post"\n'
    proc = subprocess.run(["bash", "-c", script], cwd=_venv_folder(tmp_path), env=env,
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    post = Path(re.search(r"^WALKTHROUGH-POST=(.*)$", proc.stdout, re.M).group(1))
    slug = "kubernetes-socal-meetup-june-2016"
    assert post.parent == site / "content" / "posts" and post.name.endswith(f"-{slug}.md")
    text = post.read_text(encoding="utf-8")
    # the photos replaced the template's placeholder, under Highlights (not after the Conclusion)
    assert "Drop your photos onto the editor" not in text
    assert text.index("# **Highlights**") < text.index("<img ") < text.index("# **Conclusion**")
    assert text.count("<img ") == 5
    images = sorted((site / "static" / "images" / slug).iterdir())
    assert [p.name for p in images] == [f"img-000{i}.jpg" for i in range(1, 6)]
    # one commit on recap/<slug> with the post and its photos; the checkout itself untouched
    branch = f"recap/{slug}"
    assert f"git push -u origin {branch}" in proc.stdout + proc.stderr
    assert _git(site, "rev-parse", f"{branch}^") == head
    changed = sorted(_git(site, "diff-tree", "--no-commit-id", "--name-only", "-r", branch).splitlines())
    assert changed == sorted([f"content/posts/{post.name}", *(f"static/images/{slug}/{p.name}" for p in images)])
    assert _git(site, "symbolic-ref", "--short", "HEAD") == "main" and _git(site, "rev-parse", "HEAD") == head
    blob = subprocess.run(["git", "-C", str(site), "show", f"{branch}:static/images/{slug}/img-0002.jpg"],
                          capture_output=True, check=True).stdout
    with Image.open(io.BytesIO(blob)) as im:  # stored sideways with an orientation tag: now upright
        assert im.size == (1600, 1200) and not im.getexif().get_ifd(0x8825)
