"""A site's page words are cached by page content (site/page_words.py): the vocabulary read back
is the one found anew, a changed page is found anew, and a bad cache file is only rebuilt."""

from __future__ import annotations

import json

from recap_editor.site import page_words as pw


def test_cached_words_are_the_words_found_and_a_changed_page_is_found_anew(tmp_path, monkeypatch):
    found = []
    real = pw.words_of
    monkeypatch.setattr(pw, "words_of", lambda body: found.append(body) or real(body))
    site = tmp_path / "site"
    site.mkdir()
    bodies = ["Kubernetes meetup in Pasadena.\n", "A well-known roadmap, and `code` skipped.\n", ""]
    first = pw.page_words(bodies, site, tmp_path / "cache")
    assert first == [real(b) for b in bodies] and len(found) == 3
    assert {"well-known", "well", "known", "roadmap"} <= first[1] and "code" not in first[1]
    found.clear()
    assert pw.page_words(bodies, site, tmp_path / "cache") == first and found == []   # read back
    changed = [bodies[0], "Now about Kismatic.\n"]                 # one edited, one deleted
    assert pw.page_words(changed, site, tmp_path / "cache") == [first[0], real(changed[1])]
    assert found == [changed[1]]
    pages = json.loads(pw.cache_file(site, tmp_path / "cache").read_text())["pages"]
    assert len(pages) == 2                                         # the deleted page left the file


def test_a_damaged_or_foreign_cache_is_rebuilt_and_code_changes_invalidate_it(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    bodies = ["Harbor night.\n"]
    expected = [pw.words_of(bodies[0])]
    path = pw.cache_file(site, tmp_path / "cache")
    for damaged in ("{not json", json.dumps([1, 2]), json.dumps({"code": "other", "pages": {}}),
                    json.dumps({"code": pw._code_key(), "pages": {"x": 3}})):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(damaged)
        assert pw.page_words(bodies, site, tmp_path / "cache") == expected
        assert json.loads(path.read_text())["code"] == pw._code_key()
    # words cached by another version of the code are not trusted
    data = json.loads(path.read_text())
    key = next(iter(data["pages"]))
    data["pages"][key] = "stale words"
    path.write_text(json.dumps(data))
    assert pw.page_words(bodies, site, tmp_path / "cache") == [frozenset({"stale", "words"})]
    monkeypatch.setattr(pw, "_code_key", lambda: "changed-code")
    assert pw.page_words(bodies, site, tmp_path / "cache") == expected


def test_an_unwritable_cache_costs_time_only(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go")
    assert pw.page_words(["Harbor night.\n"], site, blocker) == [pw.words_of("Harbor night.\n")]
