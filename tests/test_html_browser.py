"""The HTML report in a real browser: Debian's Chromium, headless, started here.

Chromium logs every console message (script errors, blocked content, Content-Security-Policy
violations) to stderr as `...:CONSOLE...` lines when asked with --enable-logging=stderr: a page
that renders cleanly logs none. --dump-dom gives the document after the page's script ran.

The screenshot of the example report, docs/report-example.png, is kept current here: the test
renders it again and fails when the committed one is stale beyond a tolerance. Refresh it with

    MKTPOLICY_REFRESH_SCREENSHOT=1 PYTHONPATH=src python -m pytest tests/test_html_browser.py

Skipped only when Chromium is not installed and CI is unset (.ci/run installs it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops

from mktpolicy import population
from mktpolicy.cli.main import cli

from .test_html_report import HOSTILE, Page, write_jsonl

SCREENSHOT = Path(__file__).parents[1] / "docs" / "report-example.png"
WINDOW = (1280, 1600)
TOLERANCE = 0.0015
"""The share of pixels that may differ before the committed screenshot counts as stale: a new
policy fingerprint (0.03%) passes; a reworded message (0.2%) or a change of layout does not."""

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


def chromium(target: str, *args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        pytest.fail("CI is set but Chromium is not installed: .ci/run installs it")
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
        target,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The page's console messages, from Chromium's log."""
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


def report(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        cli, ["check", *args, "--format", "html", "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code in (0, 1), result.stderr
    return out


def test_the_example_renders_without_console_errors_and_its_script_runs(tmp_path: Path):
    page = report(tmp_path, "--example")
    result = chromium(page.as_uri(), "--dump-dom", profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr
    assert console(result) == []
    assert '<output id="shown">7 / 7</output>' in result.stdout  # the filter script ran


def test_a_filter_in_the_address_shows_one_employee(tmp_path: Path):
    page = report(tmp_path, "--example")
    target = page.as_uri() + "#employee=S-105&outcome=violation"
    result = chromium(target, "--dump-dom", profile=tmp_path / "profile")
    assert console(result) == []
    dom = Page(result.stdout)
    shown = [a.get("data-employee") for a in dom.all("section") if "hidden" not in a]
    assert shown == [None, None, "S-105"]  # the totals and charts, then S-105 alone
    articles = dom.all("article")
    visible = [a for a in articles if "hidden" not in a]
    assert {a["data-employee"] for a in visible} == {"S-105"}
    assert f'<output id="shown">{len(visible)} / {len(articles)}</output>' in result.stdout


def test_a_hostile_id_runs_nothing(tmp_path: Path):
    """Markup in ids and fields stays text: were it parsed, its script or its image's error
    handler would log to the console (or the Content-Security-Policy would, blocking it)."""
    events = write_jsonl(
        tmp_path / "hostile.jsonl",
        {
            "type": "customer_promise",
            "id": "<img src=x onerror=console.error(1)>",
            "employee_id": HOSTILE.replace("alert", "console.error"),
            "occurred_on": "2024-04-02",
            "customer_id": "<svg onload=console.error(2)>",
            "promise": "freight_discount",
            "authorised": False,
        },
    )
    page = report(tmp_path, str(events))
    result = chromium(page.as_uri(), "--dump-dom", profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr
    assert console(result) == []
    assert '<output id="shown">' in result.stdout
    dom = Page(result.stdout)
    assert [tag for tag, _ in dom.elements].count("script") == 1
    assert not dom.all("img")


def test_a_generated_population_renders_without_console_errors(tmp_path: Path):
    events = tmp_path / "population.jsonl"
    population.write_jsonl(events, employees=12, seed=3)
    page = report(tmp_path, str(events))
    result = chromium(page.as_uri(), "--dump-dom", profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr
    assert console(result) == []
    found = re.search(r'<output id="shown">(\d+) / (\d+)</output>', result.stdout)
    assert found is not None
    assert found[1] == found[2] != "0"


def _differing(a: Image.Image, b: Image.Image) -> float:
    """The share of pixels whose grey level differs by more than a little."""
    diff = ImageChops.difference(a.convert("L"), b.convert("L")).point(lambda v: 255 * (v > 40))
    return diff.histogram()[255] / (a.width * a.height)


def test_the_committed_screenshot_is_current(tmp_path: Path):
    page = report(tmp_path, "--example")
    shot = tmp_path / "shot.png"
    result = chromium(page.as_uri(), f"--screenshot={shot}", profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr
    assert console(result) == []
    if os.environ.get("MKTPOLICY_REFRESH_SCREENSHOT"):
        shutil.copyfile(shot, SCREENSHOT)
    refresh = "refresh: MKTPOLICY_REFRESH_SCREENSHOT=1 pytest tests/test_html_browser.py"
    assert SCREENSHOT.exists(), refresh
    with Image.open(shot) as new, Image.open(SCREENSHOT) as old:
        assert new.size == old.size, refresh
        share = _differing(new, old)
    assert share <= TOLERANCE, f"{share:.2%} of the pixels differ; {refresh}"
