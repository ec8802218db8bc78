"""Generate resources/data/emoji.json: Hugo's emoji table (``enableEmoji``).

Hugo renders ``:tada:`` with goldmark-emoji's GitHub definition; this reads that table from a
goldmark-emoji checkout (``_tools/github.json``) and writes short name -> [name, characters]
(characters empty for GitHub's own images such as ``:octocat:``, which Hugo prints as text).

Usage: python tools/gen_emoji.py GOLDMARK_EMOJI_CHECKOUT[@REV]
(a bare git directory works too; use the version Hugo's go.mod names, e.g. ``@v1.0.6``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "data" / "emoji.json"
SOURCE = "_tools/github.json"


def read(checkout: str) -> str:
    path, _, rev = checkout.partition("@")
    if (Path(path) / SOURCE).is_file() and not rev:
        return (Path(path) / SOURCE).read_text(encoding="utf-8")
    return subprocess.run(["git", "-C", path, "show", f"{rev or 'HEAD'}:{SOURCE}"],
                          capture_output=True, text=True, check=True).stdout


def main() -> None:
    table = {}
    for emoji in json.loads(read(sys.argv[1]))["data"]:
        characters = "".join(chr(int(code)) for code in emoji.get("Unicode") or [])
        for short in emoji["ShortNames"]:
            table[short] = [emoji["Name"], characters]  # a later entry wins, as in Go's map
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"generated_by": "tools/gen_emoji.py", "emoji": table},
                              ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                   encoding="utf-8")
    print(f"{OUT}: {len(table)} short names")


if __name__ == "__main__":
    main()
