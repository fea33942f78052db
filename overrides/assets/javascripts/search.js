/*
 * Handbook search: Material's header search box, answered by Pagefind.
 *
 * - The index is built by tools/search_index.py into <site>/pagefind/. Pagefind loads the index of the
 *   page's <html lang>, so results are only pages in the reader's language.
 * - Pagefind matches with or without diacritics and ranks the exact spelling first. On top of that this
 *   script widens the query where Pagefind has no stemmer:
 *     lv: each word also searched without its inflectional ending (klientiem -> klient), which Pagefind
 *         matches as a prefix (klients, klienta, klientam, klientu ...); pages with the typed form score
 *         higher because both searches count.
 *     vi: "d" is also tried as "đ" (not a diacritic to Unicode, so Pagefind does not fold it).
 *     ms: Malay is indexed with Pagefind's Indonesian stemmer (meng-/ber-/di-/pe(r)-, -kan/-an/-i,
 *         -nya); a word whose k or t a nasal prefix swallowed is also tried the other way
 *         (kendali <-> mengendalikan, tulis <-> menulis).
 *   English needs nothing here: Pagefind stems it.
 * - Keyboard as in Material: "/", "s" or "f" focuses the box, arrows move through results, Enter opens
 *   the first result, Escape closes.
 *
 * No inline script, no third-party host: pagefind.js is imported from the site itself. Needs CSP
 * script-src 'self' 'wasm-unsafe-eval', worker-src 'self' (Pagefind runs in a web worker when it can),
 * connect-src 'self' (index chunks are fetched).
 */
