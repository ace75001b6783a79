"""Every page of the built site, as Chromium shows it, under a non-empty baseurl.

Full-page screenshots and page weights go to screenshots/ (ignored by git)
for people to look at.
"""

import json
import re
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def site_pages(site_dir):
    """URL paths (relative to the site root) of every HTML page, as links spell them."""
    pages = []
    for html in sorted(site_dir.rglob("*.html")):
        relative = html.relative_to(site_dir).as_posix()
        if relative == "404.html" or relative.startswith("assets/"):
            continue
        pages.append(re.sub(r"(^|/)index\.html$", r"\1", relative).removesuffix(".html"))
    return pages


@pytest.fixture(scope="module")
def browser(chromium_path):
    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Cumulative layout shift as Chromium reports it (the Web Vitals sum, without input-driven shifts).
LAYOUT_SHIFT = """window.__layoutShift = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__layoutShift += e.value; })
    .observe({type: 'layout-shift', buffered: true});"""


class PageVisit:
    """Loads one page and records what a reader's browser would run into."""

    def __init__(self, browser, url, origin):
        self.context = browser.new_context(viewport={"width": 1100, "height": 900})
        self.page = self.context.new_page()
        self.origin = origin
        self.console_errors, self.failed, self.foreign = [], [], []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self.page.on("response", self._response)
        self.page.route("**/*", self._only_local)
        self.page.add_init_script(LAYOUT_SHIFT)
        self.response = self.page.goto(url, wait_until="networkidle")

    def _only_local(self, route):
        if urlparse(route.request.url).netloc != urlparse(self.origin).netloc:
            self.foreign.append(route.request.url)
            return route.abort()
        return route.continue_()

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.url} HTTP {response.status}")

    def weight(self):
        """Bytes of the page and everything it loaded (uncompressed)."""
        return self.page.evaluate("""() => performance.getEntries()
            .filter(e => 'decodedBodySize' in e)
            .reduce((sum, e) => sum + e.decodedBodySize, 0)""")

    def requests(self):
        return self.page.evaluate("() => 1 + performance.getEntriesByType('resource').length")

    def layout_shift(self):
        return round(self.page.evaluate("() => window.__layoutShift"), 4)

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def visits(browser, served_site, built_site):
    site_dir, _ = built_site
    visits = {}
    for path in site_pages(site_dir):
        visit = PageVisit(browser, served_site + path, served_site)
        if visit.page.locator("script[src*='tex-chtml']").count():
            visit.page.evaluate("() => MathJax.startup.promise")
        visit.page.wait_for_function("() => [...document.images].every(i => i.complete)")
        name = path.strip("/").replace("/", "_") or "index"
        visit.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        visits[path] = visit
    weights = {path: {"bytes": visit.weight(), "requests": visit.requests(), "layout_shift": visit.layout_shift()}
               for path, visit in visits.items()}
    (SCREENSHOTS / "page-weight.json").write_text(json.dumps(weights, indent=2) + "\n")
    yield visits
    for visit in visits.values():
        visit.close()


def test_site_has_home_about_and_the_first_post(visits):
    assert {"", "about/", "autoint/autograd"} <= set(visits)


def test_every_page_loads_cleanly_from_this_host_only(visits):
    for path, visit in visits.items():
        assert visit.response.status == 200, path
        assert visit.console_errors == [], path
        assert visit.failed == [], path
        assert visit.foreign == [], path


def test_math_is_typeset_at_build_time_with_mathml_kept(visits):
    with_math = {p: v for p, v in visits.items() if v.page.locator("mjx-container").count()}
    assert "autoint/autograd" in with_math
    for path, visit in visits.items():
        # No page needs a math script: the math is in the HTML as served.
        assert visit.page.locator("script[src*='mathjax'], script[data-mathjax-runtime]").count() == 0, path
    for path, visit in with_math.items():
        page = visit.page
        assert page.locator("mjx-merror").count() == 0, path
        # Screen readers get MathML: one hidden <math> beside every typeset expression.
        containers = page.locator("mjx-container").count()
        assert page.locator("mjx-container > mjx-assistive-mml > math").count() == containers, path
        prose = page.evaluate("""() => {
            const body = document.body.cloneNode(true);
            body.querySelectorAll('pre, code, script, mjx-container').forEach(e => e.remove());
            return body.textContent; }""")
        for leftover in ["\\(", "\\[", "$$"]:
            assert leftover not in prose, (path, leftover)


def test_math_is_in_the_served_html_not_added_by_a_script(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site + "autoint/autograd", wait_until="networkidle")
        assert page.locator("mjx-container").count() > 50
        assert page.locator("table.autoint-evaltrace td mjx-container").count() >= 10
    finally:
        context.close()


