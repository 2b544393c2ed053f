"""The review page: highlights and record table for real documents, checked in
the HTML and, when Chromium is installed, in a headless browser's DOM and
screenshot."""
import os
import shutil
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import policyparse
from policyparse.errors import InputError
from policyparse.render import render, render_file

from conftest import ROOT

REPORT = ROOT / "fixtures" / "corpus" / "009_baoding_city_2023_gov_report.txt"
# dev doc 004
START_WORK = "确保续建项目一季度全部复工,新建项目一季度开工40%以上,上半年开工80%以上。"


class Marks(HTMLParser):
    """The highlight elements of a page: (attributes, text) of each mark[data-label]."""

    def __init__(self):
        super().__init__()
        self.marks, self._open, self.rows, self.title = [], None, [], None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark" and "data-label" in attrs:
            self._open = [attrs, ""]
        if tag == "tr" and attrs.get("id", "").startswith("pp-r"):
            self.rows.append(attrs)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "mark" and self._open is not None:
            self.marks.append(tuple(self._open))
            self._open = None
        self._in_title = False

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data
        if self._in_title:
            self.title = data


def parse(page):
    p = Marks()
    p.feed(page)
    return p


def by_label(marks, label):
    return [(a, text) for a, text in marks if label in a["data-label"].split()]


def test_every_quantity_metric_and_deadline_is_marked():
    text = REPORT.read_text(encoding="utf-8")
    targets = policyparse.extract_file(REPORT)
    page = parse(render(REPORT))
    quantities = by_label(page.marks, "QUANTITY")
    # one highlight per record's quantity, with the record's number, kind and the number as written
    assert len(quantities) == len(targets)
    for n, (t, (attrs, shown)) in enumerate(zip(targets, quantities), 1):
        assert attrs["data-records"].split() == [str(n)]
        assert attrs["data-kind"] == t.kind
        assert f"pp-{t.kind}" in attrs["class"].split()
        assert shown == text[t.start:t.end]
    # each record's metric span, as written, is marked (in one or more pieces)
    metrics = by_label(page.marks, "METRIC")
    for n, t in enumerate(targets, 1):
        if t.metric_start is not None:
            pieces = "".join(s for a, s in metrics if str(n) in a["data-records"].split())
            assert pieces == text[t.metric_start:t.metric_end], (n, t)
    assert {a["data-kind"] for a, _ in page.marks} >= {"target", "actual"}
    # the table: one anchored row per record, coloured by kind
    assert [r["id"] for r in page.rows] == [f"pp-r{n}" for n in range(1, len(targets) + 1)]
    assert [r["class"] for r in page.rows] == [f"pp-{t.kind}" for t in targets]
    assert page.title.startswith(REPORT.name)


def test_deadlines_are_marked():
    page = parse(render(START_WORK, year=2023))
    assert [text for _, text in by_label(page.marks, "DEADLINE")] == ["一季度", "上半年"]
    assert [text for _, text in by_label(page.marks, "QUANTITY")] == ["40%以上", "80%以上"]
    # hovering shows the record
    assert [a["title"] for a, _ in by_label(page.marks, "QUANTITY")] == [
        "#1 target · 新建项目一季度开工 · >= 40 % · 2023-Q1", "#2 target · 开工 · >= 80 % · 2023-H1"]


def test_rules_only_page_shows_the_rules_records():
    text = REPORT.read_text(encoding="utf-8")
    page = parse(render(text, rules_only=True))
    targets = policyparse.extract(text, rules_only=True)
    assert [(a["data-kind"], shown) for a, shown in by_label(page.marks, "QUANTITY")] == \
        [(t.kind, text[t.start:t.end]) for t in targets]


def test_traditional_text_is_shown_as_written(tmp_path):
    # dev doc 003: traditional characters with pinyin readings
    src = tmp_path / "jianshe.txt"
    src.write_text("1.市政基礎(chǔ)設(shè)施項(xiàng)目5項(xiàng),總建設(shè)里程2.13km,投資概算2.28億元。", encoding="utf-8")
    page = parse(render(src))
    assert [t for _, t in by_label(page.marks, "QUANTITY")] == ["5項(xiàng)", "2.13km", "2.28億元"]


