"""How often spell check cries wolf on real posts: every word `recap-editor check` would flag on
each post of a site, judged against the real misspellings a person found in those posts.

    python bench/spelling.py [SITE ...]     (default: the sample site, and the corpus if present)

Prints, per site, `name: value` figures: words flagged that are spelled right (false alarms),
real misspellings flagged (caught) and real misspellings let through (missed), counted once per
line as `check` reports them; then the same with the dictionary and the site's words only (the
checker without the shipped lists, the post's names and the repeated-typo rule), measured in the
same run, and the ratio. The personal dictionary is left out: a newcomer has none.
Last, what building a post's speller costs in a site 25 times as big, at the first start and at a
later one (`speller_*_pages_*`: the words of unchanged pages are read back from the cache).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The misspellings in the corpus (corekube-web), found by reading every warning in context.
# Anything else flagged there is a false alarm: names, products, jargon, code.
CORPUS_MISSPELLINGS = {
    "structred", "Djano", "otherwords", "perfom", "conatiners", "occuring", "infrastrucutre",
    "miroservices", "Kubernets", "rktnetetes", "woring", "Provie", "crypotographic",
    "crypotographically", "Authenticaton", "cliamed", "comapred", "Reblance", "superceded",
    "differnet", "enourmous", "instrinsic", "hetergenous", "utilizaiton", "upto", "provisoned",
    "expericence", "Kuberenetes", "aquire", "commerical", "defacto",
    # repeated in two posts, so the site's vocabulary used to let it through
    "Kuberentes",
}


def flagged(site: Path, baseline: bool = False) -> list[tuple[Path, int, str]]:
    """(post, line, word) for each word `check` flags on each post of `site`. `baseline`: as the
    checker was before the shipped lists, the post's names and the repeated-typo rule (the
    dictionary and the site's words only), for a ratio measured in the same run."""
    from recap_editor.document.post import Post
    from recap_editor.site.profile import load_profile
    from recap_editor.site.spelling import site_language, site_vocabulary, speller_for, unknown_words
    from recap_editor.spelling.speller import PersonalDictionary, Speller, Supplement
    from recap_editor.spelling.words import prose_words

    profile = load_profile(site)
    personal = PersonalDictionary(Path("/nonexistent/dictionary.txt"))
    out = []
    for path in sorted((site / "content").rglob("*.md")):
        post = Post.load(path)
        if baseline:
            speller = Speller(site_language(profile), site_vocabulary(profile, path), personal)
            speller._supplement = Supplement()
            seen = set()
            for word in prose_words(post.text):
                if (word.line, word.text) not in seen and not speller.is_correct(word.text):
                    seen.add((word.line, word.text))
                    out.append((path, word.line, word.text))
            continue
        speller = speller_for(profile, post_path=path, personal=personal)
        out += [(path, line, word) for line, word in unknown_words(post, speller)]
    return out


