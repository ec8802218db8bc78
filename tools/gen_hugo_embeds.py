"""Generate resources/data/hugo_embeds.json: the HTML of Hugo's built-in embed shortcodes whose
markup is long and fixed (Instagram), read from the real Hugo so `render` prints it verbatim.

Usage: python tools/gen_hugo_embeds.py [HUGO_BINARY]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "data" / "hugo_embeds.json"
MARK = "RECAPEMBEDID"
# name -> the shortcode call whose output becomes the template ({id} where MARK was)
CALLS = {"instagram": "{{< instagram " + MARK + " >}}"}


def render(hugo: str, body: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "layouts").mkdir()
        (site / "layouts" / "single.html").write_text("{{ .Content }}")
        (site / "layouts" / "list.html").write_text("")
        (site / "content").mkdir()
        (site / "content" / "p.md").write_text('+++\ntitle = "p"\n+++\n' + body + "\n")
        (site / "hugo.toml").write_text('baseURL = "https://example.org/"\n'
                                        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
        subprocess.run([hugo, "--quiet", "--source", str(site)], check=True)
        return (site / "public" / "p" / "index.html").read_text(encoding="utf-8")


def main() -> None:
    if len(sys.argv) > 1:
        hugo = sys.argv[1]
    else:
        from recap_editor.site.hugo_binary import find_hugo
        hugo = str(find_hugo())
    from recap_editor.site.hugo_binary import hugo_version
    data = {"generated_by": "tools/gen_hugo_embeds.py", "hugo": hugo_version(Path(hugo)),
            "templates": {name: render(hugo, call).strip().replace("{", "{{").replace(
                "}", "}}").replace(MARK, "{id}") for name, call in CALLS.items()}}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT}: {', '.join(data['templates'])} from Hugo {data['hugo']}")


if __name__ == "__main__":
    main()
