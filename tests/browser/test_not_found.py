"""The 404 page in every language: served as GitHub Pages does (the root /404.html for any missing URL,
from the /handbook/ sub-path), a missing /lv/… URL shows Latvian text, the Latvian home and Latvian search."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SUBPATH, ServesAxe
from tests.browser.test_accessibility import assert_no_blocking, run_axe
from tools.pages_server import QuietHandler, start_server
from tools.search_quality import wait_for_search

HOME = {"en": "Go to the home page", "ms": "Pergi ke halaman utama", "lv": "Atvērt sākumlapu", "vi": "Về trang chủ"}
TITLE = {"en": "Page not found", "ms": "Halaman tidak ditemui", "lv": "Lapa nav atrasta", "vi": "Không tìm thấy trang"}
SITE = {"en": "Client Relationship Handbook", "ms": "Buku Panduan Hubungan Pelanggan",
        "lv": "Klientu attiecību rokasgrāmata", "vi": "Cẩm nang quan hệ khách hàng"}
PALETTE = {"en": "Switch to", "ms": "Tukar ke mod", "lv": "Pārslēgt uz", "vi": "Chuyển sang giao diện"}
QUERY = {"lv": ("sūdzība", "/lv/"), "vi": ("khiếu nại", "/vi/"), "ms": ("aduan", "/ms/"), "en": ("complaint", "/")}


class _PagesHandler(ServesAxe, QuietHandler):
    """GitHub Pages: a missing file gets the site's root 404.html, with status 404."""

    site: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("pages")
    (root / SUBPATH).symlink_to(built_site, target_is_directory=True)
    handler_class = type("Handler", (_PagesHandler,), {"site": built_site})
    server, url = start_server(root, handler_class)
    yield f"{url}/{SUBPATH}/"
    server.shutdown()


@pytest.mark.parametrize("lang", ["en", "ms", "lv", "vi"])
def test_missing_url_shows_its_languages_404(fresh_page, pages_url: str, axe_script: str, lang: str) -> None:
    page = fresh_page  # a context of its own: it checks every response of a cold load
    failed: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and "no-such" not in r.url
            else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    prefix = "" if lang == "en" else f"{lang}/"
    response = page.goto(f"{pages_url}{prefix}no-such/page/#part")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == lang
    visible = page.locator("[data-hb-not-found]:visible")
    expect(visible).to_have_count(1)
    expect(visible.locator("h1")).to_have_text(TITLE[lang])
    home = visible.get_by_role("link", name=HOME[lang])
    assert home.get_attribute("href") == f"/{SUBPATH}/{prefix}"
    expect(page.locator(".md-header__topic").first).to_contain_text(SITE[lang])
    assert PALETTE[lang] in (page.locator("label.md-header__button[for^='__palette']").first.get_attribute("title") or "")
    assert_no_blocking(run_axe(page, axe_script), f"the {lang} 404 page")
    # Search in the reader's language, opened from the page.
    query, expected = QUERY[lang]
    visible.locator("label[for='__search']").click()
    page.locator("[data-hb-search-query]").fill(query)
    wait_for_search(page, query)
    results = page.eval_on_selector_all(".md-search-result__item > a:first-child",
                                        "links => links.map(a => new URL(a.href).pathname)")
    assert results and all(path.startswith(f"/{SUBPATH}{expected}") for path in results), results
    if lang != "en":
        assert not any(path.startswith(f"/{SUBPATH}/{other}/") for other in ("ms", "lv", "vi") if other != lang
                       for path in results)
    # The missing page's own 404 is the only failed request: no sitemap.xml or other lookups.
    assert failed == []
    assert errors == []


def test_without_javascript_every_language_shows(browser, pages_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{pages_url}lv/no-such/")
        for lang, title in TITLE.items():
            expect(page.locator(f"[data-hb-not-found='{lang}'] h1")).to_have_text(title)
    finally:
        context.close()
