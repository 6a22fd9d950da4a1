"""The landing page in headless Chromium, driven over the DevTools protocol: 375 px wide, the copy
button clicked like a user would, no console errors, no sideways scrolling, readable contrast.

Chromium comes from Debian's `chromium` package (.ci/run installs it). The test skips, saying why,
only where no Chromium binary exists; set NENBIB_SCREENSHOT_DIR to keep the screenshot.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

import nenbib
from nenbib.records import iter_records

from conftest import RECORD_PATH

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
    "--remote-debugging-port=0",
]
WIDTH = 375

# The relative luminance contrast of every text element against its effective background (WCAG 2).
CONTRAST_JS = r"""
(() => {
  const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const worst = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    worst.push([Math.round(ratio * 100) / 100, el.tagName + "." + el.className]);
  }
  worst.sort((x, y) => x[0] - y[0]);
  return worst.slice(0, 3);
})()
"""


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class DevTools:
    """A minimal Chrome DevTools Protocol client over the browser's websocket (flattened sessions)."""

    def __init__(self, url: str) -> None:
        import websocket

        self.ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.ids = itertools.count(1)
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        msg_id = next(self.ids)
        msg: dict = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == msg_id:
                assert "error" not in reply, (method, reply["error"])
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 20) -> dict:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for e in self.events:
                if e.get("method") == method:
                    return e
            self.events.append(json.loads(self.ws.recv()))
        raise AssertionError(f"no {method} within {timeout} s")

    def evaluate(self, session: str, expression: str, await_promise: bool = False):
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": await_promise, "userGesture": True},
            session,
        )
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def close(self) -> None:
        self.ws.close()


@pytest.fixture
def browser(tmp_path):
    binary = chromium()
    if binary is None:
        pytest.skip("no Chromium binary on this machine (Debian: apt-get install chromium); .ci/run installs it")
    profile = tmp_path / "profile"
    proc = subprocess.Popen(
        [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},900", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = None
        end = time.monotonic() + 60
        assert proc.stderr is not None
        while time.monotonic() < end and url is None:
            line = proc.stderr.readline()
            if not line and proc.poll() is not None:
                break
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            url = m.group(1) if m else None
        assert url, "Chromium did not start its DevTools endpoint"
        tools = DevTools(url)
        yield tools
        tools.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_landing_page_in_chromium(browser, tmp_path):
    record = next(iter_records([str(RECORD_PATH)]))
    site = tmp_path / "site"
    site.mkdir()
    page = site / f"{record.id}.html"
    page.write_text(nenbib.export(record, "html"), encoding="utf-8")

    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        browser.send(f"{domain}.enable", {}, session)
    browser.send(
        "Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": 812, "deviceScaleFactor": 2, "mobile": True}, session
    )
    browser.send("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    browser.send("Page.navigate", {"url": page.as_uri()}, session)
    browser.wait_for("Page.loadEventFired")

    # Readable at 375 px: nothing wider than the screen, so no sideways scrolling.
    width = browser.evaluate(session, "document.documentElement.scrollWidth")
    assert width <= WIDTH, f"page is {width} px wide at a {WIDTH} px viewport"
    assert browser.evaluate(session, "document.querySelector('h1').getBoundingClientRect().right") <= WIDTH
    font = browser.evaluate(session, "parseFloat(getComputedStyle(document.querySelector('.abstract, section p')).fontSize)")
    assert font >= 14, f"body text is {font} px"
    worst = browser.evaluate(session, CONTRAST_JS)
    assert worst and worst[0][0] >= 4.5, f"text below WCAG AA contrast: {worst}"

    shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    keep = Path(os.environ.get("NENBIB_SCREENSHOT_DIR") or tmp_path)
    keep.mkdir(parents=True, exist_ok=True)
    (keep / "landing-375.png").write_bytes(png)

    # Click the copy button the way a user does: a real mouse press and release at its centre.
    box = browser.evaluate(
        session,
        "(() => { const b = document.querySelector('button.copy'); b.scrollIntoView({block: 'center'});"
        " const r = b.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()",
    )
    browser.send("Page.bringToFront", {}, session)
    for kind in ("mousePressed", "mouseReleased"):
        browser.send(
            "Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1}, session
        )
    end = time.monotonic() + 5
    label = ""
    while time.monotonic() < end and label != "Copied":
        label = browser.evaluate(session, "document.querySelector('button.copy').textContent")
        time.sleep(0.1)
    status = browser.evaluate(session, "document.querySelector('.status').textContent")
    assert label == "Copied", f"button says {label!r}; status: {status!r}"
    copied = browser.send("Page.captureScreenshot", {"format": "png"}, session)
    (keep / "landing-375-copied.png").write_bytes(base64.b64decode(copied["data"]))
    expected = browser.evaluate(session, "document.querySelector('button.copy').dataset.text")
    assert expected.startswith("Ohmoto, A., & Morizane, C. (2020).")
    # The permission granted above lets the page read the clipboard back.
    clipboard = browser.evaluate(session, "navigator.clipboard.readText().catch(e => 'unreadable: ' + e)", await_promise=True)
    assert clipboard == expected

    errors = [
        e
        for e in browser.events
        if e.get("method") == "Runtime.exceptionThrown"
        or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
        or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
    ]
    assert errors == [], errors


def test_right_to_left_text_reads_right_to_left(browser, tmp_path):
    # The page is English (<html lang="en">, left to right); a title, name, affiliation, abstract
    # paragraph or keyword in Hebrew or Arabic is laid out right to left (dir="auto"), else its
    # closing period and the Latin words in it stand at the wrong end (the period of 'שורה שנייה.'
    # before its first word). Text in Latin script stays left to right.
    import dataclasses

    from nenbib.model import Affiliation, Person

    record = next(iter_records([str(RECORD_PATH)]))
    record = dataclasses.replace(
        record,
        title="عنوان المقال مع English words.",
        authors=(Person("עברי", "שם", affiliations=("a1",)), Person("Smith", "John")),
        affiliations=(Affiliation("a1", "אוניברסיטת תל אביב, ישראל"),),
        abstract="שורה אחת.\nSecond line in English.",
        keywords=("מילת מפתח", "keyword"),
    )
    page = tmp_path / f"{record.id}.html"
    page.write_text(nenbib.export(record, "html"), encoding="utf-8")
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    browser.send("Page.enable", {}, session)
    browser.send("Page.navigate", {"url": page.as_uri()}, session)
    browser.wait_for("Page.loadEventFired")
    directions = browser.evaluate(
        session,
        "[...document.querySelectorAll('h1, ul.authors li, ol.affiliations li, section p, ul.keywords li')]"
        ".map(el => [el.textContent.trim(), getComputedStyle(el).direction])",
    )
    assert [d for d in directions if not d[0].startswith(("APA style",))] == [
        ["عنوان المقال مع English words.", "rtl"],
        ["שם עברי", "rtl"],
        ["John Smith", "ltr"],
        ["אוניברסיטת תל אביב, ישראל", "rtl"],
        ["שורה אחת.", "rtl"],
        ["Second line in English.", "ltr"],
        ["מילת מפתח", "rtl"],
        ["keyword", "ltr"],
    ]
