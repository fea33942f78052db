"""Checklists in the browser: ticks kept in localStorage, keyboard use, contrast, and one printed page each.

Every checklist page of every language must print on exactly one page, at A4 (the PDF `make pdf`
publishes, printed once per test run: the `pdf_site` fixture) and at US Letter (printed here; page.pdf
prints with print media); each language's print pack is its cover plus one page per checklist.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.conftest import PHONE, run_make_pdf
from tests.conftest import LANGUAGES
from tools import checklist_pdf
from tools.checklist_pdf import ChecklistPage, find_checklist_pages
from tools.in_page import inner_texts, wait_until

PAPERS = ("A4", "Letter")
BOXES = "article li.task-list-item input[type=checkbox]"


# ---------- helpers ----------


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def storage_key(lang: str, checklist_id: str) -> str:
    """Ticks follow the checklist, not the language: one key per checklist id (lang is not part of it)."""
    return f"handbook:checklist:{checklist_id}"


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page of a PDF."""
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def first_page_drawing(pdf: bytes) -> bytes:
    return PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()


def open_page(page, url: str) -> None:
    page.goto(url, wait_until="load")
    wait_until(page, "document.querySelector('.hb-checklist[data-hb-ready]')")


def click_box(page, box) -> None:
    """Click the square drawn for a box, like a person would (the real input is invisible, under it)."""
    box.scroll_into_view_if_needed()
    x, y = box.evaluate(
        """input => {
            const li = input.closest("li");
            const before = getComputedStyle(input.nextElementSibling, "::before");
            const rect = li.getBoundingClientRect();
            return [rect.left + parseFloat(before.left) + parseFloat(before.width) / 2,
                    rect.top + parseFloat(before.top) + parseFloat(before.height) / 2];
        }"""
    )
    page.mouse.click(x, y)


