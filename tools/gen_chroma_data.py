"""Generate resources/data/chroma.json: what the preview needs to know about Chroma.

- ``styles``: for every Chroma style, the CSS Chroma inlines per token type (``noClasses``),
  read from the real Hugo (``hugo gen chromastyles --style=NAME``, the same ``styleToCSS``);
- ``lexers``: every Chroma lexer's name, aliases and filename patterns, read from a Chroma source
  checkout (``lexers/embedded/*.xml`` and the ``&Config{…}`` of the Go-coded lexers), so that a
  fence's language is looked up the way Chroma's ``lexers.Get`` does;
- ``chroma_lexers.json.gz``: the states and rules of Chroma's XML lexers, which
  ``render/chroma_lexers.py`` runs on Pygments' RegexLexer machinery (Chroma's own tokens).

Usage: python tools/gen_chroma_data.py CHROMA_CHECKOUT[@REV] [HUGO_BINARY]
(a bare git directory works too: files are read with ``git show REV:path``; use the Chroma
version Hugo's go.mod names, e.g. ``@v2.27.0`` for Hugo 0.168).
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "data" / "chroma.json"
RULES_OUT = OUT.with_name("chroma_lexers.json.gz")
# <push state="a" state="b"/> repeats an attribute, which Python's XML parser refuses.
_MANY_STATES = re.compile(r"<(push|combined)((?:\s+state=\"[^\"]*\")+)\s*/>")
_RULE = re.compile(r"/\* (\w+) \*/ ([^{]+)\{ ([^}]*) \}")


class Checkout:
    def __init__(self, path: Path, rev: str = "HEAD") -> None:
        self.path, self.rev = path, rev
        self.bare = not (path / "lexers").is_dir()

    def files(self, folder: str) -> list[str]:
        if not self.bare:
            return sorted(str(p.relative_to(self.path)) for p in (self.path / folder).iterdir())
        out = subprocess.run(["git", "-C", str(self.path), "ls-tree", "--name-only",
                              f"{self.rev}:{folder}"], capture_output=True, text=True, check=True)
        return sorted(f"{folder}/{name}" for name in out.stdout.split())

    def read(self, name: str) -> str:
        if not self.bare:
            return (self.path / name).read_text(encoding="utf-8")
        return subprocess.run(["git", "-C", str(self.path), "show", f"{self.rev}:{name}"],
                              capture_output=True, text=True, check=True).stdout


def lexers(checkout: Checkout) -> list[dict]:
    found = []
    for name in checkout.files("lexers/embedded"):
        if not name.endswith(".xml"):
            continue
        # Only the <config> element: some lexers' rules are not well-formed XML to Python.
        text = checkout.read(name)
        config = ElementTree.fromstring(text[text.index("<config>"):text.index("</config>") + 9])
        found.append({"name": config.findtext("name"),
                      "aliases": [a.text for a in config.findall("alias")],
                      "filenames": [f.text for f in config.findall("filename")],
                      "priority": float(config.findtext("priority") or 0),
                      "ensure_nl": (config.findtext("ensure_nl") or "").strip() == "true"})
        analyse = config.find("analyse")
        if analyse is not None:  # lexers.Analyse's scores (guessSyntax), in registration order
            found[-1]["analyse"] = {
                "first": analyse.get("first") == "true",
                "case_insensitive": (config.findtext("case_insensitive") or "").strip() == "true",
                "regexes": [[r.get("pattern"), float(r.get("score"))]
                            for r in analyse.findall("regex")]}
    for name in checkout.files("lexers"):
        if not name.endswith(".go") or name.endswith("_test.go"):
            continue
        for block in re.finditer(r"&Config\{(.*?)\n\s*\}", checkout.read(name), re.DOTALL):
            body = block.group(1)
            title = re.search(r'Name:\s*"([^"]+)"', body)
            if not title:
                continue

            def strings(key: str) -> list[str]:
                match = re.search(key + r":\s*\[\]string\{([^}]*)\}", body)
                return re.findall(r'"([^"]*)"', match.group(1)) if match else []

            priority = re.search(r"Priority:\s*([\d.]+)", body)
            found.append({"name": title.group(1), "aliases": strings("Aliases"),
                          "filenames": strings("Filenames"),
                          "priority": float(priority.group(1)) if priority else 0.0,
                          "ensure_nl": bool(re.search(r"EnsureNL:\s*true", body))})
    return sorted(found, key=lambda lexer: lexer["name"].lower())


def _emitter(element) -> dict | None:
    """A rule's emitter: a token type, groups, or text lexed by another lexer or state."""
    if element.tag == "token":
        return {"token": element.get("type")}
    if element.tag == "bygroups":
        return {"bygroups": [_emitter(child) for child in element]}
    if element.tag == "usingself":
        return {"usingself": element.get("state") or "root"}
    if element.tag == "using":
        return {"using": element.get("lexer")}
    if element.tag == "usingbygroup":
        return {"usingbygroup": {
            "lexer_group": int(element.findtext("sublexer_name_group")),
            "code_group": int(element.findtext("code_group")),
            "emitters": [_emitter(child) for child in element.find("emitters")]}}
    return None