(() => {
  "use strict";

  const root = document.querySelector("[data-hb-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle) return;

  const form = root.querySelector("[data-hb-search-form]");
  const input = root.querySelector("[data-hb-search-query]");
  const result = root.querySelector("[data-hb-search-result]");
  const meta = result.querySelector(".md-search-result__meta");
  const list = result.querySelector(".md-search-result__list");
  const scrollwrap = root.querySelector(".md-search__scrollwrap");
  const label = (name) => root.getAttribute(`data-hb-label-${name}`) || "";

  const lang = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
  const bundleUrl = new URL(root.getAttribute("data-hb-bundle") || "pagefind/", document.baseURI);
  const baseUrl = new URL("..", bundleUrl).pathname; // "/" or "/handbook/"

  const PAGE_SIZE = 10;
  const SECTIONS_SHOWN = 2;
  const DEBOUNCE_MS = 60;

  /* ---------------------------------------------------------------- query forms per language */

  // Latvian inflectional endings (nouns, adjectives, common verb forms), with and without long vowels
  // so that a query typed without diacritics loses its ending too. Longest first.
  const LV_ENDINGS = [
    "ajiem", "ajām", "ajam", "ajai", "ajās", "ajos", "ajas", "ājam", "ājat",
    "iem", "ais", "ām", "ēm", "īm", "ās", "ēs", "īs", "ai", "ei", "am", "em", "im", "um",
    "os", "us", "as", "es", "is", "ie", "ij", "ot", "āt", "ēt", "īt", "at", "et", "it",
    "ā", "ē", "ī", "ū", "s", "š", "a", "e", "i", "u", "o", "t",
  ].sort((a, b) => b.length - a.length);
  const LV_MIN_STEM = 4;

  const stemLatvian = (word) => {
    for (const ending of LV_ENDINGS) {
      if (word.length - ending.length >= LV_MIN_STEM && word.endsWith(ending)) {
        return word.slice(0, -ending.length);
      }
    }
    return word;
  };

  const words = (query) => query.normalize("NFC").toLocaleLowerCase(lang).split(/\s+/).filter(Boolean);

  /* Spelling variants: searched separately, a page keeps its best score. */
  const spellings = (query) => {
    const terms = words(query);
    if (lang !== "vi") return [terms];
    // Vietnamese đ has no Unicode decomposition: "dung" must also try "đung" (đúng, đừng ...).
    const open = terms.map((t, i) => (t.startsWith("d") ? i : -1)).filter((i) => i >= 0).slice(0, 4);
    let variants = [terms];
    for (const i of open) {
      variants = variants.flatMap((v) => [v, v.map((t, j) => (j === i ? "đ" + t.slice(1) : t))]);
    }
    return variants;
  };

  // Malay: the Indonesian stemmer Pagefind uses for Malay strips meng-/men- but cannot restore the k or
  // t they replace (mengendalikan -> endali, but kendali -> kendali). Also search the other spelling.
  const VOWEL = /^[aeiou]/;
  const malayNasal = (word) => {
    if (word.length < 5) return word;
    if (/^[kt]/.test(word) && VOWEL.test(word.slice(1))) return (word[0] === "k" ? "meng" : "men") + word.slice(1);
    for (const [prefix, initial] of [["meng", "k"], ["peng", "k"], ["men", "t"], ["pen", "t"]]) {
      const rest = word.slice(prefix.length);
      if (word.startsWith(prefix) && VOWEL.test(rest) && rest.length >= 4) return initial + rest;
    }
    return word;
  };

  /* Word-form variants: all searched, a page's scores are added up (exact form + other forms). */
  const forms = (terms) => {
    const exact = terms.join(" ");
    const widen = { lv: stemLatvian, ms: malayNasal }[lang];
    if (!widen) return [exact];
    const other = terms.map(widen).join(" ");
    return other === exact ? [exact] : [exact, other];
  };

  /* ---------------------------------------------------------------- Pagefind */

  let pagefind = null;
  const loadPagefind = () => {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundleUrl).href).then(async (pf) => {
        await pf.options({ basePath: bundleUrl.pathname, baseUrl, excerptLength: 24 });
        await pf.init();
        return pf;
      });
      pagefind.catch((error) => {
        console.error("Search could not load its index from", bundleUrl.href, error);
        pagefind = null;
      });
    }
    return pagefind;
  };

  /* Vietnamese words are runs of syllables, and one syllable typed without its marks matches many
     (kho: kho, khó, khô, khổ ...). Pages where two query syllables stand side by side, as a phrase,
     get a bonus; rarer pairs count more (a pair on every page, like "khách hàng", adds nothing). */
  const phraseBonus = async (pf, terms, scores) => {
    if (lang !== "vi" || terms.length < 2 || !scores.size) return;
    const pairs = terms.slice(1).map((t, i) => `"${terms[i]} ${t}"`);
    const runs = await Promise.all(pairs.map((q) => pf.search(q)));
    const top = Math.max(...[...scores.values()].map((e) => e.score));
    const n = scores.size + 1;
    for (const run of runs) {
      const hits = run?.results || [];
      if (!hits.length) continue;
      const rarity = Math.max(0, Math.log(n / hits.length) / Math.log(n));
      for (const hit of hits) {
        const entry = scores.get(hit.id);
        if (entry) entry.score += top * rarity;
      }
    }
  };

  const search = async (pf, query) => {
    const best = new Map();
    for (const terms of spellings(query)) {
      const scores = new Map();
      const runs = await Promise.all(forms(terms).map((q) => pf.search(q)));
      for (const run of runs) {
        for (const hit of run?.results || []) {
          const seen = scores.get(hit.id);
          scores.set(hit.id, { hit, score: (seen ? seen.score : 0) + hit.score });
        }
      }
      await phraseBonus(pf, terms, scores);
      for (const [id, entry] of scores) {
        if (!best.has(id) || best.get(id).score < entry.score) best.set(id, entry);
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score).map((entry) => entry.hit);
  };

  /* ---------------------------------------------------------------- rendering */

  const escapeHtml = (text) =>
    String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  const count = (n, one, other) => (n === 1 ? label(one) : label(other).replace("#", String(n))).trim();

  // Pagefind's excerpt of a page or section often starts with its heading, which is shown just above.
  const withoutHeading = (excerpt, title) => {
    const heading = escapeHtml(title);
    if (!excerpt.startsWith(heading)) return excerpt;
    const rest = excerpt.slice(heading.length).replace(/^[\s.:?!]+/, "");
    return rest || excerpt;
  };

  const link = (url, title, excerpt, isDocument) => {
    excerpt = withoutHeading(excerpt, title);
    const a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    const icon = isDocument ? '<div class="md-search-result__icon md-icon"></div>' : "";
    const heading = isDocument ? "h1" : "h2";
    a.innerHTML =
      `<article class="md-search-result__article md-typeset${isDocument ? " md-search-result__article--document" : ""}">` +
      `${icon}<${heading}>${escapeHtml(title)}</${heading}><p>${excerpt}</p></article>`;
    return a;
  };

  const renderItem = (data) => {
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    const title = data.meta?.title || data.url;
    item.append(link(data.url, title, data.excerpt, true));
    // Sections of the page that matched, best first (Pagefind's sub-results; the first one is the page top).
    const sections = (data.sub_results || [])
      .filter((sub) => sub.url !== data.url && sub.url.includes("#") && sub.title && sub.title !== title)
      .sort((a, b) => (b.locations?.length || 0) - (a.locations?.length || 0));
    for (const sub of sections.slice(0, SECTIONS_SHOWN)) item.append(link(sub.url, sub.title, sub.excerpt, false));
    const more = sections.slice(SECTIONS_SHOWN);
    if (more.length) {
      const details = document.createElement("details");
      details.className = "md-search-result__more";
      const summary = document.createElement("summary");
      summary.tabIndex = -1;
      summary.innerHTML = `<div>${escapeHtml(count(more.length, "more-one", "more-other"))}</div>`;
      details.append(summary, ...more.map((sub) => link(sub.url, sub.title, sub.excerpt, false)));
      item.append(details);
    }
    return item;
  };

  let generation = 0;
  let pending = [];
  let rendering = false;

  const showMeta = (text) => {
    meta.textContent = text;
  };

  const renderMore = async (current) => {
    if (rendering || !pending.length) return;
    rendering = true;
    const batch = pending.splice(0, PAGE_SIZE);
    const data = await Promise.all(batch.map((hit) => hit.data()));
    rendering = false;
    if (current !== generation) return;
    list.append(...data.map(renderItem));
  };

  const run = async (query) => {
    const current = ++generation;
    if (!query.trim()) {
      pending = [];
      list.replaceChildren();
      showMeta(label("placeholder"));
      root.setAttribute("data-hb-search-done", "");
      return;
    }
    let pf;
    try {
      pf = await loadPagefind();
    } catch {
      showMeta(label("initializer"));
      return;
    }
    const hits = await search(pf, query);
    if (current !== generation) return;
    const total = hits.length;
    pending = hits;
    const first = await Promise.all(pending.splice(0, PAGE_SIZE).map((hit) => hit.data()));
    if (current !== generation) return;
    showMeta(total ? count(total, "one", "other") : label("none"));
    list.replaceChildren(...first.map(renderItem));
    scrollwrap.scrollTop = 0;
    root.setAttribute("data-hb-search-done", query);
  };

  let timer = 0;
  input.addEventListener("input", () => {
    const query = input.value;
    root.removeAttribute("data-hb-search-done");
    clearTimeout(timer);
    if (query.trim()) {
      loadPagefind()
        .then((pf) => spellings(query).forEach((terms) => forms(terms).forEach((q) => pf.preload(q))))
        .catch(() => {});
    }
    timer = setTimeout(() => run(query), DEBOUNCE_MS);
  });

  scrollwrap.addEventListener("scroll", () => {
    if (scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 64) renderMore(generation);
  });

  /* ---------------------------------------------------------------- opening, closing, keyboard */

  const open = () => {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  };
  const close = () => {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  };

  input.addEventListener("focus", () => {
    open();
    loadPagefind().then(() => {
      if (!input.value.trim() && meta.textContent.trim() === label("initializer")) showMeta(label("placeholder"));
    }, () => {});
  });
  toggle.addEventListener("change", () => {
    if (toggle.checked && document.activeElement !== input) input.focus();
    if (!toggle.checked && document.activeElement === input) input.blur();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => {
      input.dispatchEvent(new Event("input"));
      input.focus();
    });
  });
  result.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) close();
  });

  const typing = (el) =>
    el instanceof HTMLElement &&
    (el.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName));

  const focusable = () => [
    input,
    ...list.querySelectorAll(":scope > li > a[href], :scope > li > details > summary, :scope > li > details[open] > a[href]"),
  ];

  window.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
    const active = document.activeElement;
    if (!toggle.checked) {
      if (!typing(active) && ["/", "s", "f"].includes(event.key)) {
        event.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    switch (event.key) {
      case "Escape":
      case "Tab":
        if (event.key === "Escape") event.preventDefault();
        close();
        break;
      case "Enter":
        if (active === input) {
          event.preventDefault();
          const first = list.querySelector("a[href]");
          if (first) first.click();
        }
        break;
      case "ArrowUp":
      case "ArrowDown": {
        const items = focusable();
        const at = Math.max(0, items.indexOf(active));
        const next = (at + items.length + (event.key === "ArrowUp" ? -1 : 1)) % items.length;
        items[next].focus();
        event.preventDefault();
        break;
      }
      default:
        if (active !== input && event.key.length === 1 && !(event.key === " " && active?.tagName === "SUMMARY")) {
          input.focus();
        }
    }
  });
})();
