"""Checks on Hugo's built-in shortcodes that the preview cannot show as the site will.

- ``x`` (and ``x_simple``): Hugo fetches the post's HTML from x.com while building. Offline, or
  when X refuses, Hugo only warns and the published page has nothing in its place; the preview
  (which never fetches) shows a card. A warning says so, so the writer checks the built page.
- ``twitter``, ``tweet``, ``twitter_simple``, ``gist``: removed in Hugo 0.156, the build fails.
- ``qr``, ``details``, ``highlight`` read ``.Inner``: Hugo fails the build on one that is neither
  closed (``{{< /qr >}}``) nor self-closed (``{{< qr … />}}``); the preview would render it.

A site (or its theme) that defines a shortcode of the same name replaces Hugo's: then nothing is
said. ``build_check`` adds what the real Hugo reports (see ``site/hugo.py``).
"""

from __future__ import annotations

from pathlib import Path

from recap_editor.render.shortcodes import SHORTCODE

_FETCHED = {"x", "x_simple"}
_READS_INNER = {"qr", "details", "highlight"}
_REMOVED = {"twitter": "x", "tweet": "x", "twitter_simple": "x_simple", "gist": None}
X_FETCH_MESSAGE = ("the {{{{< {name} >}}}} shortcode makes Hugo fetch the post from x.com while "
                   "building: offline (or if X refuses) the published page shows nothing in its "
                   "place, and Hugo only warns; the preview shows a card")


def _site_defines(profile, name: str) -> bool:
    root = getattr(profile, "root", None)
    if root is None:
        return False
    root = Path(root)
    layouts = [root / "layouts", *sorted((root / "themes").glob("*/layouts"))]
    return any((folder / sub / f"{name}.html").is_file()
               for folder in layouts for sub in ("shortcodes", "_shortcodes"))


def check_builtin_shortcodes(report, profile) -> None:
    body = report.post.body
    if "{{" not in body:
        return
    unclosed: list[tuple[str, int]] = []  # opened, not yet closed (a closing tag ends the latest)
    for match in SHORTCODE.finditer(body):
        if match.group(2) and match.group(4):  # {{</* x */>}}: shown, not called
            continue
        if match.group(3).startswith("/"):  # a closing tag: {{< /qr >}} or {{< / qr >}}
            words = match.group(3)[1:].split()
            closed = words[0] if words else ""
            opened = [i for i, (n, _) in enumerate(unclosed) if n == closed]
            if opened:
                del unclosed[opened[-1]]
            continue
        words = match.group(3).split()
        name = words[0].rstrip("/") if words else ""
        if name not in _FETCHED and name not in _REMOVED and name not in _READS_INNER:
            continue
        if _site_defines(profile, name):
            continue
        line = report.body_line(body.count("\n", 0, match.start()) + 1)
        if name in _READS_INNER:
            if not match.group(3).rstrip().endswith("/"):
                unclosed.append((name, line))
        elif name in _FETCHED:
            report.add("warning", line, X_FETCH_MESSAGE.format(name=name),
                       "build the site with network access (check --hugo) and look at the "
                       "page, or quote the post and link to it", kind="shortcode")
        else:
            instead = _REMOVED[name]
            report.add("error", line, f"the {{{{< {name} >}}}} shortcode was removed in Hugo "
                       "0.156: the site fails to build",
                       f"use {{{{< {instead} user=\"…\" id=\"…\" >}}}} instead" if instead
                       else "link to the gist instead", kind="shortcode")
    for name, line in unclosed:
        report.add("error", line, f"the {{{{< {name} >}}}} shortcode is neither closed nor "
                   "self-closed: Hugo fails to build the site",
                   f"end it with />}}}} or add {{{{< /{name} >}}}} after its text", kind="shortcode")
