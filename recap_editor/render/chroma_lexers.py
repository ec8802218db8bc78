"""Chroma's own XML lexers, run on Pygments' RegexLexer machinery, so code gets Chroma's tokens.

Most of Chroma's lexers are regular-expression state machines written as XML; their states and
rules ship in ``resources/data/chroma_lexers.json.gz`` (``tools/gen_chroma_data.py``). Here each
becomes a Pygments ``RegexLexer``: token type names (``LiteralStringDouble``) become Pygments
token types (``Token.Literal.String.Double``), ``bygroups``/``usingself``/``using``/``include``/
``push``/``pop``/``combined`` map to Pygments' equivalents, and the scanning loop follows
Chroma's (a newline no rule matches resets the stack to ``root`` and is lexed again; any other
unmatched character is an ``Error`` token). A lexer whose patterns Python's ``re`` cannot compile
(``\\p{…}`` classes, for instance) is None, and the caller falls back to Pygments' own lexer.
"""

from __future__ import annotations

import gzip
import json
import re
import warnings
from functools import lru_cache
from typing import Any

from pygments.lexer import RegexLexer, bygroups, combined, default, include, this, using
from pygments.token import Error, Token, _TokenType

from recap_editor.paths import resource_path

_CAMEL = re.compile(r"[A-Z][a-z0-9]*")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    with gzip.open(resource_path("data", "chroma_lexers.json.gz"), "rt", encoding="utf-8") as f:
        return json.load(f)


def _rules() -> dict[str, Any]:
    return _data()["lexers"]


def has_xml_lexer(name: str) -> bool:
    return name in _rules()


@lru_cache(maxsize=256)
def token_type(name: str) -> _TokenType | None:
    """``LiteralStringDouble`` → ``Token.Literal.String.Double``; ``Ignore`` → None."""
    if name == "Ignore":
        return None
    ttype = Token
    for part in _CAMEL.findall(name):
        ttype = getattr(ttype, part)
    return ttype


def _pattern(text: str) -> str:
    """A regexp2 (.NET-style) pattern in Python's syntax."""
    text = re.sub(r"\(\?<([A-Za-z_]\w*)>", r"(?P<\1>", text)
    text = re.sub(r"\\k<([A-Za-z_]\w*)>", r"(?P=\1)", text)
    text = text.replace(r"\z", r"\Z")
    # regexp2 reads "{,2}" as literal text, Python's re as a quantifier.
    text = re.sub(r"(?<!\\)\{,(\d+)\}", r"\\{,\1\\}", text)
    flags = re.findall(r"(?<!\\)\(\?([imsx]+)\)", text)
    if flags and not text.startswith(f"(?{flags[0]})"):
        # regexp2 takes (?s) anywhere; Python only at the start: hoist them.
        text = "(?" + "".join(sorted(set("".join(flags)))) + ")" + \
            re.sub(r"(?<!\\)\(\?[imsx]+\)", "", text)
    return _unicode_classes(text) if "\\p{" in text or "\\P{" in text else text


@lru_cache(maxsize=64)
def _category_ranges(category: str) -> str:
    """The code points of a Unicode general category (``L``, ``Lu``, ``Nd``…) as class ranges."""
    known = _data().get("unicode_categories", {}).get(category)
    if known is not None:  # precomputed by tools/gen_chroma_data.py
        return "".join(_range(a, b) for a, b in known)
    import sys
    import unicodedata
    out, start, last = [], None, None
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)).startswith(category):
            if start is None:
                start = code
            last = code
        elif start is not None:
            out.append(_range(start, last))
            start = None
    if start is not None:
        out.append(_range(start, last))
    return "".join(out)


def _range(a: int, b: int) -> str:
    return f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}"


