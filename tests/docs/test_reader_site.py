"""The built site works anywhere and reads well: checked in the HTML of real strict builds.

The browser tests (tests/browser) run the scripts; these read what the build wrote:
sitemap and 404 page under a sub-path, nothing fetched from another host, the vendored
assets and their record, meta descriptions, highlighting, plain characters and the
API reference.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from docs_builds import REPO_ROOT, Build, SecretBuild, article, base_env, run_build

from dashtam.docs import generate_docs
from dashtam.docs.zensical import load_mkdocs_config
from dashtam.domain.providers import PROVIDER_REGISTRY

pytestmark = pytest.mark.build

VENDOR = REPO_ROOT / "docs" / "assets" / "vendor"
SUB_PATH_SITE = "https://docs.example/dashtam/"
GENERATED_PAGES = [
    page.removesuffix(".md") + ".html"
    for page in generate_docs(REPO_ROOT / "docs").pages
    if page.endswith(".md") and page != "SUMMARY.md"
]


@pytest.fixture(scope="module")
def sub_path_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site built for publication under a sub-path, as the README describes."""
    env = base_env({"DASHTAM_SITE_URL": SUB_PATH_SITE})
    site = tmp_path_factory.mktemp("sub-path-site")
    build = run_build(REPO_ROOT / "mkdocs.yml", site, cwd=REPO_ROOT, env=env)
    assert build.returncode == 0, build.output
    return build


def _html_files(build: Build) -> list[Path]:
    return sorted(build.site.rglob("*.html"))


def test_the_sitemap_lists_every_page_under_the_site_url(sub_path_build: Build) -> None:
    locations = re.findall(r"<loc>([^<]+)</loc>", sub_path_build.page("sitemap.xml"))
    expected = {SUB_PATH_SITE + page for page in GENERATED_PAGES}
    assert expected <= set(locations)
    assert all(location.startswith(SUB_PATH_SITE) for location in locations)


def test_the_404_page_is_styled_and_links_on_under_a_sub_path(sub_path_build: Build) -> None:
    soup = BeautifulSoup(sub_path_build.page("404.html"), "html.parser")
    stylesheets = [str(link.get("href")) for link in soup.find_all("link", rel="stylesheet")]
    scripts = [str(script.get("src")) for script in soup.find_all("script", src=True)]
    catalogue = soup.find("a", class_="dashtam-catalogue-link")
    search = soup.find("label", attrs={"for": "__search"}, class_="dashtam-search-button")

    assert stylesheets
    assert all(href.startswith("/dashtam/assets/") for href in stylesheets), stylesheets
    assert all(src.startswith("/dashtam/") for src in scripts), scripts
    assert catalogue is not None
    assert catalogue.get("href") == "/dashtam/providers/index.html"
    assert search is not None
    assert (sub_path_build.site / "providers" / "index.html").is_file()


def test_no_page_loads_anything_from_another_host(real_build: SecretBuild) -> None:
    """Scripts, styles, images and fonts come from the site; links out are fine."""
    for path in _html_files(real_build):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        loaded = [str(tag.get("src")) for tag in soup.find_all(["script", "img"], src=True)]
        loaded += [str(tag.get("href")) for tag in soup.find_all("link", rel="stylesheet")]
        offsite = [url for url in loaded if urlsplit(url).scheme or url.startswith("//")]
        assert offsite == [], path


def test_the_offline_helpers_are_the_vendored_ones(real_build: SecretBuild) -> None:
    soup = BeautifulSoup(real_build.page("index.html"), "html.parser")
    scripts = [str(script.get("src")) for script in soup.find_all("script", src=True)]

    assert "assets/vendor/iframe-worker/shim.js" in scripts
    assert "assets/vendor/tablesort/tablesort.min.js" in scripts
    # The offline plugin's inlined search index, which search from file:// reads.
    assert real_build.page("search/search_index.js").startswith("var __index = {")
    assert not (real_build.site / "assets" / "vendor" / "VENDORED.md").exists()