def _mutator(element) -> list | None:
    """A rule's state changes as a list: ["push", state…], ["pop", n], ["combined", states…]."""
    if element.tag == "push":
        return ["push", *(element.get("states") or element.get("state") or "").split()]
    if element.tag == "pop":
        return ["pop", int(element.get("depth") or 1)]
    if element.tag == "combined":
        return ["combined", *element.get("states").split()]
    if element.tag == "mutators":
        return ["all", *[_mutator(child) for child in element]]
    return None


def lexer_rules(checkout: Checkout) -> dict[str, dict]:
    """Every XML lexer's states and rules, for `render.chroma_lexers` to run with Python's re."""
    out = {}
    for name in checkout.files("lexers/embedded"):
        if not name.endswith(".xml"):
            continue
        text = _MANY_STATES.sub(lambda m: f'<{m.group(1)} states="' + " ".join(
            re.findall(r'state="([^"]*)"', m.group(2))) + '"/>', checkout.read(name))
        root = ElementTree.fromstring(text)
        config = root.find("config")
        states = {}
        for state in root.find("rules"):
            rules = []
            for rule in state:
                entry: dict = {}
                if rule.get("pattern") is not None:
                    entry["pattern"] = rule.get("pattern")
                for child in rule:
                    if child.tag == "include":
                        entry["include"] = child.get("state")
                    elif _emitter(child) is not None:
                        entry["emit"] = _emitter(child)
                    elif _mutator(child) is not None:
                        entry.setdefault("mutate", []).append(_mutator(child))
                rules.append(entry)
            states[state.get("name")] = rules
        out[config.findtext("name")] = {
            "flags": {key: (config.findtext(key) or "").strip() == "true"
                      for key in ("not_multiline", "case_insensitive", "dot_all", "ensure_nl")},
            "states": states}
    return out


def unicode_categories(rules: dict) -> dict[str, list[list[int]]]:
    """Code point ranges of the Unicode categories the lexers' ``\\p{…}`` classes name, so the
    runtime need not scan all of Unicode."""
    import unicodedata
    wanted = set(re.findall(r"\\[pP]\{(\w+)\}", json.dumps(rules)))
    out: dict[str, list[list[int]]] = {name: [] for name in wanted}
    for code in range(sys.maxunicode + 1):
        category = unicodedata.category(chr(code))
        for name in wanted:
            if category.startswith(name):
                spans = out[name]
                if spans and spans[-1][1] == code - 1:
                    spans[-1][1] = code
                else:
                    spans.append([code, code])
    return out


def classes(checkout: Checkout) -> dict[str, str]:
    """Chroma's CSS class per token type name (``StandardTypes`` in types.go)."""
    source = checkout.read("types.go")
    table = source[source.index("StandardTypes = map"):]
    table = table[:table.index("\n\t}")]
    found = dict(re.findall(r"^\s*(\w+):\s*\"(\w*)\",", table, re.MULTILINE))
    # The map uses Chroma's short aliases (Number = LiteralNumber): give the full names.
    aliases = dict(re.findall(r"^\s*(\w+)\s*=\s*(\w+)\s*$",
                              source[source.index("// Aliases."):source.index("StandardTypes")],
                              re.MULTILINE))
    return {aliases.get(name, name): cls for name, cls in found.items()}


def styles(checkout: Checkout, hugo: str) -> dict[str, dict[str, str]]:
    out = {}
    for name in checkout.files("styles"):
        if not name.endswith(".xml"):
            continue
        style = ElementTree.fromstring(checkout.read(name)).get("name")
        css = subprocess.run([hugo, "gen", "chromastyles", f"--style={style}"],
                             capture_output=True, text=True, check=True).stdout
        out[style] = {m.group(1): m.group(3).strip() for m in _RULE.finditer(css)}
    return out


def main() -> None:
    path, _, rev = sys.argv[1].partition("@")
    checkout = Checkout(Path(path), rev or "HEAD")
    if len(sys.argv) > 2:
        hugo = sys.argv[2]
    else:
        from recap_editor.site.hugo_binary import find_hugo
        hugo = str(find_hugo())
    data = {"generated_by": "tools/gen_chroma_data.py", "lexers": lexers(checkout),
            "classes": classes(checkout),
            "styles": styles(checkout, hugo)}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    rules = lexer_rules(checkout)
    packed_data = {"lexers": rules, "unicode_categories": unicode_categories(rules)}
    with gzip.open(RULES_OUT, "wt", encoding="utf-8", compresslevel=9) as packed:
        json.dump(packed_data, packed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    print(f"{RULES_OUT}: rules of {len(rules)} XML lexers")
    OUT.write_text(json.dumps(data, indent=0, sort_keys=True, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(f"{OUT}: {len(data['lexers'])} lexers, {len(data['styles'])} styles")


if __name__ == "__main__":
    main()
