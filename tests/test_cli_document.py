"""``recap-editor meta`` and ``recap-editor new`` as a user runs them (a real subprocess)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "recap_editor", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


# The seed post's fields, per site (conftest's recap_site: the repository's own, and the corpus).
SEED_FIELDS = {
    "harbor": ("Harbor Kube Meetup - April 2019", "2019-04-11T18:00:00-07:00", ["Meetup", "Harbor"]),
    "corpus": ("Kubernetes SoCal Meetup - May 2016", "2016-05-12T16:00:00-08:00", ["Meetup", "SoCal"]),
}


@pytest.fixture
def seed_fields(recap_site):
    return SEED_FIELDS[recap_site.name]


@pytest.fixture
def seed_copy(tmp_path, site_seed) -> Path:
    target = tmp_path / site_seed.name
    shutil.copyfile(site_seed, target)
    return target


def test_meta_prints_fields_and_json(seed_copy, seed_fields):
    title, date, tags = seed_fields
    plain = run("meta", str(seed_copy))
    assert plain.returncode == 0, plain.stderr
    assert f"title: {title}" in plain.stdout
    assert f"tags: {', '.join(tags)}" in plain.stdout
    data = json.loads(run("meta", str(seed_copy), "--json").stdout)
    assert data["date"] == date and data["tags"] == tags


def test_meta_set_same_value_leaves_file_identical(seed_copy, site_seed, seed_fields):
    title, date, tags = seed_fields
    result = run("meta", str(seed_copy), "--set", f"date={date}",
                 "--set", f"tags={', '.join(tags)}", "--set", f"title={title}")
    assert result.returncode == 0, result.stderr
    assert seed_copy.read_bytes() == site_seed.read_bytes()


def test_meta_set_and_unset_change_only_those_lines(seed_copy, site_seed, seed_fields):
    tags = seed_fields[2]
    result = run("meta", str(seed_copy), "--set", f"tags={','.join(tags)},LA", "--set", "draft=true",
                 "--unset", "authors")
    assert result.returncode == 0, result.stderr
    old = site_seed.read_text().splitlines()
    new = seed_copy.read_text().splitlines()
    assert new[2] == f'tags = ["{tags[0]}", "{tags[1]}", "LA"]'
    assert new[5] == "draft = true" and not any(l.startswith("authors") for l in new)
    assert new[7:] == old[7:] and new[:2] == old[:2]


def test_meta_bad_value_and_bad_input_exit_2_with_path_and_line(seed_copy, tmp_path):
    before = seed_copy.read_bytes()
    result = run("meta", str(seed_copy), "--set", "date=next tuesday")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{seed_copy}:2: error:") and "ISO 8601" in result.stderr
    assert seed_copy.read_bytes() == before

    missing = run("meta", str(tmp_path / "nope.md"))
    assert missing.returncode == 2 and "no such file" in missing.stderr

    broken = tmp_path / "broken.md"
    broken.write_text('+++\ntitle = "x\n+++\nbody\n')
    result = run("meta", str(broken), "--set", "title=y")
    assert result.returncode == 2 and result.stderr.startswith(f"{broken}:2: error: invalid TOML")
    assert broken.read_text() == '+++\ntitle = "x\n+++\nbody\n'

    usage = run("meta", str(seed_copy), "--set", "novalue")
    assert usage.returncode == 2 and "KEY=VALUE" in usage.stderr


def test_new_writes_post_from_template_and_never_overwrites(tmp_path):
    result = run("new", "Café Meetup — Nov 2026", "--dir", str(tmp_path), "--date",
                 "2026-11-20T18:30:00-08:00", "--tags", "Meetup, Portland", "--authors", "Ann Writer")
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == tmp_path / "2026_11_20-cafe-meetup-nov-2026.md"
    text = path.read_text()
    assert text.startswith('+++\ndate = "2026-11-20T18:30:00-08:00"\ntags = ["Meetup", "Portland"]\n'
                           'title = "Café Meetup — Nov 2026"\nslug = "cafe-meetup-nov-2026"\n'
                           'authors = "Ann Writer"\n+++\n')
    assert "\n<!--more-->\n" in text

    path.write_text(text + "my edits")
    again = run("new", "Café Meetup — Nov 2026", "--dir", str(tmp_path), "--date", "2026-11-20T18:30:00-08:00")
    assert again.returncode == 2 and "already exists" in again.stderr
    assert path.read_text().endswith("my edits")

    bad = run("new", "X", "--dir", str(tmp_path), "--date", "yesterday")
    assert bad.returncode == 2 and "ISO 8601" in bad.stderr


def test_every_subcommand_has_help():
    top = run("--help")
    assert top.returncode == 0
    for command in ("meta", "new", "render", "photos", "check", "export", "site"):
        assert command in top.stdout
        sub = run(command, "--help")
        assert sub.returncode == 0 and "usage: recap-editor " + command in sub.stdout, command