def tab_to_next_box(page, limit: int = 5) -> str | None:
    """Press Tab until a checklist box has the focus (headerlinks and links may come first); its item id."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        item = page.evaluate(
            "() => document.activeElement.matches('li.task-list-item input') ? "
            "document.activeElement.getAttribute('data-item-id') : null"
        )
        if item:
            return item
    return None


def counter(page, scope: str = "article") -> str:
    return page.locator(f"{scope} .hb-checklist-progress").first.inner_text().strip()


def progress(page, done: int, total: int, scope: str = ".hb-checklist") -> str:
    template = page.locator(scope).first.get_attribute("data-progress-template")
    return template.replace("{done}", str(done)).replace("{total}", str(total))


def stored(page, key: str) -> list[str] | None:
    raw = page.evaluate("key => localStorage.getItem(key)", key)
    return None if raw is None else json.loads(raw)


@pytest.fixture(scope="module")
def checklists(built_site: Path) -> dict[str, list[ChecklistPage]]:
    """The built checklist pages of each language, in address order."""
    found = find_checklist_pages(built_site)
    return {lang: [c for c in found if c.lang == lang] for lang in LANGUAGES}


# Each box: [disabled, its accessible name, the text of its item].
BOX_NAMES_JS = """boxes => boxes.map(box => {
    const ids = (box.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
    const label = ids.map(id => document.getElementById(id)?.textContent || "").join(" ").trim()
        || (box.getAttribute("aria-label") || "").trim();
    const li = box.closest("li").cloneNode(true);
    li.querySelectorAll(".task-list-control").forEach(n => n.remove());
    return [box.disabled, label.replace(/\\s+/g, " "), li.textContent.trim().replace(/\\s+/g, " ")];
})"""


def unnamed_boxes(page, checklist: ChecklistPage) -> list[str]:
    """Boxes of the open checklist page that are disabled, or whose accessible name is not their item's text."""
    names = page.evaluate(f"({BOX_NAMES_JS})(Array.from(document.querySelectorAll({json.dumps(BOXES)})))")
    assert names, f"{checklist.html}: no boxes"
    return [f"{checklist.checklist_id}: disabled={disabled} name={label!r} text={text!r}"
            for disabled, label, text in names if disabled or not label or label != text]


# ---------- the set of checklists ----------


def test_every_language_has_the_same_checklists(checklists):
    english = [c.checklist_id for c in checklists["en"]]
    assert english, "no checklist pages found in the built site"
    for lang in LANGUAGES:
        assert [c.checklist_id for c in checklists[lang]] == english, f"{lang} has other checklists than English"


# ---------- ticking on screen ----------


def test_ticks_survive_a_reload_and_clear_removes_them(page, site_url, built_site, checklists):
    checklist = checklists["en"][0]
    key = storage_key("en", checklist.checklist_id)
    open_page(page, site_url + checklist.url_path(built_site))
    boxes = page.locator(BOXES)
    total = boxes.count()
    assert total >= 3
    for i in range(total):
        assert boxes.nth(i).is_enabled(), "the script must enable every box"
    ids = [boxes.nth(i).get_attribute("data-item-id") for i in range(total)]
    live = page.locator("article .hb-checklist-progress")
    assert live.get_attribute("aria-live") == "polite"
    assert counter(page) == progress(page, 0, total)

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    click_box(page, boxes.nth(0))
    click_box(page, boxes.nth(2))
    assert boxes.nth(0).is_checked() and boxes.nth(2).is_checked()
    assert not boxes.nth(1).is_checked()
    assert counter(page) == progress(page, 2, total)
    assert stored(page, key) == [ids[0], ids[2]]
    assert requests == [], "ticking must not send anything anywhere"

    page.reload(wait_until="load")
    page.wait_for_selector(".hb-checklist[data-hb-ready]", state="attached")
    assert [boxes.nth(i).is_checked() for i in range(total)] == [i in (0, 2) for i in range(total)]
    assert counter(page) == progress(page, 2, total)

    requests.clear()
    page.locator("article .hb-checklist-clear").click()
    assert not any(boxes.nth(i).is_checked() for i in range(total))
    assert counter(page) == progress(page, 0, total)
    assert stored(page, key) is None
    assert requests == []
    page.reload(wait_until="load")
    assert not any(boxes.nth(i).is_checked() for i in range(total))


def test_ticks_follow_the_checklist_into_another_language(page, site_url, built_site, checklists):
    english = checklists["en"][0]
    latvian = next(c for c in checklists["lv"] if c.checklist_id == english.checklist_id)
    open_page(page, site_url + english.url_path(built_site))
    boxes = page.locator(BOXES)
    for i in (0, 2):
        boxes.nth(i).dispatch_event("click")
    ids = [boxes.nth(i).get_attribute("data-item-id") for i in (0, 2)]
    open_page(page, site_url + latvian.url_path(built_site))
    ticked = page.locator(f"{BOXES}:checked")
    assert [ticked.nth(i).get_attribute("data-item-id") for i in range(ticked.count())] == ids
    assert counter(page) == progress(page, 2, page.locator(BOXES).count())


def test_ticks_stored_per_language_by_earlier_versions_are_kept(page, site_url, built_site, checklists):
    checklist = checklists["vi"][0]
    open_page(page, site_url + checklist.url_path(built_site))
    first, second = (page.locator(BOXES).nth(i).get_attribute("data-item-id") for i in (0, 1))
    page.evaluate("([a, b, id]) => { localStorage.setItem(`handbook:checklist:en:${id}`, JSON.stringify([a]));"
                  " localStorage.setItem(`handbook:checklist:vi:${id}`, JSON.stringify([b])); }",
                  [first, second, checklist.checklist_id])
    open_page(page, site_url + checklist.url_path(built_site))
    assert page.locator(f"{BOXES}:checked").count() == 2
    assert sorted(stored(page, storage_key("vi", checklist.checklist_id)) or []) == sorted([first, second])
    assert page.evaluate("id => localStorage.getItem(`handbook:checklist:en:${id}`)", checklist.checklist_id) is None


def test_clear_can_be_undone(page, site_url, built_site, checklists):
    checklist = checklists["ms"][0]
    open_page(page, site_url + checklist.url_path(built_site))
    boxes = page.locator(BOXES)
    for i in (0, 1, 3):
        boxes.nth(i).dispatch_event("click")
    clear = page.locator("article .hb-checklist-clear")
    clear_label = clear.inner_text()
    clear.click()
    assert page.locator(f"{BOXES}:checked").count() == 0
    assert stored(page, storage_key("ms", checklist.checklist_id)) is None
    assert clear.inner_text() == "Buat asal"
    clear.click()
    assert [boxes.nth(i).is_checked() for i in range(4)] == [True, True, False, True]
    assert len(stored(page, storage_key("ms", checklist.checklist_id)) or []) == 3
    assert clear.inner_text() == clear_label


def test_tapping_an_items_text_ticks_it(page, site_url, built_site, checklists):
    checklist = checklists["lv"][0]
    open_page(page, site_url + checklist.url_path(built_site))
    item = page.locator("article li.task-list-item").first
    item.locator(".hb-item-text").click(position={"x": 40, "y": 5})
    assert page.locator(BOXES).first.is_checked()
    item.locator(".hb-item-text").click(position={"x": 40, "y": 5})
    assert not page.locator(BOXES).first.is_checked()


def test_slash_opens_search_after_ticking(page, site_url, built_site, checklists):
    open_page(page, site_url + checklists["en"][0].url_path(built_site))
    box = page.locator(BOXES).first
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('[data-hb-search-query]')")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_box_shows_without_scrolling_on_a_phone(phone_page, site_url, built_site, checklists, lang):
    page = phone_page
    width, height = PHONE["width"], PHONE["height"]
    lowest = []
    for checklist in checklists[lang]:
        open_page(page, site_url + checklist.url_path(built_site))
        bottom = page.evaluate(f"document.querySelector({json.dumps(BOXES)}).closest('li')"
                               ".querySelector('.task-list-indicator').getBoundingClientRect().bottom")
        lowest.append((bottom, checklist.checklist_id))
        assert page.evaluate("document.documentElement.scrollWidth") <= width, checklist.checklist_id
    assert max(lowest)[0] <= height, max(lowest)
    # The folded box opens on a tap and reads label above text.
    page.locator("article .hb-checklist-details > summary").tap()
    expect_visible = page.locator("article .hb-checklist-meta dd").first
    assert expect_visible.is_visible()
    index = site_url + prefix(lang) + "checklists/"
    page.goto(index)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    wrap = page.locator("article table").first.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert wrap[0] <= wrap[1], "the checklist index scrolls sideways"


def test_boxes_work_by_keyboard_with_a_visible_focus(page, site_url, built_site, checklists):
    checklist = checklists["en"][0]
    open_page(page, site_url + checklist.url_path(built_site))
    boxes = page.locator(BOXES)
    total = boxes.count()
    page.locator("article .hb-checklist-clear").focus()
    first = boxes.nth(0)
    assert tab_to_next_box(page) == first.get_attribute("data-item-id"), "Tab from Clear must reach the first box"
    outline = first.evaluate(
        """el => {
            const s = getComputedStyle(el.nextElementSibling, "::before");
            return [s.outlineStyle, parseFloat(s.outlineWidth)];
        }"""
    )
    assert outline[0] != "none" and outline[1] >= 2, f"focused box needs a visible outline, got {outline}"
    page.keyboard.press("Space")
    assert first.is_checked()
    assert counter(page) == progress(page, 1, total)
    assert tab_to_next_box(page) == boxes.nth(1).get_attribute("data-item-id")
    page.keyboard.press("Space")
    assert boxes.nth(1).is_checked()
    page.keyboard.press("Space")
    assert not boxes.nth(1).is_checked()
    assert counter(page) == progress(page, 1, total)
    page.locator("article .hb-checklist-clear").press("Enter")
    assert not first.is_checked()


def test_print_pack_shares_ticks_with_each_checklist_page(page, subpath_site_url, built_site, checklists):
    first, second = checklists["en"][0], checklists["en"][1]
    pack = "checklists/print-pack/"
    open_page(page, subpath_site_url + first.url_path(built_site))
    page.locator(BOXES).nth(1).dispatch_event("click")
    total = page.locator(BOXES).count()

    open_page(page, subpath_site_url + pack)
    own = f'.hb-pack-page:has(.hb-checklist[data-checklist-id="{first.checklist_id}"])'
    other = f'.hb-pack-page:has(.hb-checklist[data-checklist-id="{second.checklist_id}"])'
    assert page.locator(".hb-checklist-progress").count() == len(checklists["en"])
    assert page.locator(f"{own} input[type=checkbox]").nth(1).is_checked()
    assert page.locator(f"{own} input[type=checkbox]:checked").count() == 1
    assert counter(page, own) == progress(page, 1, total, own + " .hb-checklist")
    assert page.locator(f"{other} input[type=checkbox]:checked").count() == 0

    page.locator(f"{other} input[type=checkbox]").first.dispatch_event("click")
    assert stored(page, storage_key("en", second.checklist_id))
    assert stored(page, storage_key("en", first.checklist_id)) == [
        page.locator(f"{own} input[type=checkbox]").nth(1).get_attribute("data-item-id")
    ]
    open_page(page, subpath_site_url + second.url_path(built_site))
    assert page.locator(BOXES).first.is_checked()


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Resolves a CSS colour to opaque RGB over the page background, through a canvas (any colour syntax).
_COLOURS = """() => {
    const ctx = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
    const rgb = (colour, under) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = under; ctx.fillRect(0, 0, 1, 1);
        ctx.fillStyle = colour; ctx.fillRect(0, 0, 1, 1);
        return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
    };
    const page = getComputedStyle(document.body).backgroundColor;
    const boxes = document.querySelectorAll("article li.task-list-item input[type=checkbox]");
    const empty = getComputedStyle(boxes[1].nextElementSibling, "::before");
    const ticked = getComputedStyle(boxes[0].nextElementSibling, "::before");
    const tick = getComputedStyle(boxes[0].nextElementSibling, "::after");
    const fill = rgb(ticked.backgroundColor, page);
    const text = getComputedStyle(document.querySelector("article .hb-checklist-progress")).color;
    return {
        scheme: document.body.getAttribute("data-md-color-scheme"),
        page: rgb(page, "#fff"),
        empty: rgb(empty.borderTopColor, page),
        tickedBorder: rgb(ticked.borderTopColor, page),
        fill: fill,
        tick: rgb(tick.borderRightColor, `rgb(${fill.join(",")})`),
        tickContent: tick.content,
        counter: rgb(text, page),
    };
}"""


@pytest.mark.parametrize(("color_scheme", "palette"), [("light", "default"), ("dark", "slate")])
def test_boxes_have_high_contrast_in_both_palettes(page, site_url, built_site, checklists, color_scheme, palette):
    page.emulate_media(color_scheme=color_scheme)
    open_page(page, site_url + checklists["en"][0].url_path(built_site))
    page.locator(BOXES).first.dispatch_event("click")
    c = page.evaluate(_COLOURS)
    assert c["scheme"] == palette
    assert c["tickContent"] not in ("none", "normal"), "a ticked box must draw a tick"
    # WCAG 1.4.11 (non-text contrast, 3:1) for the boxes and the tick, 1.4.3 (4.5:1) for the counter text.
    assert _contrast(c["empty"], c["page"]) >= 4.5, c
    assert _contrast(c["tickedBorder"], c["page"]) >= 4.5, c
    assert _contrast(c["fill"], c["page"]) >= 4.5, c
    assert _contrast(c["tick"], c["fill"]) >= 4.5, c
    assert _contrast(c["counter"], c["page"]) >= 4.5, c


# ---------- paper ----------


def test_print_shows_only_the_checklist(page, site_url, built_site, checklists):
    open_page(page, site_url + checklists["en"][0].url_path(built_site))
    assert not page.locator("article .hb-print-footer").is_visible(), "the print footer is for paper only"
    assert page.locator("article .hb-checklist-tools").is_visible()
    page.emulate_media(media="print")
    hidden = [
        ".md-header",
        ".md-tabs",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".md-top",
        ".md-search",
        "article .hb-pdf-link",
        "article .hb-reviewed",
        "article .hb-checklist-tools",
        "article .headerlink",
    ]
    shown = [s for s in hidden if page.locator(s).count() and page.locator(s).first.is_visible()]
    assert not shown, f"visible in print: {shown}"
    for selector in ("article h1", "article .hb-checklist-meta", "article .hb-signoff", "article .hb-print-footer"):
        assert page.locator(selector).first.is_visible(), f"{selector} must print"
    # Empty boxes print as black borders, not as (possibly unprinted) backgrounds or masks.
    style = page.locator(BOXES).first.evaluate(
        """el => {
            const s = getComputedStyle(el.nextElementSibling, "::before");
            return [s.borderTopStyle, parseFloat(s.borderTopWidth), s.borderTopColor, s.maskImage || "none",
                    s.backgroundImage];
        }"""
    )
    assert style[0] == "solid" and style[1] >= 1 and style[2] == "rgb(0, 0, 0)", style
    assert style[3] == "none" and style[4] == "none", style


def published_pdf(pdf_site: Path, built_site: Path, checklist: ChecklistPage) -> bytes:
    """The A4 PDF `make pdf` printed for a checklist page of the built site."""
    return (pdf_site / checklist.pdf_path().relative_to(built_site)).read_bytes()


def pack_pdf(pdf_site: Path, lang: str) -> bytes:
    """The A4 print pack `make pdf` printed for a language."""
    return (pdf_site / f"{prefix(lang)}checklists" / f"checklists-{lang}.pdf").read_bytes()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_checklist_names_its_boxes_and_prints_on_one_page(page, site_url, built_site, pdf_site, checklists, lang):
    """Every box is enabled and named after its item (what a screen reader says), and the page prints on one
    sheet of A4 and of Letter: one visit of each checklist page for both."""
    assert checklists[lang], f"no checklists in {lang}"
    unnamed: list[str] = []
    problems: list[str] = []
    measured: list[str] = []
    for checklist in checklists[lang]:
        open_page(page, site_url + checklist.url_path(built_site))
        unnamed += unnamed_boxes(page, checklist)
        hidden_texts = [t.strip() for t in inner_texts(page, "article .hb-pdf-link, article .hb-reviewed")]
        printed = {"A4": published_pdf(pdf_site, built_site, checklist), "Letter": page.pdf(format="Letter")}
        for paper, pdf in printed.items():
            texts = pdf_pages(pdf)
            measured.append(f"{checklist.checklist_id} {paper}: {len(texts)}")
            if len(texts) != 1:
                problems.append(f"{checklist.checklist_id} on {paper}: {len(texts)} pages")
                continue
            if checklist.checklist_id not in texts[0]:
                problems.append(f"{checklist.checklist_id} on {paper}: the footer with the id is not printed")
            problems += [f"{checklist.checklist_id} on {paper}: prints {t!r}" for t in hidden_texts if t in texts[0]]
    print(f"[{lang}] " + "; ".join(measured))
    assert not unnamed, "boxes without their item's text as their name:\n" + "\n".join(unnamed)
    assert not problems, "\n".join(problems)
    if lang == "en":  # the name is what assistive technology finds the box by
        text = page.locator(BOXES).first.evaluate_all(BOX_NAMES_JS)[0][2]
        assert page.get_by_role("checkbox", name=text, exact=True).count() == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_print_pack_has_a_cover_and_one_page_per_checklist(page, site_url, pdf_site, checklists, lang):
    open_page(page, f"{site_url}{prefix(lang)}checklists/print-pack/")
    ids = page.locator(".hb-pack-page .hb-checklist").evaluate_all("boxes => boxes.map(b => b.getAttribute('data-checklist-id'))")
    assert sorted(ids) == sorted(c.checklist_id for c in checklists[lang])
    for paper, pdf in {"A4": pack_pdf(pdf_site, lang), "Letter": page.pdf(format="Letter")}.items():
        texts = pdf_pages(pdf)
        print(f"[{lang}] print pack {paper}: {len(texts)} pages for {len(ids)} checklists")
        assert len(texts) == len(ids) + 1, f"{lang} print pack on {paper}: {len(texts)} pages"
        # Each checklist's print footer reads "<word for Checklist> <id> · <lang> · <version> · <address>".
        footers = {i: f"{i} · {lang} ·" for i in ids}
        assert not any(f in texts[0] for f in footers.values()), "the cover must not hold a checklist"
        for number, (text, checklist_id) in enumerate(zip(texts[1:], ids, strict=True), start=2):
            assert footers[checklist_id] in text, f"{lang} pack page {number} on {paper} is not {checklist_id}"
            others = [i for i, footer in footers.items() if i != checklist_id and footer in text]
            assert not others, f"{lang} pack page {number} on {paper} also holds {others}"


def test_partly_ticked_checklist_prints_blank_boxes_on_one_page(page, site_url, built_site, checklists):
    # The longest English checklist is the hardest to fit.
    longest, most = None, -1
    for checklist in checklists["en"]:
        items = checklist.html.read_text(encoding="utf-8").count('class="hb-item"')
        if items > most:
            longest, most = checklist, items
    open_page(page, site_url + longest.url_path(built_site))
    blank = page.pdf(format="A4")
    boxes = page.locator(BOXES)
    for i in (0, 2, most - 1):
        boxes.nth(i).dispatch_event("click")
    assert counter(page) == progress(page, 3, most)
    for paper in PAPERS:
        assert len(pdf_pages(page.pdf(format=paper))) == 1, f"{longest.checklist_id} partly ticked on {paper}"
    # Paper is filled in by hand: the ticks made on screen do not print.
    assert first_page_drawing(page.pdf(format="A4")) == first_page_drawing(blank)
    page.emulate_media(media="print")
    tick = boxes.nth(0).evaluate(
        """el => {
            const after = getComputedStyle(el.nextElementSibling, "::after");
            const before = getComputedStyle(el.nextElementSibling, "::before");
            return [after.display, before.backgroundColor, before.borderTopColor];
        }"""
    )
    assert tick[0] == "none" and tick[1] in ("rgba(0, 0, 0, 0)", "transparent") and tick[2] == "rgb(0, 0, 0)", tick
    page.emulate_media(media="null")  # back to no emulation: page.pdf prints with print media again


# ---------- make pdf ----------


def test_make_pdf_writes_one_page_pdf_per_checklist(pdf_site, checklists):
    pages = find_checklist_pages(pdf_site)
    assert len(pages) == sum(len(v) for v in checklists.values())
    for checklist in pages:
        pdf = checklist.pdf_path()
        assert pdf.is_file(), f"missing {pdf}"
        assert len(PdfReader(pdf).pages) == 1, f"{pdf} is not one page"
        assert f'href="{pdf.name}"' in checklist.html.read_text(encoding="utf-8"), "the Download link must find it"
    pack = pdf_site / "checklists" / "print-pack"
    assert not list(pack.glob("*.pdf")), "the print pack is not a checklist"


def _tiny_site(root: Path, items: int) -> Path:
    page = root / "checklists" / "tiny"
    page.mkdir(parents=True)
    body = "".join(f"<p>Item {i}</p>" for i in range(items))
    (page / "index.html").write_text(
        f'<!doctype html><html><body><article><h1>Tiny</h1><div class="hb-checklist" data-checklist-id="tiny"'
        f' data-lang="en"></div>{body}</article></body></html>',
        encoding="utf-8",
    )
    return page


def test_make_pdf_fails_when_a_checklist_needs_two_pages(browser, tmp_path, capsys):
    _tiny_site(tmp_path, 300)
    assert run_make_pdf(tmp_path) != 0
    assert "one printed page" in capsys.readouterr().err


def test_make_pdf_fails_clearly_without_chromium(tmp_path, capsys, monkeypatch):
    _tiny_site(tmp_path, 3)
    monkeypatch.setattr("tools.browser.chromium_path", lambda: None)
    assert checklist_pdf.main(tmp_path) != 0
    assert "no Chromium found" in capsys.readouterr().err


def test_make_pdf_fails_on_an_unbuilt_site(tmp_path, capsys):
    assert checklist_pdf.main(tmp_path / "nothing") != 0
    assert "build the site first" in capsys.readouterr().err