def test_nothing_moves_while_a_page_loads(visits, axe_results):
    shifts = {(path, "1100px"): visit.layout_shift() for path, visit in visits.items()}
    shifts.update(axe_results[1])
    # Typeset math, sized images and the room kept for the search box leave nothing to move.
    assert {key: shift for key, shift in shifts.items() if shift > 0.001} == {}


def test_every_image_is_loaded(visits):
    for path, visit in visits.items():
        broken = visit.page.evaluate(
            "() => [...document.images].filter(i => !(i.naturalWidth > 0)).map(i => i.src)")
        assert broken == [], path
    assert visits["autoint/autograd"].page.locator(".cell-output img").count() >= 1


def test_every_internal_link_and_anchor_resolves(visits, served_site):
    origin = urlparse(served_site).netloc
    fetched = {}
    request = next(iter(visits.values())).page.request
    for path, visit in visits.items():
        hrefs = visit.page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
        for href in hrefs:
            url, fragment = urldefrag(href)
            if urlparse(url).netloc != origin:
                continue
            if url not in fetched:
                response = request.get(url)
                fetched[url] = (response.status, response.text() if "html" in response.headers.get("content-type", "") else "")
            status, text = fetched[url]
            assert status == 200, f"{path}: {href} -> {status}"
            if fragment:
                assert re.search(rf'id="{re.escape(fragment)}"', text), f"{path}: no anchor for {href}"


def test_posts_that_cite_list_their_references(visits):
    for path, visit in visits.items():
        citations = visit.page.locator(".citation a").count()
        if citations:
            assert visit.page.locator("#references").count() == 1, path
            assert visit.page.locator("ol.references li").count() >= 1, path
    assert visits["autoint/autograd"].page.locator(".citation a").count() > 0


def test_post_has_toc_series_nav_and_notebook_links(visits):
    page = visits["autoint/autograd"].page
    assert page.locator("nav.toc #markdown-toc li").count() >= 3
    assert page.locator(".series-nav").count() == 1
    download = page.locator("a.notebook-download")
    assert download.get_attribute("href").endswith("/assets/notebooks/autograd.ipynb")
    # Links name the repository the site was deployed from (conftest.DEPLOYED), not _config.yml's.
    assert page.locator("a.notebook-colab").get_attribute("href") == (
        "https://colab.research.google.com/github/example-owner/autoint-fork/blob/main/notebooks/autograd.ipynb")
    assert page.locator("a.notebook-binder").get_attribute("href") == (
        "https://mybinder.org/v2/gh/example-owner/autoint-fork/main?labpath=notebooks%2Fautograd.ipynb")
    assert "git+https://github.com/example-owner/autoint-fork" in page.locator(".notebook-pip").text_content()
    assert "make lab" in page.locator(".notebook-run").text_content()


def test_canonical_and_og_url_are_absolute(visits):
    for path, visit in visits.items():
        canonical = visit.page.locator("link[rel=canonical]").get_attribute("href")
        og_url = visit.page.locator("meta[property='og:url']").get_attribute("content")
        assert canonical == og_url == f"https://example-owner.github.io/autoint/{path}", path


def test_downloaded_notebook_installs_from_the_deployed_repository(visits, served_site):
    response = visits["autoint/autograd"].page.request.get(served_site + "assets/notebooks/autograd.ipynb")
    notebook = json.loads(response.text())
    install = [c for c in notebook["cells"] if "%pip install" in "".join(c["source"])]
    assert len(install) == 1
    assert "git+https://github.com/example-owner/autoint-fork" in "".join(install[0]["source"])


def test_missing_page_gets_the_404_page(browser, served_site):
    visit = PageVisit(browser, served_site + "no/such/page", served_site)
    try:
        assert visit.response.status == 404
        assert "Page not found" in visit.page.inner_text("h1")
        # The only failure is the page itself; everything it loads must work.
        assert visit.failed == [f"{served_site}no/such/page HTTP 404"]
        assert all("status of 404" in error for error in visit.console_errors)
        assert len(visit.console_errors) == 1 and visit.foreign == []
        visit.page.screenshot(path=str(SCREENSHOTS / "404.png"), full_page=True)
    finally:
        visit.close()


def test_evaluation_trace_tables_and_drawing_render(visits):
    """The tables autoint prints become typeset tables; its graph drawing loads as an SVG image."""
    page = visits["autoint/autograd"].page
    tables = page.locator(".output-html table.autoint-evaltrace").filter(has_text="primal trace")
    assert tables.count() >= 1
    first = tables.first
    assert first.locator("tbody tr").count() >= 5
    assert first.locator("td mjx-container").count() >= 10
    assert first.locator("mjx-merror").count() == 0
    drawings = page.evaluate("""() => [...document.querySelectorAll('.cell-output img')]
        .filter(i => i.src.endsWith('.svg')).map(i => i.naturalWidth)""")
    assert drawings and all(width > 100 for width in drawings)


