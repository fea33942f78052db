"""Per language, two PDFs beside the checklist PDFs (`make pdf`, after `make build`):

- `checklists/checklists-<lang>.pdf`: every checklist in one file, printed from the print pack (its cover,
  then one sheet per checklist, in the navigation's order);
- `handbook-<lang>.pdf`: the whole handbook in the navigation's order, with a table of contents, page
  numbers in the footer and internal links that work inside the PDF.

The handbook PDF is one HTML document assembled in Chromium from the built pages: each page's article
becomes a section (ids prefixed with the section's name, so they stay unique), links between the
handbook's pages become links to those sections, and Chromium's page.pdf writes the link annotations and
the footer (displayHeaderFooter); reader.css starts each section on a new sheet. English-only
maintainer pages and the print pack are left out.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))

from handbook import pdfs  # noqa: E402 - the rules' package lives in hooks/

PAPER = "A4"
LEFT_OUT = ("checklists/print-pack.md",)
# Assembles the document in the page (the site's own page, so its styles apply); args: [sections, toc title].
_ASSEMBLE = """async ([sections, tocTitle]) => {
  const slugOf = new Map(sections.map(([url, slug]) => [new URL(url, location.href).pathname, slug]));
  const article = document.querySelector("article.md-content__inner");
  if (!article) return 0;
  const parts = [];
  const toc = [];
  for (const [url, slug] of sections) {
    const html = await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    const body = doc.querySelector("article.md-content__inner");
    if (!body) continue;
    body.querySelectorAll(".headerlink, .hb-pdf-link, .md-source-file, .hb-print-button").forEach((e) => e.remove());
    body.querySelectorAll("[id]").forEach((e) => { e.id = `${slug}--${e.id}`; });
    body.querySelectorAll("[aria-labelledby]").forEach((e) => {
      e.setAttribute("aria-labelledby", `${slug}--${e.getAttribute("aria-labelledby")}`);
    });
    const base = new URL(url, location.href);
    body.querySelectorAll("a[href]").forEach((a) => {
      const target = new URL(a.getAttribute("href"), base);
      if (target.origin !== location.origin) return;
      const other = slugOf.get(target.pathname);
      if (other === undefined) { a.href = target.href; return; }
      a.setAttribute("href", target.hash ? `#${other}--${target.hash.slice(1)}` : `#${other}`);
    });
    const h1 = body.querySelector("h1");
    toc.push(`<li><a href="#${slug}">${h1 ? h1.textContent : slug}</a></li>`);
    parts.push(`<section class="hb-doc-part" id="${slug}">${body.innerHTML}</section>`);
  }
  const topic = document.querySelector(".md-header__topic .md-ellipsis");
  const title = topic ? topic.textContent.trim() : document.title;
  article.innerHTML = `<h1>${title}</h1><nav class="hb-doc-toc"><h2>${tocTitle}</h2><ol>${toc.join("")}</ol></nav>`
    + parts.join("");
  return parts.length;
}"""
TOC_TITLE = {"en": "Contents", "ms": "Kandungan", "lv": "Saturs", "vi": "Mục lục"}


def nav_pages(config_file: Path = ROOT / "mkdocs.yml") -> list[str]:
    """The Markdown pages of mkdocs.yml's navigation, in order."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)

    def walk(items: object) -> list[str]:
        found: list[str] = []
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, str) and item.endswith(".md"):
                found.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    found += walk(value)
        return found

    english_only = set(config.get("extra", {}).get("handbook", {}).get("english_only", []))
    return [p for p in walk(config["nav"]) if p not in LEFT_OUT and p not in english_only]


def page_url(lang: str, rel: str) -> str:
    stem = rel.removesuffix(".md")
    path = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return path if lang == "en" else f"{lang}/{path}"


def footer_template() -> str:
    return ('<div style="width:100%;font-size:8pt;text-align:center;color:#000;">'
            '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def write_language_pdfs(page: object, base_url: str, site_dir: Path, lang: str) -> list[Path]:
    """The combined checklists PDF and the whole-handbook PDF of one language, each when its pages were
    built (a small test site may have neither); returns the paths written."""
    prefix = "" if lang == "en" else f"{lang}/"
    written: list[Path] = []
    if (site_dir / prefix / "checklists" / "print-pack" / "index.html").is_file():
        checklists = site_dir / prefix / pdfs.checklists_pdf(lang)
        page.goto(base_url + prefix + "checklists/print-pack/", wait_until="load")  # type: ignore[attr-defined]
        page.pdf(path=str(checklists), format=PAPER)  # type: ignore[attr-defined]
        written.append(checklists)

    rels = [rel for rel in nav_pages() if (site_dir / page_url(lang, rel) / "index.html").is_file()]
    if (site_dir / prefix / "index.html").is_file() and rels:
        handbook = site_dir / prefix / pdfs.handbook_pdf(lang)
        sections = [(base_url + page_url(lang, rel), rel.removesuffix(".md").replace("/", "-")) for rel in rels]
        page.goto(base_url + prefix, wait_until="load")  # type: ignore[attr-defined]
        page.evaluate(_ASSEMBLE, [sections, TOC_TITLE.get(lang, TOC_TITLE["en"])])  # type: ignore[attr-defined]
        page.pdf(path=str(handbook), format=PAPER, display_header_footer=True,  # type: ignore[attr-defined]
                 header_template="<div></div>", footer_template=footer_template(),
                 margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
        written.append(handbook)
    return written


def languages(site_dir: Path) -> list[str]:
    return ["en", *[lang for lang in ("ms", "lv", "vi") if (site_dir / lang / "index.html").is_file()]]


if __name__ == "__main__":
    sys.exit("use `make pdf` (tools/checklist_pdf.py writes these PDFs too)")
