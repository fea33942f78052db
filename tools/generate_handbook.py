"""Generate a synthetic handbook of any size, for benchmarks and scaling tests.

`generate(target, pages_per_language)` writes a complete MkDocs project into `target` (never into the real
docs/): an mkdocs.yml with the real handbook's theme, plugins, Markdown extensions and hooks (hooks point at
the real files by absolute path, the theme at the real overrides/), a copy of data/, and docs/<lang>/ for
every language. The content has the real handbook's mix and obeys its rules, so it builds `--strict` clean:

- about 55 % chapters in the three part folders (building/, face-to-face/, difficult-clients/), each with
  the chapter sections and explicit ids, links to other chapters' sections, to glossary terms, to the
  checklists that put it into practice, and, on some, an image;
- about 25 % checklists (2-3 pause-point sections of 3-9 items, each item with an id; `checklist:` metadata
  whose `chapters:` link back);
- the home page, quick reference, glossary, templates, sources, checklist overview and print pack, the
  English-only contributing and health pages, and glossary-like term pages for the rest;
- every page translated into every other language with the right `source_hash`, except the English-only
  pages, which fall back to English as in the real handbook.

Large nav sections are split into groups of at most `group_size` entries (nested as deep as needed), as a
real handbook of that size would be; sections up to that size stay flat, as in the real handbook.

CLI: python -m tools.generate_handbook PAGES_PER_LANGUAGE DIR [--languages en,ms,lv,vi] [--group-size N]
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import random
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from handbook.translations import source_hash  # noqa: E402

MIN_PAGES = 13
MAX_PAGES = 20000
ALL_LANGUAGES = ("en", "ms", "lv", "vi")
MARKER = ".generated-handbook"
DEFAULT_GROUP_SIZE = 20
PARTS = (
    ("building", "Building the relationship"),
    ("face-to-face", "Serving people face to face"),
    ("difficult-clients", "Difficult clients and endings"),
)
ENGLISH_ONLY = ("contributing.md", "health.md")
TEMPLATE_IDS = ("feedback-reminder", "mistake-apology", "call-recap", "relationship-ending", "kickoff-agreement-outline")
GLOSSARY_TERMS = 12
TERMS_PER_PAGE = 8

# Word pools per language: enough variety for realistic search indexes and word counts ("_" joins the words
# of one entry).
def _pool(text: str) -> list[str]:
    return [entry.replace("_", " ") for entry in text.split()]


NOUNS = {
    "en": _pool("client meeting feedback promise deadline recap email call trust service team account project invoice "
                "question complaint budget decision note file channel priority update schedule review brief scope "
                "detail habit partner proposal contract visit counter greeting apology reminder handover"),
    "ms": _pool("pelanggan mesyuarat janji ringkasan e-mel panggilan kepercayaan perkhidmatan pasukan akaun projek "
                "invois soalan aduan bajet keputusan nota fail saluran keutamaan jadual semakan skop butiran tabiat "
                "rakan cadangan kontrak lawatan kaunter ucapan permohonan peringatan serahan maklum_balas tarikh_akhir"),
    "lv": _pool("klients sanāksme atsauksme solījums termiņš kopsavilkums e-pasts zvans uzticība pakalpojums komanda "
                "konts projekts rēķins jautājums sūdzība budžets lēmums piezīme lieta kanāls prioritāte grafiks "
                "pārskats apjoms detaļa ieradums partneris piedāvājums līgums apmeklējums lete sveiciens atvainošanās "
                "atgādinājums"),
    "vi": _pool("khách_hàng cuộc_họp phản_hồi lời_hứa hạn_chót bản_tóm_tắt thư_điện_tử cuộc_gọi niềm_tin dịch_vụ nhóm "
                "tài_khoản dự_án hóa_đơn câu_hỏi khiếu_nại ngân_sách quyết_định ghi_chú hồ_sơ kênh_liên_lạc ưu_tiên "
                "lịch_hẹn đánh_giá phạm_vi chi_tiết thói_quen đối_tác đề_xuất hợp_đồng quầy lời_chào lời_xin_lỗi "
                "đường_đi"),
}
VERBS = {
    "en": _pool("confirm ask send note check agree review share record plan explain listen follow book prepare update "
                "thank offer call summarise"),
    "ms": _pool("sahkan tanya hantar catat semak setuju kongsi rekod rancang terangkan dengar ikuti tempah sediakan "
                "ucapkan tawarkan hubungi ringkaskan kemas_kini"),
    "lv": _pool("apstiprini jautā nosūti pieraksti pārbaudi vienojies dalies reģistrē plāno paskaidro klausies seko "
                "rezervē sagatavo atjaunini pateicies piedāvā piezvani apkopo"),
    "vi": _pool("xác_nhận hỏi gửi ghi_lại kiểm_tra thống_nhất chia_sẻ lưu lập_kế_hoạch giải_thích lắng_nghe theo_dõi "
                "đặt_lịch chuẩn_bị cập_nhật cảm_ơn đề_nghị gọi"),
}
LINKERS = {
    "en": _pool("the with for before after every each your our their a clear short written"),
    "ms": _pool("dengan untuk sebelum selepas setiap anda kami mereka yang jelas ringkas bertulis"),
    "lv": _pool("ar par pirms pēc katru savu mūsu viņu skaidru īsu rakstisku"),
    "vi": _pool("với cho trước sau mỗi của_bạn của_chúng_tôi rõ_ràng ngắn_gọn bằng_văn_bản"),
}
UI = {
    "en": {"why": "Why it matters", "do": "What to do", "avoid": "What to avoid", "example": "Example",
           "practice": "Put it into practice", "chapter": "Practice", "checklist": "Checklist", "terms": "Terms",
           "home": "Client relationship handbook", "quick": "Quick reference", "glossary": "Glossary",
           "templates": "Message templates", "sources": "Sources", "checklists": "Checklists",
           "pack": "Print pack", "section": "Pause point", "image": "Diagram of the steps", "see": "See",
           "template": "Template", "details": "Details", "rules": "The rules", "parts": "The parts",
           "use": "Which checklist for which moment"},
    "ms": {"why": "Mengapa perkara ini penting", "do": "Apa yang perlu dilakukan", "avoid": "Apa yang perlu dielakkan",
           "example": "Contoh", "practice": "Amalkan", "chapter": "Amalan", "checklist": "Senarai semak",
           "terms": "Istilah", "home": "Buku panduan hubungan pelanggan", "quick": "Rujukan pantas",
           "glossary": "Glosari", "templates": "Templat mesej", "sources": "Sumber", "checklists": "Senarai semak",
           "pack": "Pek cetakan", "section": "Titik henti", "image": "Rajah langkah-langkah", "see": "Lihat",
           "template": "Templat", "details": "Butiran", "rules": "Peraturan", "parts": "Bahagian",
           "use": "Senarai semak untuk setiap saat"},
    "lv": {"why": "Kāpēc tas ir svarīgi", "do": "Kā rīkoties", "avoid": "No kā izvairīties", "example": "Piemērs",
           "practice": "Izmēģini praksē", "chapter": "Prakse", "checklist": "Kontrolsaraksts", "terms": "Termini",
           "home": "Klientu attiecību rokasgrāmata", "quick": "Īsā atsauce", "glossary": "Glosārijs",
           "templates": "Ziņu veidnes", "sources": "Avoti", "checklists": "Kontrolsaraksti",
           "pack": "Drukas komplekts", "section": "Pauzes punkts", "image": "Soļu shēma", "see": "Skatīt",
           "template": "Veidne", "details": "Sīkāk", "rules": "Noteikumi", "parts": "Daļas",
           "use": "Kurš kontrolsaraksts kurā brīdī"},
    "vi": {"why": "Vì sao điều này quan trọng", "do": "Nên làm gì", "avoid": "Nên tránh gì", "example": "Ví dụ",
           "practice": "Áp dụng vào thực tế", "chapter": "Thực hành", "checklist": "Danh sách kiểm tra",
           "terms": "Thuật ngữ", "home": "Cẩm nang quan hệ khách hàng", "quick": "Tra cứu nhanh",
           "glossary": "Bảng thuật ngữ", "templates": "Mẫu tin nhắn", "sources": "Nguồn", "checklists": "Danh sách kiểm tra",
           "pack": "Bộ in", "section": "Điểm dừng", "image": "Sơ đồ các bước", "see": "Xem", "template": "Mẫu",
           "details": "Chi tiết", "rules": "Các quy tắc", "parts": "Các phần", "use": "Danh sách nào cho lúc nào"},
}
IMAGE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40" role="img" aria-label="steps">'
    '<rect x="2" y="10" width="30" height="20" fill="#3f51b5"/><rect x="45" y="10" width="30" height="20" '
    'fill="#5c6bc0"/><rect x="88" y="10" width="30" height="20" fill="#7986cb"/></svg>\n'
)


class SizeError(ValueError):
    """A page count the generator refuses, with the reason."""


def check_size(value: object) -> int:
    """The page count as an int, or SizeError saying what is wrong with it."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise SizeError(f"pages per language must be a whole number, got {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if not text.lstrip("+-").isdigit():
            raise SizeError(f"pages per language must be a whole number, got {value!r}")
        value = int(text)
    if value < MIN_PAGES:
        raise SizeError(f"pages per language must be at least {MIN_PAGES} (the fixed pages plus three chapters "
                        f"and a checklist), got {value}")
    if value > MAX_PAGES:
        raise SizeError(f"pages per language must be at most {MAX_PAGES}, got {value}")
    return value


class Tagged:
    """A YAML value with a tag (!ENV, !!python/name:...) kept as written, so it can be dumped back."""

    def __init__(self, tag: str, node: yaml.Node) -> None:
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: Tagged("!" + suffix, node))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/",
                              lambda loader, suffix, node: Tagged("tag:yaml.org,2002:python/" + suffix, node))
