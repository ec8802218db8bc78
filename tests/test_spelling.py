"""Spell checking in the core: which words are looked at, the site's vocabulary, the personal
dictionary, the language, and `recap-editor check`'s warnings."""

from __future__ import annotations

from pathlib import Path

from recap_editor.cli import main
from recap_editor.document.post import Post
from recap_editor.site.profile import load_profile
from recap_editor.site.spelling import check_spelling, site_language, site_vocabulary, speller_for
from recap_editor.spelling.speller import PersonalDictionary, Speller, available_languages, language_for
from recap_editor.spelling.words import prose_words

FRONT = '+++\ndate = "2020-01-01T18:00:00-08:00"\ntitle = "{title}"\nauthors = "{author}"\ntags = ["Meetup"]\n+++\n\n'


def spelling_site(tmp_path: Path, language: str = "en-us") -> Path:
    """A small Hugo site whose posts talk about Kubernetes and Kismatic, written by Mike Metral."""
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "config.toml").write_text(f'title = "T"\nlanguageCode = "{language}"\n')
    (site / "content/posts/2020_01_01-kubernetes-meetup.md").write_text(
        FRONT.format(title="Kubernetes Meetup", author="Mike Metral")
        + "We ran Kubernetes on CoreOS with the Kismatic folks.\n")
    return site


def words(text: str) -> list[str]:
    return [w.text for w in prose_words(text)]


def test_prose_words_skip_code_urls_html_shortcodes_and_paths():
    text = (FRONT.format(title="A Recp", author="Ann Smyth")
            + "Thsi paragrph teh end.\n\n"
            + "See https://exmaple.com/pathh and <https://fooo.bar/bazz> or www.wrnog.org, mail a@bbb.ccc.\n\n"
            + "Run `kubctl getpods` now.\n\n```\nsudo aptt-get instal\n```\n\n"
            + "    indentd codde\n\n"
            + '<img src="/images/foo/imgg.jpg" class="fotoo"> {{< figure src="wrongg.png" captin="x" >}}\n\n'
            + "![](/images/x/sdfsdf.jpg)\n\n[linkk]: http://x.y\n<!--commnt-->\n")
    found = words(text)
    assert found[:2] == ["A", "Recp"]                    # prose front matter values are checked …
    assert "title" not in found and "Smyth" not in found   # … keys and author names are not
    assert ["Thsi", "paragrph", "teh", "end"] == found[2:6]
    for skipped in ("exmaple", "pathh", "fooo", "bazz", "wrnog", "bbb", "kubctl", "getpods", "aptt",
                    "instal", "indentd", "codde", "imgg", "fotoo", "wrongg", "captin", "sdfsdf",
                    "linkk", "commnt", "png", "jpg"):
        assert skipped not in found, skipped


def test_offsets_and_lines_point_at_the_word():
    text = "+++\ntitle = \"x\"\n+++\n\nGood wrold here.\n"
    word = next(w for w in prose_words(text) if w.text == "wrold")
    assert text[word.start:word.end] == "wrold" and word.line == 5
    assert [w.text for w in prose_words(text, first_line=5, last_line=5)] == ["Good", "wrold", "here"]
    assert prose_words(text, first_line=6) == []
    assert words("Free Wi-Fi, a state-of-the-art talk.") == ["Free", "Wi-Fi", "a", "state-of-the-art", "talk"]


def test_misspellings_get_the_right_suggestion(tmp_path):
    speller = Speller("en", personal=PersonalDictionary(tmp_path / "dict.txt"))
    for wrong, right in (("Thsi", "This"), ("paragrph", "paragraph"), ("teh", "the")):
        assert not speller.is_correct(wrong)
        assert speller.suggestions(wrong)[0] == right
    for fine in ("This", "paragraph", "writer's", "recaps", "don’t", "k8s", "NASA", "KubeCon", "well-known", "Wi-Fi"):
        assert speller.is_correct(fine), fine


def test_the_site_vocabulary_is_not_an_error(tmp_path):
    profile = load_profile(spelling_site(tmp_path))
    vocabulary = site_vocabulary(profile)
    assert {"kubernetes", "kismatic", "metral", "mike"} <= vocabulary
    speller = speller_for(profile, personal=PersonalDictionary(tmp_path / "dict.txt"))
    assert speller.is_correct("Kubernetes") and speller.is_correct("Metral") and speller.is_correct("Kismatic")
    assert not Speller("en").is_correct("Kismatic")       # known only because the site uses it
    assert "Kubernetes" in speller.suggestions("Kubernets")   # site words are offered as corrections


def test_corpus_words_are_known(corpus_site):
    speller = speller_for(load_profile(corpus_site), personal=PersonalDictionary(Path("/nonexistent/d.txt")))
    for word in ("Kubernetes", "Metral", "Kismatic", "Apprenda"):
        assert speller.is_correct(word), word
    assert not speller.is_correct("paragrph")