def test_html_page_is_shown_as_its_text(tmp_path):
    src = tmp_path / "page.html"
    src.write_text("<html><head><title>t</title><script>var a = '9万人';</script></head><body>"
                   "<p>推进景区景点能级提升、旅游风景道建设,打造精品旅游线路,力争接待游客6500万人次,"
                   "实现旅游综合收入520亿元。</p></body></html>",
                   encoding="utf-8")
    page = render(src)
    assert "&lt;p&gt;" not in page and "var a" not in page
    assert [t for _, t in by_label(parse(page).marks, "QUANTITY")] == ["6500万人次", "520亿元"]


def test_render_file_and_errors(tmp_path):
    src = tmp_path / "report.txt"
    shutil.copy(REPORT, src)
    out = render_file(src)
    assert out == tmp_path / "report.review.html" and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert render_file(src, tmp_path / "x.html") == tmp_path / "x.html"
    with pytest.raises(InputError, match="no such file"):
        render_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="no such file"):
        render("missing-report.txt")
    with pytest.raises(InputError, match="directory"):
        render_file(tmp_path)
    with pytest.raises(InputError, match="cannot write"):
        render_file(src, tmp_path / "no-such-dir" / "x.html")
    with pytest.raises(TypeError, match="a path, a text or bytes"):
        render(42)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "policyparse", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.skipif("render" not in _cli("--help").stdout, reason="the CLI has no render subcommand yet")
def test_cli_render(tmp_path):
    out = tmp_path / "review.html"
    res = _cli("render", REPORT, "-o", out)
    assert res.returncode == 0, res.stderr
    assert len(by_label(parse(out.read_text(encoding="utf-8")).marks, "QUANTITY")) == \
        len(policyparse.extract_file(REPORT))
    res = _cli("render", tmp_path / "missing.txt")
    assert res.returncode == 1 and "missing.txt: no such file" in res.stderr and "Traceback" not in res.stderr


# -- in a browser ---------------------------------------------------------------
def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does)")

# reads each highlight's computed colours and size into the DOM for --dump-dom
_PROBE = """<script>
for (const m of document.querySelectorAll("mark[data-label]")) {
  const s = getComputedStyle(m), r = m.getBoundingClientRect();
  m.dataset.bg = s.backgroundColor; m.dataset.line = s.borderBottomColor + " " + s.borderBottomStyle;
  m.dataset.w = Math.round(r.width); m.dataset.h = Math.round(r.height);
}
document.body.dataset.probed = "yes";
</script>"""


def _chrome(tmp_path, *args):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


@needs_chromium
def test_page_in_headless_chromium(tmp_path):
    targets = policyparse.extract_file(REPORT)
    page = render(REPORT)
    probed = tmp_path / "probed.html"
    probed.write_text(page.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    res = _chrome(tmp_path, "--dump-dom", probed.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    dom = parse(res.stdout)
    assert 'data-probed="yes"' in res.stdout, "the page's script did not run"
    quantities = by_label(dom.marks, "QUANTITY")
    assert len(quantities) == len(targets)
    for attrs, _ in dom.marks:
        assert int(attrs["data-w"]) > 0 and int(attrs["data-h"]) > 0, attrs  # laid out, visible
    colours = {a["data-kind"]: a["data-bg"] for a, _ in quantities}
    assert colours == {"target": "rgb(219, 234, 254)", "actual": "rgb(255, 237, 213)"}
    lines = {a["data-kind"]: a["data-line"] for a, _ in by_label(dom.marks, "METRIC") if a["data-kind"] in colours}
    assert lines == {"target": "rgb(37, 99, 235) solid", "actual": "rgb(234, 88, 12) solid"}
    assert len(dom.rows) == len(targets)

    shot = tmp_path / "review.png"
    plain = tmp_path / "review.html"
    plain.write_text(page, encoding="utf-8")
    res = _chrome(tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", plain.as_uri())
    assert res.returncode == 0 and shot.is_file(), res.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)
    assert len(data) > 100_000  # a page full of text and highlights, not a blank image
    keep = os.environ.get("POLICYPARSE_SCREENSHOT")
    if keep:  # keep the screenshot for a look by eye
        Path(keep).write_bytes(data)
