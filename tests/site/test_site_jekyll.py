"""`jekyll build` succeeds, warns about nothing and serves MathJax itself."""

import html
import re



def test_build_prints_no_warning(built_site):
    _, log = built_site
    noisy = [line for line in log.splitlines() if re.search(r"warn|deprecat|error|conflict", line, re.I)]
    assert noisy == []


def test_expected_pages_exist(built_site):
    site, _ = built_site
    for page in ["index.html", "about/index.html", "404.html", "feed.xml", "autoint/autograd.html"]:
        assert (site / page).is_file(), page


def test_only_tex_chtml_and_its_woff_fonts_are_copied(built_site):
    site, _ = built_site
    mathjax = site / "assets" / "vendor" / "mathjax"
    files = sorted(p.relative_to(mathjax).as_posix() for p in mathjax.rglob("*") if p.is_file())
    assert "tex-chtml.js" in files
    others = [f for f in files if f != "tex-chtml.js"]
    assert others and all(re.fullmatch(r"output/chtml/fonts/woff-v2/[\w-]+\.woff", f) for f in others)


def test_links_carry_the_baseurl(built_site, baseurl):
    site, _ = built_site
    home = (site / "index.html").read_text()
    assert f'href="{baseurl}/autoint/autograd"' in home
    assert f'href="{baseurl}/assets/main.css"' in home


def test_liquid_did_not_touch_code_in_posts(built_site):
    site, _ = built_site
    text = html.unescape(re.sub(r"<[^>]+>", "", (site / "autoint" / "autograd.html").read_text()))
    # The notebook's f-string escapes braces; Liquid would have eaten them.
    assert "{{{x0:g}}}" in text