_Dumper.add_representer(Tagged, lambda dumper, data: data.node)


def load_config(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a mapping")
    return data


def dump_config(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


class Writer:
    """Deterministic text in one language."""

    def __init__(self, lang: str, seed: int) -> None:
        self.lang = lang
        self.rng = random.Random(seed)

    def words(self, count: int) -> list[str]:
        pools = (NOUNS[self.lang], LINKERS[self.lang], NOUNS[self.lang], VERBS[self.lang])
        return [self.rng.choice(pools[i % len(pools)]) for i in range(count)]

    def sentence(self, count: int) -> str:
        text = " ".join(self.words(count))
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int, words: int = 12) -> str:
        return " ".join(self.sentence(self.rng.randint(words - 4, words + 4)) for _ in range(sentences))

    def action(self, count: int) -> str:
        """A short instruction that starts with a verb (checklist items, steps)."""
        text = self.rng.choice(VERBS[self.lang]) + " " + " ".join(self.words(count - 1))
        return text[0].upper() + text[1:] + "."


def title_of(kind: str, lang: str, number: int) -> str:
    nouns, verbs = NOUNS[lang], VERBS[lang]
    noun = nouns[number % len(nouns)]
    verb = verbs[(number // len(nouns)) % len(verbs)]
    label = UI[lang]["chapter"] if kind == "chapter" else UI[lang]["checklist"] if kind == "checklist" else UI[lang]["terms"]
    return f"{label} {number} — {verb} {noun}"


class Plan:
    """Which pages exist, and how they link to each other (the same in every language)."""

    def __init__(self, pages: int) -> None:
        fixed = 9
        rest = pages - fixed
        chapters = min(max(3, round(0.55 * pages)), rest - 1)
        checklists = max(1, min(round(0.25 * pages), rest - chapters))
        self.term_pages = [f"reference/terms-{n:05d}.md" for n in range(1, rest - chapters - checklists + 1)]
        self.chapters: list[tuple[str, int]] = []  # (rel, part index)
        per_part = [chapters // 3 + (1 if i < chapters % 3 else 0) for i in range(3)]
        number = 0
        for part, count in enumerate(per_part):
            for _ in range(count):
                number += 1
                self.chapters.append((f"{PARTS[part][0]}/practice-{number:05d}.md", part))
        self.checklists = [f"checklists/checklist-{n:05d}.md" for n in range(1, checklists + 1)]
        # Each checklist puts one or two chapters into practice; those chapters link back to it.
        self.checklist_chapters: dict[str, list[str]] = {}
        self.chapter_checklists: dict[str, list[str]] = {rel: [] for rel, _ in self.chapters}
        count = len(self.chapters)
        for index, checklist in enumerate(self.checklists):
            first = self.chapters[(index * 2) % count][0]
            second = self.chapters[(index * 7 + 3) % count][0]
            names = [first] if first == second or index % 3 == 0 else [first, second]
            self.checklist_chapters[checklist] = names
            for name in names:
                self.chapter_checklists[name].append(checklist)
        self.fixed = ["index.md", "quick-reference.md", "glossary.md", "templates.md", "sources.md",
                      "contributing.md", "health.md", "checklists/index.md", "checklists/print-pack.md"]
        assert len(self.fixed) == fixed

    def all_pages(self) -> list[str]:
        return self.fixed + [rel for rel, _ in self.chapters] + self.checklists + self.term_pages

    def nav(self, group_size: int | None) -> list[Any]:
        def part(index: int) -> list[str]:
            return [rel for rel, p in self.chapters if p == index]

        return [
            "index.md",
            "quick-reference.md",
            *({title: grouped(part(i), group_size, "Practices")} for i, (_, title) in enumerate(PARTS)),
            {"Checklists": ["checklists/index.md", *grouped(self.checklists, group_size, "Checklists"),
                            "checklists/print-pack.md"]},
            {"Reference": ["templates.md", "glossary.md", *grouped(self.term_pages, group_size, "Terms"),
                           "sources.md", "contributing.md", "health.md"]},
        ]


def grouped(items: list[str], size: int | None, label: str, offset: int = 0) -> list[Any]:
    """Split a long list into nested groups of at most `size` entries each (flat when it already fits)."""
    if size is None or len(items) <= size:
        return list(items)
    per_group = size
    while math.ceil(len(items) / per_group) > size:
        per_group *= size
    groups: list[Any] = []
    for start in range(0, len(items), per_group):
        chunk = items[start : start + per_group]
        title = f"{label} {offset + start + 1}-{offset + start + len(chunk)}"
        groups.append({title: grouped(chunk, size, label, offset + start)})
    return groups


def front_matter(title: str, description: str, owner: str, reviewed: datetime.date,
                 extra: str = "", source: str | None = None) -> str:
    lines = ["---", f"title: {title}", f"description: {description}", f"owner: {owner}",
             f"last_reviewed: {reviewed.isoformat()}"]
    if extra:
        lines.append(extra.rstrip("\n"))
    if source is not None:
        # Quoted when it is all digits, or YAML would read it as a number.
        lines.append(f'source_hash: "{source}"' if source.isdigit() else f"source_hash: {source}")
    return "\n".join(lines) + "\n---\n\n"


def relative(from_rel: str, to_rel: str) -> str:
    return os.path.relpath(to_rel, os.path.dirname(from_rel) or ".").replace(os.sep, "/")


class Content:
    """The Markdown of every page in one language."""

    def __init__(self, plan: Plan, lang: str, roles: Sequence[str], today: datetime.date) -> None:
        self.plan, self.lang, self.roles, self.today = plan, lang, list(roles), today
        self.ui = UI[lang]
        self.titles: dict[str, str] = {}
        for number, (rel, _) in enumerate(plan.chapters, start=1):
            self.titles[rel] = title_of("chapter", lang, number)
        for number, rel in enumerate(plan.checklists, start=1):
            self.titles[rel] = title_of("checklist", lang, number)
        for number, rel in enumerate(plan.term_pages, start=1):
            self.titles[rel] = title_of("terms", lang, number)

    def head(self, rel: str, title: str, seed: int, extra: str = "", source: str | None = None) -> str:
        writer = Writer(self.lang, seed)
        reviewed = self.today - datetime.timedelta(days=seed % 90)
        owner = self.roles[seed % len(self.roles)]
        return front_matter(title, writer.sentence(10), owner, reviewed, extra, source) + f"# {title}\n\n"

    def link(self, from_rel: str, to_rel: str, anchor: str = "") -> str:
        return f"[{self.titles.get(to_rel, to_rel)}]({relative(from_rel, to_rel)}{'#' + anchor if anchor else ''})"

    def chapter(self, rel: str, number: int, source: str | None) -> str:
        ui, plan, w = self.ui, self.plan, Writer(self.lang, number * 31)
        count = len(plan.chapters)
        other = plan.chapters[(number * 13 + 5) % count][0]
        following = plan.chapters[number % count][0]
        term = f"term-{number % GLOSSARY_TERMS + 1}"
        parts = [self.head(rel, self.titles[rel], number, source=source), w.paragraph(2), "\n\n",
                 f"## {ui['why']} {{#why-it-matters}}\n\n", w.paragraph(3),
                 f" {ui['see']} [{ui['glossary']}]({relative(rel, 'glossary.md')}#{term}).\n\n",
                 f"## {ui['do']} {{#what-to-do}}\n\n"]
        for step in range(1, 6):
            parts.append(f"{step}. **{w.action(5)}** {w.sentence(12)}\n")
        parts.append(f"\n{ui['see']} {self.link(rel, other, 'what-to-do')}.\n\n")
        if number % 3 == 0:
            parts += [f"### {ui['details']} {{#details}}\n\n", w.paragraph(2), "\n\n"]
        parts += [f"## {ui['avoid']} {{#what-to-avoid}}\n\n"]
        parts += [f"- {w.sentence(9)}\n" for _ in range(4)]
        parts += [f"\n## {ui['example']} {{#example}}\n\n", w.paragraph(4), "\n\n"]
        if number % 10 == 1:
            parts.append(f"![{ui['image']}]({relative(rel, 'images/flow.svg')})\n\n")
        parts.append(f"## {ui['practice']} {{#put-it-into-practice}}\n\n")
        for checklist in plan.chapter_checklists[rel]:
            parts.append(f"- {ui['checklist']}: {self.link(rel, checklist)}\n")
        parts.append(f"- {ui['template']}: [{ui['templates']}]({relative(rel, 'templates.md')}#call-recap)\n")
        parts.append(f"- {ui['see']} {self.link(rel, following, 'example')}\n")
        return "".join(parts)

    def checklist(self, rel: str, number: int, source: str | None) -> str:
        ui, w = self.ui, Writer(self.lang, number * 17)
        chapters = self.plan.checklist_chapters[rel]
        meta = ["checklist:", f"  id: {Path(rel).stem}", f"  type: {'read-do' if number % 2 else 'do-confirm'}",
                f"  when: {w.sentence(8)}", f"  who: {self.roles[number % len(self.roles)]}", "  chapters:",
                *(f"    - {chapter}" for chapter in chapters), "  version: 1"]
        parts = [self.head(rel, self.titles[rel], number + 100_000, "\n".join(meta), source), w.sentence(12), "\n\n"]
        rng = random.Random(number)  # the same structure in every language
        for section in range(1, 2 + rng.randint(1, 2)):
            parts.append(f"## {ui['section']} {section} {{#pause-{section}}}\n\n")
            for item in range(1, rng.randint(3, 9) + 1):
                parts.append(f"- [ ] {w.action(rng.randint(4, 8))} {{#s{section}-item-{item}}}\n")
            parts.append("\n")
        if number % 4 == 0:
            parts.append(f"{ui['template']}: [{ui['templates']}]({relative(rel, 'templates.md')}#call-recap)\n")
        return "".join(parts)

    def terms(self, rel: str, number: int, source: str | None) -> str:
        w = Writer(self.lang, number * 7 + 3)
        parts = [self.head(rel, self.titles[rel], number + 200_000, source=source), w.paragraph(1), "\n\n"]
        for term in range(1, TERMS_PER_PAGE + 1):
            parts += [f"## {w.words(2)[0].capitalize()} {term} {{#t{number}-{term}}}\n\n", w.paragraph(2), "\n\n"]
        parts.append(f"{self.ui['see']} [{self.ui['glossary']}]({relative(rel, 'glossary.md')}#term-1).\n")
        return "".join(parts)

    def fixed(self, rel: str, source: str | None) -> str:
        ui, plan, w = self.ui, self.plan, Writer(self.lang, len(rel) * 101)
        seed = 300_000 + sum(map(ord, rel))
        if rel == "index.md":
            parts = [self.head(rel, ui["home"], seed, source=source), w.paragraph(2), "\n\n",
                     f"## {ui['parts']} {{#parts}}\n\n"]
            for index in range(3):
                first = next(r for r, p in plan.chapters if p == index)
                parts.append(f"{index + 1}. {self.link(rel, first)}: {w.sentence(8)}\n")
            parts += [f"\n## {ui['use']} {{#use-this-checklist}}\n\n"]
            parts += [f"- {w.sentence(6)} {self.link(rel, c)}\n" for c in plan.checklists[:10]]
            parts += [f"\n- [{ui['quick']}](quick-reference.md)\n", f"- [{ui['checklists']}](checklists/index.md)\n",
                      f"- [{ui['glossary']}](glossary.md)\n", f"- [{ui['templates']}](templates.md)\n",
                      f"- [{ui['sources']}](sources.md)\n"]
            return "".join(parts)
        if rel == "quick-reference.md":
            parts = [self.head(rel, ui["quick"], seed, source=source), w.sentence(10), "\n\n",
                     f"## {ui['rules']} {{#rules}}\n\n"]
            parts += [f"{i}. **{w.action(7)}** {self.link(rel, c)}\n" for i, (c, _) in enumerate(plan.chapters[:12], 1)]
            return "".join(parts)
        if rel == "glossary.md":
            parts = [self.head(rel, ui["glossary"], seed, source=source), w.paragraph(1), "\n\n"]
            for term in range(1, GLOSSARY_TERMS + 1):
                parts += [f"### {w.words(2)[0].capitalize()} {term} {{#term-{term}}}\n\n", w.paragraph(2), "\n\n"]
            return "".join(parts)
        if rel == "templates.md":
            parts = [self.head(rel, ui["templates"], seed, source=source), w.paragraph(1), "\n\n"]
            for number, template in enumerate(TEMPLATE_IDS, start=1):
                parts += [f"## {ui['template']} {number} {{#{template}}}\n\n", w.sentence(10), "\n\n", "```text\n",
                          f"Subject: [PROJECT NAME] {w.sentence(4)}\n\nHi [CLIENT NAME],\n\n{w.paragraph(2)}\n\n"
                          "[YOUR NAME]\n```\n\n"]
            return "".join(parts)
        if rel == "sources.md":
            return self.head(rel, ui["sources"], seed, source=source) + w.paragraph(3) + "\n"
        if rel == "contributing.md":
            return (self.head(rel, "Contributing", seed) + w.paragraph(3) + "\n\n## Checklists {#checklists}\n\n"
                    + w.paragraph(2) + "\n")
        if rel == "health.md":
            return self.head(rel, "Content health", seed) + "This page is generated at every build from the sources.\n"
        if rel == "checklists/index.md":
            parts = [self.head(rel, ui["checklists"], seed, source=source), w.paragraph(1), "\n\n",
                     f"## {ui['use']} {{#which-checklist}}\n\n", f"| {ui['checklist']} | {ui['details']} |\n| --- | --- |\n"]
            parts += [f"| {self.link(rel, c)} | {w.sentence(5)} |\n" for c in plan.checklists]
            parts.append(f"\n{ui['pack']}: [{ui['pack']}](print-pack.md)\n")
            return "".join(parts)
        if rel == "checklists/print-pack.md":
            return self.head(rel, ui["pack"], seed, source=source) + w.sentence(12) + "\n"
        raise KeyError(rel)

    def page(self, rel: str, source: str | None = None) -> str:
        if rel in self.plan.checklist_chapters:
            return self.checklist(rel, self.plan.checklists.index(rel) + 1, source)
        if rel.startswith("reference/terms-"):
            return self.terms(rel, int(rel[-8:-3]), source)
        if rel in self.plan.fixed:
            return self.fixed(rel, source)
        return self.chapter(rel, int(rel[-8:-3]), source)


def project_config(plan: Plan, languages: Sequence[str], group_size: int | None) -> dict[str, Any]:
    """The real mkdocs.yml with this project's nav, languages and absolute theme and hook paths."""
    config = load_config(ROOT / "mkdocs.yml")
    config["docs_dir"] = "docs"
    config.pop("site_dir", None)
    theme = config.setdefault("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((ROOT / theme["custom_dir"]).resolve())
    config["hooks"] = [str((ROOT / hook).resolve()) for hook in config.get("hooks") or []]
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            options = plugin["i18n"]
            options["languages"] = [lang for lang in options["languages"] if lang["locale"] in languages]
    config["nav"] = plan.nav(group_size)
    extra = config.setdefault("extra", {})
    handbook = extra.setdefault("handbook", {})
    handbook["english_only"] = list(ENGLISH_ONLY)
    config.pop("not_in_nav", None)
    return config


def review_day() -> datetime.date:
    """A recent review date that is never in the future for the hook, whatever HANDBOOK_TODAY says."""
    today = datetime.date.today()
    fixed = os.environ.get("HANDBOOK_TODAY")
    return min(today, datetime.date.fromisoformat(fixed)) if fixed else today


def _prepare_target(target: Path) -> None:
    target = target.resolve()
    docs = (ROOT / "docs").resolve()
    if target == ROOT.resolve() or target == docs or docs in target.parents or target in docs.parents:
        raise ValueError(f"refusing to generate into {target}: use a temporary folder outside the real handbook")
    if target.exists():
        if not target.is_dir():
            raise ValueError(f"{target} exists and is not a folder")
        if any(target.iterdir()) and not (target / MARKER).exists():
            raise ValueError(f"{target} is not empty and was not made by this generator: choose an empty folder")
        for child in ("docs", "site", "data"):
            shutil.rmtree(target / child, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    (target / MARKER).write_text("made by tools/generate_handbook.py; safe to delete\n", encoding="utf-8")


def generate(target: Path, pages_per_language: int, languages: Iterable[str] = ALL_LANGUAGES,
             group_size: int | None = DEFAULT_GROUP_SIZE) -> Path:
    """Write a complete handbook project with `pages_per_language` pages in each language into `target`."""
    if isinstance(pages_per_language, str):
        raise SizeError(f"pages per language must be an int, got the text {pages_per_language!r}")
    pages = check_size(pages_per_language)
    langs = tuple(dict.fromkeys(languages))
    unknown = [lang for lang in langs if lang not in ALL_LANGUAGES]
    if unknown or "en" not in langs:
        raise ValueError(f"languages must include en and be among {', '.join(ALL_LANGUAGES)}, got {', '.join(langs)}")
    if group_size is not None and (isinstance(group_size, bool) or not isinstance(group_size, int) or group_size < 2):
        raise ValueError(f"group_size must be a whole number of at least 2, or None, got {group_size!r}")
    langs = ("en", *(lang for lang in langs if lang != "en"))
    target = Path(target)
    _prepare_target(target)
    shutil.copytree(ROOT / "data", target / "data")
    plan = Plan(pages)
    roles = sorted(yaml.safe_load((ROOT / "data" / "roles.yml").read_text(encoding="utf-8")))
    today = review_day()
    english = Content(plan, "en", roles, today)
    written: dict[str, str] = {}
    for rel in plan.all_pages():
        written[rel] = english.page(rel)
    for lang in langs:
        content = english if lang == "en" else Content(plan, lang, roles, today)
        root = target / "docs" / lang
        for folder in {str(Path(rel).parent) for rel in plan.all_pages()} | {"images"}:
            (root / folder).mkdir(parents=True, exist_ok=True)
        (root / "images" / "flow.svg").write_text(IMAGE_SVG, encoding="utf-8")
        for rel, text in written.items():
            if lang != "en":
                if rel in ENGLISH_ONLY:
                    continue
                text = content.page(rel, source_hash(text))
            (root / rel).write_text(text, encoding="utf-8")
    (target / "mkdocs.yml").write_text(dump_config(project_config(plan, langs, group_size)), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.generate_handbook", description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", help=f"pages per language, {MIN_PAGES} to {MAX_PAGES}")
    parser.add_argument("target", type=Path, help="folder to write the project into (outside docs/)")
    parser.add_argument("--languages", default=",".join(ALL_LANGUAGES), help="comma-separated, en first")
    parser.add_argument("--group-size", default=str(DEFAULT_GROUP_SIZE),
                        help="largest nav section before it is split into groups; 'none' keeps every section flat")
    args = parser.parse_args(argv)
    try:
        pages = check_size(args.pages)
        group = None if args.group_size.lower() == "none" else check_group(args.group_size)
        target = generate(args.target, pages, [lang.strip() for lang in args.languages.split(",") if lang.strip()],
                          group_size=group)
    except (SizeError, ValueError) as error:
        print(f"generate_handbook: {error}", file=sys.stderr)
        return 2
    count = sum(1 for _ in (target / "docs").rglob("*.md"))
    print(f"wrote {count} Markdown pages ({pages} per language) to {target}")
    return 0


def check_group(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 2:
        raise ValueError(f"--group-size must be a whole number of at least 2 or 'none', got {text!r}")
    return int(text)


if __name__ == "__main__":
    sys.exit(main())