# -- Accessibility: axe-core at three widths, reflow, keyboard ------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# 200% zoom on a 1280 px screen lays the page out in a 640 px window at twice the pixel density.
WIDTHS = {"1280px": (1280, 900, 1), "375px": (375, 740, 1), "zoom200": (640, 450, 2)}
BLOCKING = {"critical", "serious", "moderate"}


def open_at(browser, url, width, height=800, scale=1):
    """A page loaded at the given window size, with math typeset and images loaded."""
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page = context.new_page()
    page.route("**/*", lambda route: route.abort() if urlparse(route.request.url).hostname != "127.0.0.1"
               else route.continue_())
    page.add_init_script(LAYOUT_SHIFT)
    page.goto(url, wait_until="networkidle")
    if page.locator("script[src*='tex-chtml']").count():
        page.evaluate("() => MathJax.startup.promise")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page


def axe_pages(site_dir):
    return site_pages(site_dir) + ["404.html"]


@pytest.fixture(scope="module")
def axe_results(browser, served_site, built_site):
    """{(page, width): [violations]} from axe-core's default rules, also written to screenshots/axe.json."""
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci`"
    results, shifts = {}, {}
    for path in axe_pages(built_site[0]):
        for name, (width, height, scale) in WIDTHS.items():
            page = open_at(browser, served_site + path, width, height, scale)
            try:
                shifts[(path, name)] = page.evaluate("() => window.__layoutShift")
                page.add_script_tag(path=str(AXE))
                found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
                    .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                          targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
                if name == "375px":
                    shot = (path.strip("/").replace("/", "_") or "index").removesuffix(".html")
                    page.screenshot(path=str(SCREENSHOTS / f"{shot}-375.png"), full_page=True)
            finally:
                page.context.close()
            results[(path, name)] = found
    report = {f"{path} @ {name}": found for (path, name), found in results.items()}
    (SCREENSHOTS / "axe.json").write_text(json.dumps(report, indent=2) + "\n")
    return results, shifts


def test_axe_finds_no_critical_serious_or_moderate_violation_at_any_width(axe_results):
    axe_results, _ = axe_results
    assert len(axe_results) >= 4 * len(WIDTHS)
    blocking = {key: [v for v in found if v["impact"] in BLOCKING] for key, found in axe_results.items()}
    assert {key: found for key, found in blocking.items() if found} == {}


def test_axe_runs_its_contrast_rule_on_code(browser, served_site):
    """The check above can fail: minima's own code colours (#099 numbers on #eef, 3.0:1) are caught."""
    page = open_at(browser, served_site + "autoint/autograd", 1280)
    try:
        page.add_style_tag(content=".highlight .mi, .highlight .mf { color: #099 !important; }")
        page.add_script_tag(path=str(AXE))
        ids = page.evaluate("""async () => (await axe.run(document, {runOnly: ['color-contrast']}))
            .violations.map(v => v.id)""")
        assert ids == ["color-contrast"]
    finally:
        page.context.close()


def test_no_page_is_wider_than_a_320px_window(browser, served_site, built_site):
    for path in axe_pages(built_site[0]):
        page = open_at(browser, served_site + path, 320, 640)
        try:
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is {overflow}px wider than a 320px window"
            # What scrolls sideways inside the page can take keyboard focus instead.
            unfocusable = page.evaluate("""() => [...document.querySelectorAll(
                    '.post-content pre, .post-content table, mjx-container[display="true"], .post-content p, .post-content li')]
                .filter(e => e.scrollWidth > e.clientWidth + 1 && e.tabIndex < 0).map(e => e.outerHTML.slice(0, 80))""")
            assert unfocusable == [], path
        finally:
            page.context.close()


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_every_header_link_is_reachable_with_the_keyboard(browser, served_site, width):
    page = open_at(browser, served_site + "autoint/autograd", width)
    try:
        expected = page.evaluate("() => [...document.querySelectorAll('nav.site-links a')].map(a => a.href)")
        assert expected, "the header has no links"
        reached = []
        for _ in range(len(expected) + 3):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
                return {href: a.href || null, visible: r.width > 0 && r.right <= innerWidth && r.bottom <= innerHeight}; }"""))
        for href in expected:
            assert {"href": href, "visible": True} in reached, f"{href} not reached by Tab at {width}px"
    finally:
        page.context.close()


def test_navigation_regions_are_labelled(visits):
    for path, visit in visits.items():
        unlabelled = visit.page.evaluate(
            "() => [...document.querySelectorAll('nav')].filter(n => !n.getAttribute('aria-label')).length")
        assert unlabelled == 0, path


def test_titles_differ_between_pages(visits):
    titles = {path: visit.page.title() for path, visit in visits.items()}
    assert len(set(titles.values())) == len(titles), titles


def test_trace_tables_have_real_header_cells(visits):
    tables = visits["autoint/autograd"].page.locator("table.autoint-evaltrace")
    assert tables.count() >= 1
    for index in range(tables.count()):
        table = tables.nth(index)
        assert "trace" in table.locator("caption").inner_text()  # e.g. "Forward primal trace"
        headers = table.locator("thead th")
        assert headers.count() >= 1
        for i, text in enumerate(headers.all_inner_texts()):
            scope = headers.nth(i).get_attribute("scope")
            # a column's name, or (side by side) the title heading a group of columns
            assert (scope, text.strip() in ("Variable", "Definition", "Substituted", "Value")) in (
                ("col", True), ("colgroup", False)) and (scope == "col" or text.strip().endswith("trace"))


# -- Search ---------------------------------------------------------------------------------------


def search(browser, served_site, term, width=1280, audit=None):
    """Type term into the header's search box; returns the result links' hrefs (audit: a list for axe's violations)."""
    page = open_at(browser, served_site, width)
    try:
        page.locator(".site-search-placeholder").click()
        box = page.locator("#site-search input")
        box.first.wait_for()
        page.wait_for_function("() => typeof PagefindUI !== 'undefined'")
        page.locator(".pagefind-ui__search-input").fill(term)
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
        if audit is not None:
            page.add_script_tag(path=str(AXE))
            audit += page.evaluate("""async () => (await axe.run(document)).violations
                .map(v => ({id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
            page.screenshot(path=str(SCREENSHOTS / f"search-{width}.png"), full_page=True)
        return page.evaluate("() => [...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.href)")
    finally:
        page.context.close()


@pytest.mark.parametrize("term, target", [("perturbation", "autoint/autograd"), ("logsumexp", "autoint/api/")])
def test_search_finds_the_page_that_explains_a_term(browser, served_site, term, target):
    hrefs = search(browser, served_site, term)
    assert any(urlparse(h).path.removesuffix(".html").removesuffix("index").endswith("/autoint/" + target)
               for h in hrefs), hrefs


def test_search_results_link_to_pages_that_exist_and_pass_axe(browser, served_site):
    request, violations = browser.new_context(), []
    try:
        for href in search(browser, served_site, "derivative", width=375, audit=violations):
            assert request.request.get(href.split("#")[0]).status == 200, href
    finally:
        request.close()
    assert [v for v in violations if v["impact"] in BLOCKING] == []


def test_search_loads_nothing_until_used(visits):
    for path, visit in visits.items():
        loaded = visit.page.evaluate("() => performance.getEntries().map(e => e.name).filter(n => n.includes('pagefind'))")
        assert loaded == [], path
        assert visit.page.locator(".site-search-placeholder").count() == 1, path


# -- Copy buttons ---------------------------------------------------------------------------------


def shown_code_cells(notebook):
    """Sources of the code cells whose input the post shows, in order."""
    import nbformat

    hidden = {"remove-cell", "hide-input"}
    cells = nbformat.read(notebook, as_version=4).cells
    return [c.source for c in cells if c.cell_type == "code" and not hidden & set(c.metadata.get("tags", []))]


def test_copy_button_copies_the_cells_code_using_the_keyboard(browser, served_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"],
                                  viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(served_site + "autoint/autograd", wait_until="networkidle")
        buttons = page.locator("button.copy-button")
        # Inputs get a button (and Python examples in the prose); outputs, fenced as text, do not.
        assert buttons.count() == page.locator("div.language-python pre code").count()
        assert page.locator(".cell-output button.copy-button").count() == 0
        sources = shown_code_cells(ROOT / "notebooks" / "autograd.ipynb")
        visible = [i for i in range(buttons.count()) if buttons.nth(i).is_visible()]  # not in a folded cell
        copied = []
        for index in (visible[0], visible[1], visible[-1]):
            buttons.nth(index).focus()
            page.keyboard.press("Enter")
            page.wait_for_function("b => b.textContent === 'Copied'", arg=buttons.nth(index).element_handle())
            copied.append(page.evaluate("() => navigator.clipboard.readText()"))
        # What lands on the clipboard is a notebook cell's code, exactly.
        assert sum(text in [s.rstrip("\n") for s in sources] for text in copied) >= 2, copied
        assert copied[-1] == sources[-1].rstrip("\n")
    finally:
        context.close()


def test_without_javascript_code_is_there_and_no_button(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site + "autoint/autograd", wait_until="networkidle")
        assert page.locator("button.copy-button").count() == 0
        assert page.locator("div.language-python pre code").count() >= len(
            shown_code_cells(ROOT / "notebooks" / "autograd.ipynb"))
        assert page.locator("#site-search input").count() == 0
    finally:
        context.close()
