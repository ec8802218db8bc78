"""``recap-editor site`` says which Hugo it found and which the site asks for, and warns when they
differ (netlify.toml HUGO_VERSION, a GitHub workflow's hugo-version, module.hugoVersion)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from recap_editor.cli import main
from recap_editor.paths import resource_path
from recap_editor.site.hugo_binary import find_hugo, hugo_version
from recap_editor.site.hugo_pin import HugoPin, site_hugo_pins


def _site(tmp_path: Path, netlify: str = "", workflow: str = "", module: str = "") -> Path:
    site = tmp_path / "site"
    shutil.copytree(resource_path("sample", "site"), site)
    if netlify:
        (site / "netlify.toml").write_text(
            f'[build]\n  command = "hugo"\n[context.production.environment]\n'
            f'  HUGO_VERSION = "{netlify}"\n')
    if workflow:
        (site / ".github" / "workflows").mkdir(parents=True)
        (site / ".github" / "workflows" / "pages.yml").write_text(
            "jobs:\n  build:\n    env:\n      HUGO_VERSION: ${{ vars.X }}\n    steps:\n"
            "      - uses: peaceiris/actions-hugo@v3\n        with:\n"
            f"          hugo-version: '{workflow}'\n          extended: true\n")
    if module:
        with (site / "config.toml").open("a") as config:
            config.write(f'\n[module.hugoVersion]\n  min = "{module}"\n  extended = true\n')
    return site


def test_pins_are_read_from_every_place(tmp_path):
    site = _site(tmp_path, netlify="0.124.1", workflow="0.168.0", module="0.150.0")
    from recap_editor.site.profile import load_profile
    pins = site_hugo_pins(site, load_profile(site).config)
    assert pins == [HugoPin("netlify.toml", version="0.124.1"),
                    HugoPin(".github/workflows/pages.yml", version="0.168.0", line=8),
                    HugoPin("module.hugoVersion", minimum="0.150.0")]


def test_pins_accept_versions():
    assert HugoPin("x", version="0.168.0").accepts("0.168.0")
    assert HugoPin("x", version="0.168").accepts("0.168.2")
    assert not HugoPin("x", version="0.124.1").accepts("0.168.0")
    assert HugoPin("x", version="latest").accepts("0.168.0")
    assert HugoPin("x", minimum="0.150.0").accepts("0.168.0")
    assert not HugoPin("x", minimum="0.150.0", maximum="0.160.0").accepts("0.168.0")


def test_site_reports_the_hugo_found_and_warns_on_a_mismatch(tmp_path, capsys):
    found = hugo_version(find_hugo())
    site = _site(tmp_path, netlify="0.99.0", workflow=found)
    assert main(["site", str(site)]) == 0
    out = capsys.readouterr().out
    assert f"hugo                   {found} (" in out
    assert "0.99.0   [netlify.toml]" in out
    assert f"warning: the site asks for Hugo 0.99.0 (netlify.toml) but the hugo found is {found}" \
        in out
    assert out.count("warning:") == 1   # the workflow's pin matches
    assert main(["site", str(site), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)["hugo"]
    assert data["version"] == found and len(data["warnings"]) == 1
    assert {"source": "netlify.toml", "line": None, "version": "0.99.0"} in data["site_asks_for"]


def test_a_site_that_pins_nothing_has_no_warning(tmp_path, capsys):
    assert main(["site", str(_site(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "hugo_wanted" not in out and "warning:" not in out