def occurrences(site: Path, words: set[str]) -> int:
    """How many lines of the site's posts hold each real misspelling (what `check` should flag)."""
    import re

    total = 0
    for path in (site / "content").rglob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            total += sum(1 for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", line))
    return total


def report(name: str, site: Path, misspellings: set[str]) -> None:
    found = flagged(site)
    wrong = [f for f in found if f[2] in misspellings]
    alarms = [f for f in found if f[2] not in misspellings]
    print(f"{name}_posts: {len(list((site / 'content').rglob('*.md')))}")
    print(f"{name}_false_alarms: {len(alarms)}")
    print(f"{name}_false_alarm_words: {len({w for _p, _l, w in alarms})}")
    print(f"{name}_misspellings_caught: {len(wrong)}")
    print(f"{name}_misspellings_missed: {max(0, occurrences(site, misspellings) - len(wrong))}")
    before = flagged(site, baseline=True)
    before_alarms = [f for f in before if f[2] not in misspellings]
    print(f"{name}_false_alarms_dictionary_only: {len(before_alarms)}")
    print(f"{name}_misspellings_caught_dictionary_only: {len(before) - len(before_alarms)}")
    print(f"{name}_false_alarms_ratio: {len(alarms) / max(1, len(before_alarms)):.3f}")
    made, caught, caught_before = injected(site)
    print(f"{name}_injected_typos: {made}")
    print(f"{name}_injected_typos_caught: {caught}")
    print(f"{name}_injected_typos_caught_dictionary_only: {caught_before}")
    made, caught, caught_before = injected(site, capitalised=True)
    print(f"{name}_injected_capitalised_typos: {made}")
    print(f"{name}_injected_capitalised_typos_caught: {caught}")
    print(f"{name}_injected_capitalised_typos_caught_dictionary_only: {caught_before}")
    if os.environ.get("VERBOSE"):
        for path, line, word in alarms:
            print(f"  false alarm {path.name}:{line}: {word}")
        caught = {w for _p, _l, w in wrong}
        print("  missed:", sorted(misspellings - caught))


def injected(site: Path, per_post: int = 20, seed: int = 12, capitalised: bool = False) -> tuple[int, int, int]:
    """Typos made on purpose (two neighbouring letters swapped) in words of each post, names
    and capitalised words included: (made, caught by the checker, caught by the dictionary-only
    checker). The checker's extra rules must not excuse them. `capitalised`: only in capitalised
    words (names, places, sentence starts), where the post's names rules apply."""
    import random

    from recap_editor.document.post import Post
    from recap_editor.site.profile import load_profile
    from recap_editor.site.spelling import site_language, site_vocabulary, speller_for, unknown_words
    from recap_editor.spelling.speller import PersonalDictionary, Speller, Supplement
    from recap_editor.spelling.words import prose_words

    rng = random.Random(seed)
    profile = load_profile(site)
    personal = PersonalDictionary(Path("/nonexistent/dictionary.txt"))
    plain = Speller(site_language(profile))
    made = caught = caught_before = 0
    for path in sorted((site / "content").rglob("*.md")):
        text = Post.load(path).text
        words = [w for w in prose_words(text) if len(w.text) >= 5 and w.text.isalpha()
                 and (not capitalised or w.text[0].isupper())]
        typos = {}
        for word in rng.sample(words, min(per_post, len(words))):
            i = rng.randrange(1, len(word.text) - 2)
            typo = word.text[:i] + word.text[i + 1] + word.text[i] + word.text[i + 2:]
            if typo != word.text and not plain.is_correct(typo) and word.start not in typos:
                typos[word.start] = (word, typo)
        for start in sorted(typos, reverse=True):
            word, typo = typos[start]
            text = text[:word.start] + typo + text[word.end:]
        post = Post.from_text(text, path)
        wanted = {(w.line, t) for w, t in typos.values()}
        made += len(wanted)
        found = set(unknown_words(post, speller_for(profile, post_path=path, personal=personal)))
        caught += len(wanted & found)
        if os.environ.get("VERBOSE"):
            for line, typo in sorted(wanted - found):
                print(f"  excused typo {path.name}:{line}: {typo}")
        before = Speller(site_language(profile), site_vocabulary(profile, path), personal)
        before._supplement = Supplement()
        caught_before += sum(1 for line, t in wanted if not before.is_correct(t))
    return made, caught, caught_before


def vocabulary_cost(site: Path, copies: int = 25) -> None:
    """Building the speller of a post in a site of `copies` times `site`'s posts: the first time
    (every page's words found) and at a later start (read back from the cache of page words)."""
    import shutil
    import tempfile
    import time

    from recap_editor.site import spelling as site_spelling
    from recap_editor.site.spelling import speller_for
    from recap_editor.workspace.site import load_site

    with tempfile.TemporaryDirectory(prefix="recap-bench-vocab-") as tmp:
        big = Path(tmp) / "site"
        shutil.copytree(site, big)
        posts = sorted((big / "content").rglob("*.md"))
        for copy in range(1, copies):
            for post in posts:
                shutil.copy(post, post.with_name(f"copy{copy}-{post.name}"))
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        timings = []
        for _ in range(2):
            site_spelling._VOCABULARY.clear()          # as a new start of the app
            state = load_site(posts[0])
            started = time.perf_counter()
            speller_for(state.profile, post_path=posts[0])
            timings.append((time.perf_counter() - started) * 1000)
        pages = len(posts) * copies
        print(f"speller_{pages}_pages_first_start_ms: {timings[0]:.0f}")
        print(f"speller_{pages}_pages_later_start_ms: {timings[1]:.0f}")
        print(f"speller_{pages}_pages_later_vs_first: {timings[1] / timings[0]:.2f}")


def main(argv: list[str]) -> int:
    os.environ.setdefault("XDG_CACHE_HOME", "/tmp/recap-editor-bench-cache")
    if argv:
        for site in argv:
            report(Path(site).name, Path(site), CORPUS_MISSPELLINGS)
        return 0
    report("sample", ROOT / "resources/sample/site", set())
    corpus = Path(os.environ.get("RECAP_EDITOR_CORPUS", ROOT.parent.parent / "shared/corpus/corekube-web"))
    if not corpus.is_dir():
        corpus = Path("/work/shared/corpus/corekube-web")
    if corpus.is_dir():
        report("corpus", corpus, CORPUS_MISSPELLINGS)
    vocabulary_cost(corpus if corpus.is_dir() else ROOT / "resources/sample/site")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
