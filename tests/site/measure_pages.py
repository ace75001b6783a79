"""Measure page weight, paint and layout shift of a built site, on a fast and a slow connection.

    .venv/bin/python tests/site/measure_pages.py SERVE_DIR [PAGE ...]

WIDTH=375 in the environment measures at phone width. SERVE_DIR holds the site under its base URL (SERVE_DIR/autoint/...), as the
browser tests build it. Each page is loaded 3 times with an empty cache in
Debian's Chromium, unthrottled and on Lighthouse's "slow 4G" (150 ms round
trip, 1.6 Mbit/s down) with a 4x slower CPU; the medians are printed as a
Markdown table. Not a test: numbers for notes and reviews.
"""

import functools
import os
import http.server
import statistics
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from conftest import _PagesHandler  # noqa: E402  (the same server the browser tests use)

PROFILES = {"fast": None, "slow 4G, 4x CPU": {"latency": 150, "down": 1.6e6 / 8, "up": 750e3 / 8, "cpu": 4}}
PAGES = ["", "autoint/autograd", "about/"]
WIDTH = int(os.environ.get("WIDTH", "1280"))  # WIDTH=375 for a phone
PROBE = """window.__shift = 0;
new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
    .observe({type: 'layout-shift', buffered: true});"""
RESULT = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise; window.__mathDone = window.__mathDone || performance.now(); }
    await document.fonts.ready;
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return {bytes: nav.encodedBodySize + resources.reduce((s, e) => s + e.encodedBodySize, 0),
            raw: nav.decodedBodySize + resources.reduce((s, e) => s + e.decodedBodySize, 0),
            requests: 1 + resources.length, fcp: paint ? paint.startTime : null,
            load: nav.loadEventEnd, math: window.__mathDone || (paint ? paint.startTime : null),
            shift: window.__shift};
}"""
MATH_DONE = """if (!window.MathJax) { Object.defineProperty(window, 'MathJax', {configurable: true, set(v) {
    Object.defineProperty(window, 'MathJax', {value: v, writable: true, configurable: true});
    const ready = v.startup && v.startup.pageReady;
    v.startup = Object.assign(v.startup || {}, {pageReady() {
        return (ready ? ready() : MathJax.startup.defaultPageReady()).then(() => { window.__mathDone = performance.now(); }); }});
}}); }"""


def measure(browser, url, profile):
    context = browser.new_context(viewport={"width": WIDTH, "height": 900 if WIDTH > 600 else 740})
    page = context.new_page()
    page.add_init_script(PROBE)
    page.add_init_script(MATH_DONE)
    if profile:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": profile["latency"],
                 "downloadThroughput": profile["down"], "uploadThroughput": profile["up"]})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["cpu"]})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)
    result = page.evaluate(RESULT)
    context.close()
    return result


def main(serve_dir, pages):
    handler = functools.partial(_PagesHandler, directory=str(serve_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/autoint/"
    print("| page | connection | requests | bytes sent (raw) | first paint | math shown | load | layout shift |")
    print("|---|---|---|---|---|---|---|---|")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for path in pages:
            for name, profile in PROFILES.items():
                runs = [measure(browser, base + path, profile) for _ in range(3)]
                med = {key: statistics.median(r[key] for r in runs if r[key] is not None)
                       if any(r[key] is not None for r in runs) else None for key in runs[0]}
                print(f"| /{path} | {name} | {med['requests']:.0f} | {med['bytes']:,.0f} ({med['raw']:,.0f}) "
                      f"| {med['fcp'] / 1000:.2f} s | {med['math'] / 1000:.2f} s | {med['load'] / 1000:.2f} s "
                      f"| {med['shift']:.3f} |")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:] or PAGES)
