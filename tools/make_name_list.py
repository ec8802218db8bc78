"""Write resources/spelling/en-names.txt: the proper nouns (people's names, places, companies) of
the Hunspell en_US dictionary, which is built from SCOWL (Spell Checker Oriented Word Lists,
Kevin Atkinson; licence in resources/spelling/SCOWL-LICENSE.txt).

pyspellchecker's lists are lower-cased word frequencies from subtitles: they know "angeles" but
not "Los", "Amgen" or most surnames. Hunspell's dictionaries carry proper nouns with their case,
and spell checkers accept them only so capitalised; Recap Editor does the same with this list.

    python tools/make_name_list.py [/usr/share/hunspell/en_US.dic]

(Debian: `apt-get install hunspell-en-us`.) The flags after "/" are dropped: the speller accepts
the plural and possessive of any listed word itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "resources" / "spelling" / "en-names.txt"
HEADER = """\
# Proper nouns of the Hunspell en_US dictionary (SCOWL; see SCOWL-LICENSE.txt beside this file),
# made by tools/make_name_list.py. Accepted only capitalised as written here ("Amgen", not "amgen").
"""


def main(argv: list[str]) -> int:
    source = Path(argv[0] if argv else "/usr/share/hunspell/en_US.dic")
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()[1:]   # first: the count
    names = set()
    for line in lines:
        word = line.split("/", 1)[0].strip()
        # capitalised, with a lower-case letter after the first: names, not acronyms (NASA is
        # accepted anyway) nor lower-case words
        if len(word) > 1 and word[0].isupper() and any(ch.islower() for ch in word[1:]) and word.isalpha():
            names.add(word)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(HEADER + "".join(f"{w}\n" for w in sorted(names)), encoding="utf-8")
    print(f"{len(names)} names -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
