"""``recap-editor triage`` and ``recap-editor photos POST --from-triage FILE``, headless."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from recap_editor.cli import main
from recap_editor.photos.gallery import find_galleries
from recap_editor.photos.triage_picks import read_pick_list
from triage_roll import blurred, save_jpeg, scene, screenshot

T0 = datetime(2024, 5, 11, 19, 0, 0)
POST = """+++
title = "Meetup"
slug = "meetup"
+++

Intro.
"""


def make_roll(folder: Path) -> Path:
    """Four scenes of two shots each (the second of scene 1 blurred), a screenshot, a broken file.
    The names run against capture time: DSC_9 is shot first."""
    folder.mkdir()
    for burst in range(4):
        for shot in range(2):
            image = scene(10 + burst, shift=(shot * 8, shot * 4))
            if burst == 1 and shot == 1:
                image = blurred(image, 2)
            save_jpeg(folder / f"DSC_{9 - 2 * burst - shot}.jpg", image,
                      T0 + timedelta(minutes=2 * burst, seconds=shot), "+02:00")
    screenshot(size=(600, 1200)).save(folder / "Screenshot_20240511.png")
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    return folder


def test_triage_json_lists_groups_scores_picks_and_errors(tmp_path: Path, capsys) -> None:
    roll = make_roll(tmp_path / "roll")
    code = main(["triage", str(roll), "--json"])
    out, err = capsys.readouterr()
    assert code == 1   # a broken file was named; the rest is triaged
    assert f"{roll / 'broken.jpg'}: error: " in err
    data = json.loads(out)
    assert [Path(p["path"]).name for p in data["photos"][:8]] == [f"DSC_{n}.jpg" for n in range(9, 1, -1)]
    assert len(data["stacks"]) == 5 and len(data["moments"]) == 2   # the screenshot has the file's time
    by_name = {Path(p["path"]).name: p for p in data["photos"]}
    assert by_name["DSC_6.jpg"]["marks"] == ["blurred"]
    assert by_name["Screenshot_20240511.png"]["kind"] == "screenshot"
    picked = [by_name[Path(p).name] for p in data["picks"]]
    assert [p["stack"] for p in picked] == [0, 1, 2, 3]     # the best of each photo stack, in order
    assert all(p["index"] == data["stacks"][p["stack"]]["best"] and p["suggested"] for p in picked)
    assert "DSC_6.jpg" not in [Path(p).name for p in data["picks"]]


def test_triage_text_and_pick_limit(tmp_path: Path, capsys) -> None:
    roll = make_roll(tmp_path / "roll")
    (roll / "broken.jpg").unlink()
    assert main(["triage", str(roll), "--pick", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("9 photos in 1 moment, 4 stacks of near-duplicates (8 photos), 1 screenshot or slide; 2 picked")
    assert "19:00" in out and "[blurred]" in out and "[screenshot]" in out
    assert len(out.rsplit("picked: ", 1)[1].split()) == 2


def test_photos_from_triage_imports_the_pick_list_in_its_order(tmp_path: Path, capsys) -> None:
    roll = make_roll(tmp_path / "roll")
    (roll / "broken.jpg").unlink()
    main(["triage", str(roll), "--json", "--screens", "row"])
    saved = tmp_path / "picks.json"
    picks = json.loads(capsys.readouterr().out)["picks"]
    # the writer reorders by hand: the order of the list is the import order
    picks = [picks[-1]] + picks[:-1]
    saved.write_text(json.dumps({"picks": picks}), encoding="utf-8")
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")

    assert main(["photos", str(post), "--from-triage", str(saved), "--layout", "single"]) == 0
    out = capsys.readouterr().out
    assert f"{len(picks)} photo(s) imported" in out
    [span] = find_galleries(post.read_text(encoding="utf-8"))
    sources = [photo.src.rsplit("/", 1)[1] for row in span.gallery.rows for photo in row.photos]
    assert sources[0] == "screenshot-20240511.png"
    assert [s.split(".")[0] for s in sources[1:]] == [Path(p).stem.lower().replace("_", "-") for p in picks[1:]]


def test_pick_list_as_plain_text_with_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "list.txt").write_text("# my picks\nroll/b.jpg\n\n/abs/a.jpg\n", encoding="utf-8")
    assert read_pick_list(tmp_path / "list.txt") == [tmp_path / "roll" / "b.jpg", Path("/abs/a.jpg")]


def test_bad_pick_list_is_a_clear_error(tmp_path: Path, capsys) -> None:
    post = tmp_path / "post.md"
    post.write_text(POST, encoding="utf-8")
    bad = tmp_path / "picks.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["photos", str(post), "--from-triage", str(bad)]) == 2
    assert f"{bad}: error: not valid JSON" in capsys.readouterr().err
    assert main(["photos", str(post)]) == 2
    assert "--from-triage" in capsys.readouterr().err
    assert post.read_text(encoding="utf-8") == POST
