"""Spell check that does not cry wolf: what a recap is made of (speakers, companies, places, tech
vocabulary) is not underlined, and real misspellings still are — on the sample site a newcomer
opens first and on the real corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

from recap_editor.cli import main
from recap_editor.document.post import Post
from recap_editor.paths import resource_path
from recap_editor.site.profile import load_profile
from recap_editor.site.spelling import check_spelling, speller_for, unknown_words
from recap_editor.spelling.names import post_names
from recap_editor.spelling.speller import PersonalDictionary, Speller
from recap_editor.spelling.words import prose_words

NO_PERSONAL = PersonalDictionary(Path("/nonexistent/dictionary.txt"))


def flagged(post_path: Path, site: Path) -> list[str]:
    speller = speller_for(load_profile(site), post_path=post_path, personal=NO_PERSONAL)
    return [word for _line, word in unknown_words(Post.load(post_path), speller)]


def sample_copy(tmp_path: Path) -> tuple[Path, Path]:
    site = shutil.copytree(resource_path("sample", "site"), tmp_path / "site")
    return site, next((site / "content/posts").glob("*.md"))


def test_the_sample_post_has_no_false_alarms_and_a_typo_in_it_is_still_caught(tmp_path):
    site, post = sample_copy(tmp_path)
    assert flagged(post, site) == []     # was: Eastside, Priya, Natarajan, Díaz, roadmap
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("Last Wednesday", "Thsi paragrph teh Kuberentes. Last Wednesday"), encoding="utf-8")
    assert flagged(post, site) == ["Thsi", "paragrph", "teh", "Kuberentes"]


def test_check_on_the_sample_reports_no_misspelling(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    _site, post = sample_copy(tmp_path)
    main(["check", str(post)])
    assert "possible misspelling" not in capsys.readouterr().out


def test_tech_and_community_words_are_known_and_their_near_misses_are_not():
    speller = Speller("en", personal=NO_PERSONAL)
    for word in ("roadmap", "meetup", "meetups", "backend", "backends", "DevOps", "Devops", "Kubernetes",
                 "kubernetes", "kubectl", "etcd", "runtime", "datacenter", "metadata", "pre-pulled", "co-hosted"):
        assert speller.is_correct(word), word
    for typo in ("Kuberentes", "Kubernets", "roadmpa", "meetpu", "pre-pulld"):
        assert not speller.is_correct(typo), typo
    assert speller.near_miss("Kuberentes") and not speller.near_miss("Kubernetes")
    assert speller.suggestions("Kuberentes")[0] == "Kubernetes"


def test_proper_nouns_are_known_only_capitalised_and_accents_fold():
    speller = Speller("en", personal=NO_PERSONAL)
    for name in ("Amgen", "Amgen's", "Los", "Angeles", "Portland's", "Díaz", "José"):
        assert speller.is_correct(name), name
    assert not speller.is_correct("amgen")        # a name list, as Hunspell's: only as written
    assert not speller.is_correct("Paragrph") and not speller.is_correct("Dïazz")
    assert not speller.is_correct("thé")            # only names fold their accents


def test_a_post_vouches_for_its_names_by_their_shape():
    front = '+++\ntitle = "A Recp"\nauthors = ["Ann Zorblatt"]\ntags = ["Quuxcon"]\n+++\n\n'
    body = ("Talks:\n\n"
            " - Priya Natarajan ([Acme Cloud](https://example.com)) - \"Platform Teams\"\n"
            " - [Vic Iglesias](https://twitter.com/vic) ([Google](http://google.com)) - \"CD\"\n"
            " - Sponsored by [Solinea](http://solinea.com/) and [Frobnitz](http://example.com/).\n\n"
            "We met in Portland's Central Eastside, then in Thsi Google office with Marco Zubrowka.\n\n"
            "Zorbly Blarg wrote teh notes. A [Kuberentes Talk](https://kuberentes.io) too.\n")
    names = post_names(front + body, Speller("en", personal=NO_PERSONAL))
    assert {"Zorblatt", "Quuxcon", "Priya", "Natarajan", "Iglesias", "Solinea", "Eastside", "Zubrowka"} <= names
    assert "Recp" not in names                     # the title is prose, checked, not evidence
    assert "Frobnitz" not in names                 # a link whose address does not spell it
    assert "Thsi" not in names                     # starts its sentence: no run excuses it
    assert "Zorbly" not in names and "Blarg" not in names and "teh" not in names
    assert "Kuberentes" not in names               # a near miss of a known word is never a name


def test_entities_fences_in_lists_and_repository_names_are_not_prose():
    text = ("A&nbsp;b &mdash; c &#8212;\n\n - a tree:\n\n      ```\n      └── svcc\n      ```\n\n"
            "A fork of [ployst/docker-letsencrypt](https://github.com/ployst/docker-letsencrypt).\n")
    found = [w.text for w in prose_words(text)]
    for skipped in ("nbsp", "mdash", "svcc", "ployst", "letsencrypt"):
        assert skipped not in found, skipped
    assert "tree" in found and "fork" in found


def test_a_typo_the_site_repeats_is_still_a_typo(tmp_path):
    site = tmp_path / "site"
    (site / "content/posts").mkdir(parents=True)
    (site / "config.toml").write_text('title = "T"\nlanguageCode = "en-us"\n')
    front = '+++\ntitle = "{0}"\nauthors = "Mike Metral"\n+++\n\n'
    for n, body in enumerate(["Kubernetes on Kubernetes.", "Kubernetes again.", "More Kubernetes.",
                              "Kuberentes components.", "All Kuberentes parts and Zorblatt."]):
        (site / f"content/posts/2020_01_0{n + 1}-p{n}.md").write_text(front.format(f"P{n}") + body + "\n")
    post = site / "content/posts/2020_01_05-p4.md"
    assert flagged(post, site) == ["Kuberentes", "Zorblatt"]
    (site / "content/posts/2020_01_06-p5.md").write_text(front.format("P5") + "Zorblatt again.\n")
    assert flagged(post, site) == ["Kuberentes"]   # a word two posts use is the site's own


def test_the_corpus_socal_post_names_pass_and_its_typos_do_not(corpus_site):
    post = corpus_site / "content/posts/2016_05_12-k8s-socal-may-2016.md"
    words = flagged(post, corpus_site)
    for name in ("Los", "Amgen", "Amgen's", "Solinea", "Rackspace", "Iglesias", "Sushaant", "Mujoo",
                 "Heidecke", "Mirantis", "distro", "tech"):
        assert name not in words, name
    assert {"provisoned", "expericence", "Kuberenetes"} <= set(words)
    problems = check_spelling(Post.load(post), load_profile(corpus_site), speller_for(
        load_profile(corpus_site), post_path=post, personal=NO_PERSONAL))
    assert any("'Kuberenetes' (did you mean 'Kubernetes'?)" in p.message for p in problems)


def test_the_corpus_misspelling_of_kubernetes_in_two_posts_is_caught(corpus_site):
    post = corpus_site / "content/posts/2016_03_11-kubecon-london-2016-day-2.md"
    assert "Kuberentes" in flagged(post, corpus_site)


def test_slips_in_names_and_title_case_are_not_excused_by_their_shape():
    """Found by bench/spelling.py's injected typos: a swap in a title-case phrase after a proper
    noun, in a known first name before a parenthesis, or in a linked name whose address spells
    it right used to pass as names."""
    speller = Speller("en", personal=NO_PERSONAL)
    text = ('+++\ntitle = "Portland Cluod Native Meetup"\n+++\n\n'
            "The Portland Cluod Native crowd met.\n\n"
            " - Mraco Díaz ([Example Corp](https://example.com)) - a talk\n"
            " - [Luke Hiedecke](https://twitter.com/lukeheidecke) ([Solinea](http://solinea.com/))\n")
    names = post_names(text, speller)
    assert {"Cluod", "Mraco", "Hiedecke"}.isdisjoint(names)
    assert "Solinea" in names and speller.is_correct("Díaz")
    assert speller.near_miss("Cluod") and speller.near_miss("Mraco") and not speller.near_miss("Priya")


def test_a_deep_fence_is_a_fence_only_inside_a_list():
    in_list = " - a tree:\n\n      ```\n      └── svcc\n      ```\n\nAfter the fence, wrold.\n"
    assert [w.text for w in prose_words(in_list)] == ["a", "tree", "After", "the", "fence", "wrold"]
    # outside a list, four spaces make an indented code block's line, not a fence that would
    # hide the rest of the post from the checker
    loose = "Text.\n\n    ```\n    codde\n\nAfter it, wrold.\n"
    assert [w.text for w in prose_words(loose)] == ["Text", "After", "it", "wrold"]