def test_add_to_dictionary_persists(tmp_path):
    path = tmp_path / "data" / "dictionary.txt"
    speller = Speller("en", personal=PersonalDictionary(path))
    assert not speller.is_correct("Zorbly")
    speller.add_to_personal("Zorbly")
    assert path.read_text(encoding="utf-8") == "Zorbly\n"
    assert Speller("en", personal=PersonalDictionary(path)).is_correct("Zorbly")   # a new session
    speller.ignore("Quxxo")
    assert speller.is_correct("Quxxo") and not Speller("en", personal=PersonalDictionary(path)).is_correct("Quxxo")


def test_language_from_the_site_else_the_locale(tmp_path, monkeypatch):
    assert {"en", "de", "fr", "es"} <= set(available_languages())
    assert language_for("de-DE") == "de" and language_for("fr") == "fr" and language_for("xx-yy") == "en"
    monkeypatch.setenv("LC_ALL", "es_ES.UTF-8")
    assert language_for(None) == "es"
    assert site_language(load_profile(spelling_site(tmp_path, "de-de"))) == "de"
    assert Speller("de").is_correct("Straße") and not Speller("de").is_correct("Strasze")


def test_check_reports_misspellings_as_warnings(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    site = spelling_site(tmp_path)
    post = site / "content/posts/2020_02_01-second.md"
    post.write_text(FRONT.format(title="Second", author="Mike Metral")
                    + "Kubernetes again.\n\nThsi paragrph teh `kubctl` https://exmaple.com\n")
    problems = check_spelling(Post.load(post), load_profile(site))
    assert [str(p).split(" (fix")[0] for p in problems] == [
        f"{post}:10: warning: possible misspelling: 'Thsi' (did you mean 'This'?), "
        "'paragrph' (did you mean 'paragraph'?), 'teh' (did you mean 'the'?)"]
    main(["check", str(post)])
    out = capsys.readouterr().out
    assert f"{post}:10: warning: possible misspelling: 'Thsi'" in out
    main(["check", "--no-spelling", str(post)])
    assert "possible misspelling" not in capsys.readouterr().out


def test_word_list_lookups_and_two_edit_corrections():
    from recap_editor.spelling.wordlist import WordList

    words = WordList({"accommodation": 50, "the": 1000, "then": 300, "them": 200, "zebra": 1})
    assert "the" in words and "zebra" in words and "th" not in words and "zebras" not in words
    assert words.frequency("then") == 300 and words.frequency("nope") == 0
    assert words.candidates("thw")[:1] == ["the"]                    # one edit
    assert words.candidates("thex") == ["the", "then", "them"]       # one edit, most frequent first
    assert words.candidates("acomodation") == ["accommodation"]      # two edits
    assert words.candidates("qqqqqq") == []


def test_check_lists_misspellings_among_the_other_warnings_in_line_order(tmp_path, monkeypatch, capsys):
    """`check` printed the spelling warnings after every other one: line 4 came after line 63."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    site = spelling_site(tmp_path)
    post = site / "content/posts/2020_02_01-second.md"
    post.write_text(FRONT.format(title="Second", author="Mike Metral")
                    + "Thsi is early.\n\nLater.\n\n![](/images/nowhere/x.jpg)\n\nA wrod at the end.\n")
    main(["check", str(post)])
    lines = [int(line.split(":")[1]) for line in capsys.readouterr().out.splitlines()
             if ": warning: " in line]
    assert len(lines) >= 3 and lines == sorted(lines)


# -- the word list's cache: built once, read back at later starts ---------------------------------

def test_word_list_read_from_its_cache_is_the_list_built_from_the_wheel(tmp_path):
    from recap_editor.spelling.wordlist import WordList, cache_file

    import gzip
    import json

    from recap_editor.spelling.wordlist import dictionary_file

    with gzip.open(dictionary_file("en"), "rt", encoding="utf-8") as handle:
        built = WordList(json.load(handle))                  # in memory, from the wheel
    first = WordList.load("en", cache_dir=tmp_path)
    assert cache_file("en", tmp_path).is_file() and first.mapped   # built, cached, then mapped
    cached = WordList.load("en", cache_dir=tmp_path)
    assert len(cached) == len(built) > 100_000
    for word in ("the", "meetup", "zygote", "aardvark"):
        assert (word in cached) == (word in built)
        assert cached.frequency(word) == built.frequency(word)
    assert "teh" not in cached
    assert cached.candidates("teh")[:3] == built.candidates("teh")[:3]
    assert cached.letters == built.letters


def test_a_damaged_word_list_cache_is_rebuilt_not_trusted(tmp_path):
    from recap_editor.spelling.wordlist import WordList, cache_file

    WordList.load("en", cache_dir=tmp_path)
    path = cache_file("en", tmp_path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])   # cut short, as a full disk or a crash would leave it
    words = WordList.load("en", cache_dir=tmp_path)
    assert "the" in words and "teh" not in words and len(words) > 100_000
    assert path.read_bytes() == whole            # rewritten whole
    path.write_bytes(b"something else entirely")
    assert "the" in WordList.load("en", cache_dir=tmp_path)


def test_an_unwritable_cache_folder_costs_time_not_the_word_list(tmp_path):
    from recap_editor.spelling.wordlist import WordList

    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go")
    words = WordList.load("en", cache_dir=blocker)
    assert "the" in words and "teh" not in words


def test_a_cached_word_list_is_mapped_and_finds_words_beyond_ascii(tmp_path):
    """The cache is memory-mapped (its pages shared and droppable, not copied into every process),
    and bisection over its UTF-8 bytes finds what bisection over the text did."""
    from recap_editor.spelling.wordlist import WordList

    frequencies = {"zebra": 1, "café": 5, "cafe": 7, "naïve": 3, "Zürich": 2, "über": 4, "ça": 1,
                   "the": 100, "東京": 2}
    path = tmp_path / "words.bin"
    WordList(frequencies).write(path)
    mapped = WordList.read(path)
    assert mapped.mapped and len(mapped) == len(frequencies)
    for word, count in frequencies.items():
        assert word in mapped and mapped.frequency(word) == count
    for absent in ("caf", "cafés", "naive", "Zurich", "", "\ud800", "zzzz"):
        assert absent not in mapped
    assert mapped.candidates("cafè")[:2] == ["cafe", "café"]


def test_a_word_list_cache_with_a_damaged_header_is_rebuilt(tmp_path):
    from recap_editor.spelling.wordlist import _MAGIC, WordList, cache_file

    WordList.load("en", cache_dir=tmp_path)
    path = cache_file("en", tmp_path)
    for damaged in (_MAGIC + b'{"size": 3}\n', _MAGIC + b"[1, 2]\n", _MAGIC + b"\xff\xfe\n", b""):
        path.write_bytes(damaged)
        words = WordList.load("en", cache_dir=tmp_path)
        assert "the" in words and "teh" not in words and len(words) > 100_000


def test_checking_the_lines_on_screen_finds_what_checking_the_whole_post_finds_there():
    """The editor checks the lines on screen (plus a margin) and, since a 20 MB post took ~2 s a
    check, reads only as far as those lines (and the front matter). The answers must not change."""
    import tempfile

    from recap_editor.spelling.speller import PersonalDictionary, Speller
    from recap_editor.ui.spell_marks import find_misspellings

    front = '+++\ntitle = "Harbor Nihgt"\nsummary = "A sumary"\ntags = ["Meetup"]\n+++\n'
    body = ("Intro with a tpyo.\n\n```\ncode wiht no check\n```\n\n- a lsit item\n\n    indented codde\n\n"
            "[Amgen](http://amgen.com) and Amgne.\n\nLast paragraf.\n")
    text = front + body * 3
    speller = Speller("en", frozenset(), PersonalDictionary(Path(tempfile.mkdtemp()) / "words.txt"))
    lines = text.count("\n") + 1
    whole = find_misspellings(text, 1, lines + 10, speller)
    assert {w for *_, w in whole} >= {"Nihgt", "sumary", "tpyo", "lsit", "paragraf"}
    assert not {"wiht", "Amgen"} & {w for *_, w in whole}        # code; a name its link spells
    for first, last in ((1, 3), (2, 5), (4, 12), (9, 20), (15, 40), (30, lines)):
        assert find_misspellings(text, first, last, speller) == [m for m in whole if first <= m[0] <= last]


def test_a_screen_ending_inside_a_long_front_matter_still_knows_where_the_body_starts():
    from recap_editor.spelling.words import front_matter_chars, leading_lines, prose_words

    text = "---\ntitle: Tpyo one\n" + "tags: [a]\n" * 50 + "---\nBody wrod\n"
    assert front_matter_chars(text) == text.index("Body")
    assert len(leading_lines(text, 3)) == 53                  # through the front matter
    assert [w.text for w in prose_words(text, 1, 3)] == ["Tpyo", "one"]
    assert [w.text for w in prose_words(text, 54, 54)] == ["Body", "wrod"]
    assert front_matter_chars("---\ntitle: x\n") == 0          # never closed: no front matter
    assert front_matter_chars("\ufeff+++\r\ntitle = 'x'\r\n+++\r\nBody") == len("\ufeff+++\r\ntitle = 'x'\r\n+++\r\n")