def test_vendored_assets_match_their_record_and_the_refresh_script() -> None:
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    try:
        from vendor_assets import PACKAGES
    finally:
        sys.path.remove(str(REPO_ROOT / "scripts"))
    record = (VENDOR / "VENDORED.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| (\S+) \| (\S+) \| (\S+) ", record, re.MULTILINE)

    listed = {file: (package, version) for file, package, version, _ in rows}
    expected = {
        f"{package}/{target}": (package, version)
        for package, (version, files) in PACKAGES.items()
        for target in files.values()
        if not target.startswith("LICEN")
    }
    assert listed == expected
    assert all(licence == "MIT" for *_, licence in rows)
    for file, (package, _) in listed.items():
        assert (VENDOR / file).is_file(), file
        assert any((VENDOR / package).glob("LICEN*")), f"{package} has no licence file"
    assert "tablesort v" + PACKAGES["tablesort"][0] in (
        VENDOR / "tablesort" / "tablesort.min.js"
    ).read_text(encoding="utf-8")


def test_every_page_has_its_own_meta_description(real_build: SecretBuild) -> None:
    site_description = load_mkdocs_config(REPO_ROOT / "mkdocs.yml")["site_description"]
    handwritten = [
        path.relative_to(REPO_ROOT / "docs").with_suffix(".html").as_posix()
        for path in (REPO_ROOT / "docs").rglob("*.md")
        if "_prose" not in path.parts and "vendor" not in path.parts
    ]
    descriptions = {}
    for page in sorted({*GENERATED_PAGES, *handwritten}):
        soup = BeautifulSoup(real_build.page(page), "html.parser")
        meta = soup.find("meta", attrs={"name": "description"})
        assert meta is not None, page
        descriptions[page] = str(meta.get("content"))
    assert site_description not in descriptions.values()
    assert len(set(descriptions.values())) == len(descriptions)
    for entry in PROVIDER_REGISTRY:
        assert entry.display_name in descriptions[f"providers/{entry.slug}.html"]


def test_plain_characters_stay_plain_in_the_html_source(real_build: SecretBuild) -> None:
    # ( ) : , never act as syntax in a sentence (a "." after leading digits can: "1."
    # opens a list, so that one stays a reference).
    needless = re.compile(r"&#(40|41|58|44);")
    for page in GENERATED_PAGES:
        assert needless.findall(real_build.page(page)) == [], page
    named = [e.display_name for e in PROVIDER_REGISTRY if "(" in e.display_name]
    for name in named:
        assert f">{name}<" in real_build.page("providers/index.html")


def test_code_is_highlighted_and_has_no_sideways_comment_lines(real_build: SecretBuild) -> None:
    entry = next(e for e in PROVIDER_REGISTRY if e.required_settings)
    page = article(real_build, f"providers/{entry.slug}.html")
    snippet = next(pre for pre in page.find_all("pre") if "=your-" in pre.get_text())
    guide = article(real_build, "guides/adding-providers.html")

    assert snippet.find_parent("div", class_="highlight") is not None
    assert all(len(line) <= 80 for line in snippet.get_text().splitlines() if line.startswith("#"))
    assert guide.select("div.language-python.highlight pre span")


def test_the_api_reference_is_rendered_from_the_docstrings(real_build: SecretBuild) -> None:
    from dashtam.domain.providers import registry

    reference = article(real_build, "reference/providers.html")
    statistics = article(real_build, "providers/statistics.html")
    guide = article(real_build, "guides/adding-providers.html")
    anchor = "dashtam.domain.providers.registry.get_statistics"

    heading = reference.find(id=anchor)
    assert heading is not None
    assert registry.get_statistics.__doc__ is not None
    first_line = registry.get_statistics.__doc__.strip().splitlines()[0]
    assert " ".join(first_line.split()[:4]) in reference.get_text(" ")
    assert reference.find(id="dashtam.domain.providers.metadata.ProviderMetadata") is not None
    links = [str(a.get("href")) for a in statistics.find_all("a")]
    assert f"../reference/providers.html#{anchor}" in links
    assert "../reference/providers.html" in [str(a.get("href")) for a in guide.find_all("a")]