def _unicode_classes(text: str) -> str:
    """``\\p{L}`` (regexp2) as explicit ranges, inside or outside a character class."""
    out, i, in_class = [], 0, False
    while i < len(text):
        c = text[i]
        if c == "\\" and text[i + 1:i + 3] in ("p{", "P{"):
            end = text.index("}", i)
            ranges = _category_ranges(text[i + 3:end])
            negated = text[i + 1] == "P"
            if in_class and not negated:
                out.append(ranges)
            else:
                out.append(("[^" if negated else "[") + ranges + "]")
            i = end + 1
            continue
        if c == "\\":
            out.append(text[i:i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            out.append(c)
            if text[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
            if text[i + 1:i + 2] == "]":  # a literal ] first in a class
                out.append("\\]")
                i += 1
        elif c == "]" and in_class:
            in_class = False
            out.append(c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _lex_with(name: str, text: str, offset: int):
    other = lexer_for(name)
    if other is None:
        yield offset, Token.Text, text
        return
    for pos, ttype, value in other.get_tokens_unprocessed(text):
        yield offset + pos, ttype, value


def _using_named(name: str):
    def callback(lexer, match, ctx=None):
        yield from _lex_with(name, match.group(), match.start())
    return callback


def _using_by_group(spec: dict):
    emitters = [_emitter(e) for e in spec["emitters"]]

    def callback(lexer, match, ctx=None):
        language = match.group(spec["lexer_group"]) or ""
        for i, action in enumerate(emitters, start=1):
            text = match.group(i)
            if not text:
                continue
            if i == spec["code_group"]:
                yield from _lex_with(language, text, match.start(i))
            elif isinstance(action, _TokenType):
                yield match.start(i), action, text
    return callback


def _emitter(spec: dict | None):
    if spec is None:
        return None
    if "token" in spec:
        return token_type(spec["token"])
    if "bygroups" in spec:
        return bygroups(*[_emitter(e) for e in spec["bygroups"]])
    if "usingself" in spec:
        return using(this, state=spec["usingself"])
    if "using" in spec:
        return _using_named(spec["using"])
    if "usingbygroup" in spec:
        return _using_by_group(spec["usingbygroup"])
    return None


def _SILENT(lexer, match, ctx=None):
    """A rule that emits nothing for its match (Chroma: a rule with no token type)."""
    return iter(())


def _new_state(mutators: list | None):
    if not mutators:
        return None
    steps: list[str] = []
    for mutator in mutators:
        kind, *args = mutator
        if kind == "all":
            inner = _new_state(args)
            if isinstance(inner, combined):
                return inner
            steps.extend(inner if isinstance(inner, tuple) else [inner] if inner else [])
        elif kind == "push":
            steps.extend(args or ["#push"])
        elif kind == "pop":
            steps.append("#pop" if args[0] == 1 else f"#pop:{args[0]}")
        elif kind == "combined":
            return combined(*args)
    if not steps:
        return None
    return steps[0] if len(steps) == 1 else tuple(steps)


def _tokendefs(states: dict[str, list]) -> dict[str, list]:
    defs: dict[str, list] = {}
    for state, rules in states.items():
        out: list = []
        for rule in rules:
            if "include" in rule:
                out.append(include(rule["include"]))
                continue
            new_state = _new_state(rule.get("mutate"))
            action = _emitter(rule.get("emit"))
            if "pattern" not in rule:
                out.append(default(new_state) if new_state else default("#push"))
                continue
            entry = (_pattern(rule["pattern"]), _SILENT if action is None else action)
            out.append(entry + (new_state,) if new_state is not None else entry)
        defs[state] = out
    return defs


class ChromaRegexLexer(RegexLexer):
    """A Pygments RegexLexer scanning the way Chroma's RegexLexer does."""

    def get_tokens_unprocessed(self, text, stack=("root",)):
        pos = 0
        tokendefs = self._tokens
        statestack = list(stack)
        statetokens = tokendefs[statestack[-1]]
        while pos < len(text):
            for rexmatch, action, new_state in statetokens:
                m = rexmatch(text, pos)
                if not m:
                    continue
                if action is not None:
                    if type(action) is _TokenType:
                        yield pos, action, m.group()
                    else:
                        yield from action(self, m)
                if m.end() == pos and new_state is None:
                    continue  # an empty match that changes nothing: try the next rule
                pos = m.end()
                if new_state is not None:
                    if isinstance(new_state, tuple):
                        for state in new_state:
                            if state == "#pop":
                                if len(statestack) > 1:
                                    statestack.pop()
                            elif state == "#push":
                                statestack.append(statestack[-1])
                            else:
                                statestack.append(state)
                    elif isinstance(new_state, int):
                        if abs(new_state) >= len(statestack):
                            del statestack[1:]
                        else:
                            del statestack[new_state:]
                    elif new_state == "#push":
                        statestack.append(statestack[-1])
                    statetokens = tokendefs[statestack[-1]]
                break
            else:
                if text[pos] == "\n" and statestack != ["root"]:
                    statestack = ["root"]  # Chroma: back to root, and lex the newline again
                    statetokens = tokendefs["root"]
                    continue
                yield pos, Error, text[pos]
                pos += 1


@lru_cache(maxsize=128)
def lexer_class(name: str) -> type | None:
    spec = _rules().get(name)
    if spec is None:
        return None
    flags = spec["flags"]
    re_flags = (0 if flags["not_multiline"] else re.MULTILINE) | \
        (re.IGNORECASE if flags["case_insensitive"] else 0) | \
        (re.DOTALL if flags["dot_all"] else 0)
    class_name = "Chroma" + re.sub(r"\W", "", name) + "Lexer"
    cls = type(class_name, (ChromaRegexLexer,),
               {"name": name, "aliases": [], "flags": re_flags,
                "tokens": _tokendefs(spec["states"])})
    try:
        with warnings.catch_warnings():  # re's FutureWarning on .NET-style nested sets
            warnings.simplefilter("ignore", FutureWarning)
            cls(stripnl=False, ensurenl=False)  # compiles every state now
    except (ValueError, re.error, KeyError, TypeError, RecursionError, AssertionError):
        return None
    return cls


@lru_cache(maxsize=128)
def lexer_for(name: str):
    """A lexer instance for a Chroma lexer name (XML lexers; else Pygments' by name), or None."""
    cls = lexer_class(name)
    if cls is not None:
        return cls(stripnl=False, ensurenl=False)
    from recap_editor.render import chroma  # the lookup of names and aliases lives there
    info = chroma.chroma_lexer(name)
    if info is None:
        return None
    cls = lexer_class(info.name)
    if cls is not None:
        return cls(stripnl=False, ensurenl=False)
    return chroma.pygments_lexer(info)
