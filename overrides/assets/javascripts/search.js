/*
 * Handbook search: Material's header search box, answered by Pagefind.
 *
 * - The index is built by tools/search_index.py into <site>/pagefind/. Pagefind loads the index of the
 *   page's <html lang>, so results are only pages in the reader's language.
 * - Pagefind matches with or without diacritics and ranks the exact spelling first. On top of that this
 *   script widens the query where Pagefind has no stemmer:
 *     lv: each word also searched without its inflectional ending (klientiem -> klient), which Pagefind
 *         matches as a prefix (klients, klienta, klientam, klientu ...), and with a softened stem
 *         unsoftened (brāļ- -> brāl-; d -> ž); pages with the typed form score higher.
 *     vi: "d" is also tried as "đ" (not a diacritic to Unicode, so Pagefind does not fold it); pages
 *         where the query's syllables stand side by side get a bonus.
 *     ms: Malay is indexed with Pagefind's Indonesian stemmer (meng-/ber-/di-/pe(r)-, -kan/-an/-i,
 *         -nya); a word whose k or t a nasal prefix swallowed is also tried the other way
 *         (kendali <-> mengendalikan, tulis <-> menulis); reduplication (aduan-aduan) is one word.
 *   English needs nothing here: Pagefind stems it.
 * - Every word (or phrase of the synonym table, pagefind/hb-synonyms.<lang>.json) is searched on its
 *   own, so a word no page uses cannot empty the list. Pages with every typed word come first; when
 *   there is none, synonyms are searched, then the best partial matches are shown, and a notice says
 *   so. Pages' keywords (front matter) weigh like sub-headings in the index (tools/search_index.py).
 * - Each result shows its kind (chapter, checklist ...) and nav section, from Pagefind metadata; on a
 *   near tie chapters and checklists come before reference pages. Texts are per language, in
 *   partials/search.html.
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

  // Results whose text is fetched at once (the rest on scrolling): each costs a fragment download, paid again
  // for every keystroke that changes the list, and the first query must stay within 250 KiB with Pagefind
  // itself (tests/browser/test_search_intents.py). The box shows two or three results before scrolling.
  const PAGE_SIZE = 5;
  const SECTIONS_SHOWN = 2;
  const DEBOUNCE_MS = 60;
  // A word still being typed that is this short (1-2 letters; 1 in Vietnamese, whose syllables are often two
  // letters) matches as a prefix so many index words that Pagefind would fetch a large part of the index for
  // it: it is not preloaded, and the query waits for a pause in typing before it is searched.
  const MIN_PREFIX = lang === "vi" ? 2 : 3;
  const SHORT_WORD_DEBOUNCE_MS = 300;

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


  // Latvian consonant alternation: a stem that ends in a softened consonant (brāļ-a, lāč-a, dzīvokļ-a) is
  // also searched with the plain one (brāl-, lāc-, dzīvokl-); the other way round needs nothing, as
  // Pagefind matches without diacritics, so the prefix brāl- already finds brāļa.
  const LV_ALTERNATION = [["šņ", "sn"], ["žņ", "zn"], ["šļ", "sl"], ["žļ", "zl"], ["ļļ", "ll"], ["ņņ", "nn"],
    ["bj", "b"], ["pj", "p"], ["mj", "m"], ["vj", "v"], ["ļ", "l"], ["ņ", "n"], ["š", "s"], ["ž", "z"],
    ["č", "c"], ["ķ", "k"], ["ģ", "g"]];
  // Plain to soft where folding marks does not help: d -> ž (sekunde, sekunžu). (t -> š is left out: it
  // would add a search to every word in -t, klients included, for the rare noun that needs it.)
  const LV_SOFTENING = [["d", "ž"]];
  const latvianForms = (word) => {
    const stem = stemLatvian(word);
    const out = new Set([stem]);
    for (const [soft, plain] of LV_ALTERNATION) {
      if (stem.endsWith(soft)) { out.add(stem.slice(0, -soft.length) + plain); break; }
    }
    for (const [plain, soft] of LV_SOFTENING) {
      if (stem !== word && stem.endsWith(plain)) out.add(stem.slice(0, -plain.length) + soft);
    }
    return [...out];
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
  // Malay reduplication: pelanggan-pelanggan, kanak-kanak, berbual-bual -> the repeated word.
  const malayForms = (word) => {
    const parts = word.split("-");
    const base = parts.length === 2 && parts[0].endsWith(parts[1].replace(/(nya|lah)$/, "")) ? parts[0] : word;
    return [...new Set([base, malayNasal(base)])];
  };

  // Vietnamese đ has no Unicode decomposition: "dung" must also try "đung" (đúng, đừng ...).
  const vietnameseForms = (word) => (word.startsWith("d") ? [word, "đ" + word.slice(1)] : [word]);

  /* The spellings of one typed word that are all searched; a page's scores over them are added up
     (the exact form counts on top of the stem, so pages with the typed form come first). */
  const wordForms = (word) => {
    const widen = { lv: latvianForms, ms: malayForms, vi: vietnameseForms }[lang];
    return [...new Set([word, ...(widen ? widen(word) : [])])];
  };

  const toneless = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d");
  /* Little words (pronouns, prepositions, "how", "should" ...) are still searched, but do not decide the
     ranking: a rare one ("my" is on two pages) would otherwise outweigh the words that carry the meaning,
     and a page without it would drop out of the "every word" tier. A word typed with its marks must match a
     listed word exactly (Vietnamese "trọng" is not "trong"); one typed without marks matches without them. */
  const LITTLE_WORDS = {
    en: "a an the i me my we us our you your he she it they them their this that these those to of for in on at " +
      "by with from about into is are was were be been am do does did can could should would will wont won't " +
      "shall may might must have has had and or but if so as what when how who which where why any " +
      "some there here just still than then also",
    ms: "saya aku kami kita anda awak kau dia ia mereka yang dan atau tetapi di ke dari daripada untuk dengan " +
      "pada oleh nak hendak kena perlu mesti boleh akan sudah dah telah sedang masih apa macam mana bagaimana " +
      "kenapa mengapa bila apabila ini itu ada adalah ialah lagi pun juga je saja sahaja " +
      "lah kah tu ni kepada dalam kat tentang pasal kalau jika sebab kerana patut harus siapa berapa kamu korang " +
      "yg utk dgn nk mcm",
    lv: "es tu viņš viņa mēs jūs viņi viņas man tev mums jums mūsu jūsu savs sava savu ko kā kas kur kad kāpēc " +
      "ar uz no par pie pēc līdz pret aiz pār un vai bet ja lai ka jo arī vēl tikai ir bija būs esmu " +
      "esam tas tā tie tās šis šī to tad te tur kurš kura kuru kuri kuram cik kāds kāda kādu mans mana manu " +
      "mani tavs viņu viņam viņai viņiem sev sevi šo šie šīs tam tai tiem pa dēļ caur starp zem virs gan taču " +
      "tomēr jeb nekā kamēr kaut nevis esat būt tiek tika",
    vi: "tôi mình anh em ông bà chúng ta của và hoặc nhưng thì là mà có được bị cho với khi nào gì này đó kia " +
      "những các một để rất đã đang sẽ hãy nên phải làm sao ở trong ra vào lên xuống lại nữa ai đâu nếu vì " +
      "về từ đến rồi vậy ạ nhé ấy nó cái cần thể mấy",
  };
  const littleList = (LITTLE_WORDS[lang] || "").split(" ").filter(Boolean);
  const littleExact = new Set(littleList);
  const littleBare = new Set(littleList.map(toneless));
  const isLittle = (phrase) =>
    !phrase.includes(" ") && (toneless(phrase) === phrase ? littleBare.has(phrase) : littleExact.has(phrase));

  const words = (query) =>
    query.normalize("NFC").toLocaleLowerCase(lang).replace(/[^\p{L}\p{N}\s'-]/gu, " ").split(/\s+/).filter(Boolean);

  /* ---------------------------------------------------------------- synonyms and query plan */

  let synonyms = null; // phrase (toneless, lowercase) -> its group
  const loadSynonyms = () => {
    if (!synonyms) {
      synonyms = fetch(new URL(`hb-synonyms.${lang}.json`, bundleUrl))
        .then((response) => (response.ok ? response.json() : []))
        .catch(() => [])
        .then((groups) => {
          const byPhrase = new Map();
          for (const group of groups) for (const phrase of group) byPhrase.set(toneless(phrase), group);
          return byPhrase;
        });
    }
    return synonyms;
  };

  /* A query is a list of groups: each typed word, or a phrase of the synonym table, with the other
     members of its synonym group as alternatives. */
  const plan = (terms, byPhrase) => {
    const groups = [];
    for (let i = 0; i < terms.length; ) {
      let taken = 1;
      let others = [];
      for (let n = Math.min(4, terms.length - i); n >= 1; n--) {
        const phrase = terms.slice(i, i + n).join(" ");
        const group = byPhrase.get(toneless(phrase));
        if (group) {
          taken = n;
          others = group.filter((member) => toneless(member) !== toneless(phrase));
          break;
        }
      }
      groups.push({ typed: terms.slice(i, i + taken).join(" "), others });
      i += taken;
    }
    return groups;
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

  // One Pagefind search per distinct string, shared by all the groups of a query.
  const runAll = async (pf, queries) => {
    const unique = [...new Set(queries)];
    const runs = await Promise.all(unique.map((q) => pf.search(q)));
    return new Map(unique.map((q, i) => [q, runs[i]?.results || []]));
  };

  // Scores of one phrase: each word with its forms (added up), the words of a phrase all required.
  const phraseQueries = (phrase) => {
    const parts = phrase.split(" ");
    if (parts.length > 1) return [phrase];
    return wordForms(parts[0]);
  };
  const phraseScores = (phrase, found) => {
    const scores = new Map();
    for (const q of phraseQueries(phrase)) {
      for (const hit of found.get(q) || []) {
        const seen = scores.get(hit.id);
        scores.set(hit.id, { hit, score: (seen ? seen.score : 0) + hit.score });
      }
    }
    return scores;
  };

  const SYNONYM_WEIGHT = 0.8;

  /* Vietnamese words are runs of syllables, and one syllable typed without its marks matches many
     (kho: kho, khó, khô, khổ ...). Pages where two query syllables stand side by side, as a phrase,
     get a bonus; rarer pairs count more (a pair on every page, like "khách hàng", adds nothing). */
  // The pairs are searched alongside the words (not after them), so they add no wait of their own.
  const pairSearches = (pf, terms) => {
    if (lang !== "vi" || terms.length < 2) return Promise.resolve([]);
    const pairs = terms.slice(1).map((t, i) => `"${terms[i]} ${t}"`);
    return Promise.all(pairs.map((q) => pf.search(q)));
  };
  const phraseBonus = (runs, scores) => {
    if (!runs.length || !scores.size) return;
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

  /* Step by step, in one list: pages with every typed word (in any of its forms) first, ranked by
     Pagefind; then pages that have every word once synonyms count; then pages with part of the query,
     by the share of it they cover (rarer words weigh more). Every group is searched on its own, so one
     word the handbook does not use cannot empty the list; the notice says which step the first result
     came from. */
  const search = async (pf, query, stale) => {
    const terms = words(query);
    const pairRuns = pairSearches(pf, terms);
    const groups = plan(terms, await loadSynonyms());
    // The words that carry the meaning: all of them decide the tiers; little words only add to a score.
    const meaning = groups.map((g) => !isLittle(g.typed));
    if (!meaning.some(Boolean)) meaning.fill(true);
    const kept = terms.filter((t) => !isLittle(t));
    const wholeTerms = kept.length ? kept : terms;
    const wholes = [...new Set([wholeTerms.join(" "), wholeTerms.map((w) => wordForms(w).at(-1)).join(" ")])];
    const found = await runAll(pf, [...groups.flatMap((g) => phraseQueries(g.typed)), ...wholes]);
    // A newer keystroke has started its own search: stop here rather than queue more work in Pagefind's worker.
    if (stale()) return null;
    // Synonyms are a fallback step: searched only when no page has every typed word, which also keeps
    // a query to the index chunks of the words typed.
    const idsOf = (phrase) => new Set(phraseQueries(phrase).flatMap((q) => (found.get(q) || []).map((hit) => hit.id)));
    const typedSets = groups.map((g) => idsOf(g.typed)).filter((_, index) => meaning[index]);
    const everyTyped = [...(typedSets[0] || [])].some((id) => typedSets.every((ids) => ids.has(id)));
    if (!everyTyped) {
      const more = await runAll(pf, groups.flatMap((g) => g.others.flatMap(phraseQueries)));
      if (stale()) return null;
      for (const [q, hits] of more) if (!found.has(q)) found.set(q, hits);
    }
    const pages = new Map(); // id -> {hit, score, parts: Map(group index -> entry), tier}
    const frequency = groups.map(() => 0);
    groups.forEach((group, index) => {
      const best = new Map();
      for (const [id, entry] of phraseScores(group.typed, found)) best.set(id, { ...entry, typed: true });
      for (const other of group.others) {
        for (const [id, entry] of phraseScores(other, found)) {
          const score = entry.score * SYNONYM_WEIGHT;
          if (!best.has(id) || best.get(id).score < score) best.set(id, { hit: entry.hit, score, typed: false, word: other });
        }
      }
      frequency[index] = best.size;
      for (const [id, entry] of best) {
        const page = pages.get(id) || { hit: entry.hit, score: 0, parts: new Map(), whole: 0 };
        page.score += entry.score;
        page.parts.set(index, entry);
        pages.set(id, page);
      }
    });
    for (const whole of wholes) {
      for (const hit of found.get(whole) || []) {
        const page = pages.get(hit.id) || { hit, score: 0, parts: new Map(), whole: 0 };
        page.whole += hit.score;
        pages.set(hit.id, page);
      }
    }
    const total = Math.max(1, ...frequency) + 1;
    const weight = frequency.map((df, index) => (meaning[index] ? Math.log(1 + total / (df + 1)) : 0));
    const allWeight = weight.reduce((a, b) => a + b, 0) || 1;
    for (const page of pages.values()) {
      const covered = [...page.parts.keys()].reduce((sum, index) => sum + weight[index], 0) / allWeight;
      // Pagefind leaves out of a query the words its index does not have at all, so its full-query
      // hits count as "every typed word" only when each group matched as typed.
      const typed = groups.every((_, index) => !meaning[index] || page.parts.get(index)?.typed);
      page.complete = groups.every((_, index) => !meaning[index] || page.parts.has(index));
      page.tier = typed && page.whole > 0 ? 2 : page.complete ? 1 : 0;
      // One scale for all: the words' own scores, scaled by the share of the query they cover, plus
      // Pagefind's score for the full query where every word matched as typed.
      page.score = page.score * covered * covered + (page.tier === 2 ? page.whole : 0);
    }
    phraseBonus(await pairRuns, pages);
    const ranked = [...pages.values()].sort((a, b) => b.score - a.score);
    let notice = null;
    const first = ranked[0];
    if (first && !ranked.some((page) => page.tier === 2)) {
      if (first.tier === 1) {
        const similar = [...first.parts.values()].filter((entry) => !entry.typed).map((entry) => entry.word);
        notice = { kind: "synonyms", words: similar };
      } else {
        const matched = groups.filter((_, index) => first.parts.has(index)).map((g) => g.typed);
        notice = { kind: "partial", words: matched };
      }
    }
    return { hits: ranked, notice };
  };

  /* ---------------------------------------------------------------- rendering */

  const escapeHtml = (text) =>
    String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  // Counts in the reader's language: Intl.PluralRules picks the label (Latvian has "one" for 21, 31 ...).
  const plural = new Intl.PluralRules(lang);
  const count = (n, name) => {
    const form = plural.select(n) === "one" ? "one" : "other";
    return (label(`${name}-${form}`) || label(`${name}-other`)).replace("#", String(n)).trim();
  };

  const KIND_RANK = { chapter: 1, checklist: 1, template: 0.92, glossary: 0.9, reference: 0.88 };

  /* Excerpts as words with their highlights, so they can be trimmed at word boundaries. */
  const plainWord = (token) => token.replace(/<\/?mark>/g, "");
  const tokens = (excerpt) => String(excerpt || "").split(/\s+/).filter(Boolean);
  const fold = (text) => toneless(text.toLocaleLowerCase(lang)).replace(/[^\p{L}\p{N}]/gu, "");

  // Drop a heading (or its tail, where Pagefind's window starts inside it) from the start of an excerpt.
  const withoutHeading = (parts, heading) => {
    const title = tokens(escapeHtml(heading)).map(fold);
    for (let k = title.length; k >= 1; k--) {
      const tail = title.slice(title.length - k);
      if (parts.length > k && tail.every((w, i) => fold(plainWord(parts[i])) === w)) return parts.slice(k);
    }
    return parts;
  };

  // A readable snippet: never the start of a heading, never mid-sentence without saying so.
  const snippet = (excerpt, heading) => {
    const parts = withoutHeading(tokens(excerpt), heading);
    if (!parts.length) return "";
    const text = parts.join(" ");
    const opensSentence = /^(<mark>)?[\p{Lu}\p{N}"“(]/u.test(parts[0]);
    return opensSentence ? text : `… ${text}`;
  };

  // The description stands in for a page's snippet: mark the typed words in it as Pagefind would.
  let typedTerms = [];
  const highlighted = (text, terms) => {
    const wanted = terms.map(fold).filter((t) => t.length > 1);
    return text.split(/(\s+)/).map((token) => {
      const bare = fold(token);
      const hit = bare && wanted.some((t) => bare.startsWith(t));
      return hit ? `<mark>${escapeHtml(token)}</mark>` : escapeHtml(token);
    }).join("");
  };

  const key = (html) => fold(html.replace(/<[^>]+>/g, " ")).slice(0, 80);

  const link = (url, heading, excerpt, isDocument, info) => {
    const a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    const icon = isDocument ? '<div class="md-search-result__icon md-icon"></div>' : "";
    const tag = isDocument ? "h1" : "h2";
    const path = info
      ? `<div class="hb-search-path"><span class="hb-search-kind hb-search-kind--${escapeHtml(info.kind)}">` +
        `${escapeHtml(info.kindLabel)}</span>${info.section ? ` <span>${escapeHtml(info.section)}</span>` : ""}</div>`
      : "";
    a.innerHTML =
      `<article class="md-search-result__article md-typeset${isDocument ? " md-search-result__article--document" : ""}">` +
      `${icon}${path}<${tag}>${escapeHtml(heading)}</${tag}>${excerpt ? `<p>${excerpt}</p>` : ""}</article>`;
    return a;
  };

  const kindOf = (data) => (KIND_RANK[data.meta?.hb_kind] ? data.meta.hb_kind : "reference");

  const renderItem = (data) => {
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    const title = data.meta?.title || data.url;
    const kind = kindOf(data);
    const section = data.meta?.hb_section || "";
    const kindLabel = label(`kind-${kind}`);
    const info = { kind, kindLabel, section: section && fold(section) !== fold(kindLabel) ? section : "" };
    // Sections of the page that matched, best first (Pagefind's sub-results; the first one is the page top).
    const seen = new Set();
    const sections = [];
    for (const sub of [...(data.sub_results || [])].sort((a, b) => (b.locations?.length || 0) - (a.locations?.length || 0))) {
      if (sub.url === data.url || !sub.url.includes("#") || !sub.title || sub.title === title) continue;
      const text = snippet(sub.excerpt, sub.title);
      if (!text || seen.has(key(text))) continue;
      seen.add(key(text));
      sections.push({ url: sub.url, title: sub.title, text });
    }
    // The page's own snippet: its best passage, unless a section already shows it or it is only the
    // hidden keywords; then the page's description.
    // Pagefind's page excerpt may open with a section's heading (the page runs on into it): drop that too.
    let own = snippet(data.excerpt, title);
    for (const sub of data.sub_results || []) {
      if (sub.title && own) own = snippet(own.replace(/^… /, ""), sub.title);
    }
    const hidden = fold(data.meta?.hb_extra || "");
    const overlaps = (a, b) => a.length > 0 && b.length > 0 && (a.includes(b.slice(0, 30)) || b.includes(a.slice(0, 30)));
    if (!own || seen.has(key(own)) || sections.some((s) => overlaps(key(s.text), key(own))) ||
        (hidden && hidden.includes(key(own).slice(0, 14))) || (own.match(/; /g) || []).length >= 2) {
      own = snippet(highlighted(data.meta?.hb_desc || "", typedTerms), title);
    }
    item.append(link(data.url, title, own, true, info));
    for (const sub of sections.slice(0, SECTIONS_SHOWN)) item.append(link(sub.url, sub.title, sub.text, false));
    const more = sections.slice(SECTIONS_SHOWN);
    if (more.length) {
      const details = document.createElement("details");
      details.className = "md-search-result__more";
      const summary = document.createElement("summary");
      summary.tabIndex = -1;
      summary.innerHTML = `<div>${escapeHtml(count(more.length, "more"))}</div>`;
      details.append(summary, ...more.map((sub) => link(sub.url, sub.title, sub.text, false)));
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
    const data = await Promise.all(batch.map((entry) => entry.hit.data()));
    rendering = false;
    if (current !== generation) return;
    list.append(...data.map(renderItem));
  };

  // Says, in the reader's language, that the results are for similar words or for part of the query.
  const showNotice = (notice) => {
    const text = notice ? label(`notice-${notice.kind}`).replace("#", notice.words.join(", ")) : "";
    root.querySelector("[data-hb-search-notice]")?.remove();
    if (!text) return;
    const note = document.createElement("p");
    note.className = "hb-search-notice";
    note.setAttribute("data-hb-search-notice", notice.kind);
    note.textContent = text;
    meta.after(note);
  };

  // Nothing found: the checklist index and the quick reference, where most answers start.
  const helpItem = () => {
    const item = document.createElement("li");
    item.className = "md-search-result__item hb-search-help";
    item.setAttribute("data-hb-search-help", "");
    // The language's home: the bundle sits at the site root, translations in /<lang>/ (English at the root).
    const home = new URL(lang === "en" ? "../" : `../${lang}/`, bundleUrl);
    const p = document.createElement("p");
    p.textContent = label("help");
    item.append(p);
    for (const [path, name] of [["checklists/", "help-checklists"], ["quick-reference/", "help-quick"]]) {
      const a = link(new URL(path, home).href, label(name), "", true, null);
      item.append(a);
    }
    return item;
  };

  const run = async (query) => {
    const current = ++generation;
    if (!query.trim()) {
      pending = [];
      list.replaceChildren();
      showNotice(null);
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
    const stale = () => current !== generation;
    const found = await search(pf, query, stale);
    if (!found || stale()) return;
    const { hits, notice } = found;
    typedTerms = words(query);
    const total = hits.length;
    // The first screen is re-ranked once its pages' kinds are known: on a near tie, chapters and
    // checklists before templates, the glossary and reference pages. Each result is shown as soon as its
    // text has arrived and no result still loading could come before it.
    const head = hits.slice(0, PAGE_SIZE);
    pending = hits.slice(PAGE_SIZE);
    const loaded = head.map(() => null);
    const placed = head.map(() => false);
    let started = false;
    const show = (items) => {
      if (!started) {
        started = true;
        showMeta(total ? count(total, "count") : label("none"));
        showNotice(total ? notice : null);
        list.replaceChildren(...items);
        if (!total) list.append(helpItem());
        scrollwrap.scrollTop = 0;
        root.setAttribute("data-hb-search-shown", query);
      } else if (items.length) {
        list.append(...items);
      }
    };
    // The kind can only lower a result's rank (KIND_RANK <= 1): a loaded result is next once no result
    // still loading has a higher score than its rank.
    const placeReady = () => {
      const items = [];
      for (;;) {
        let best = -1;
        let bestRank = -Infinity;
        let waiting = -Infinity;
        head.forEach((entry, i) => {
          if (placed[i]) return;
          if (!loaded[i]) {
            waiting = Math.max(waiting, entry.score);
            return;
          }
          const rank = entry.score * KIND_RANK[kindOf(loaded[i])];
          if (rank > bestRank) [best, bestRank] = [i, rank];
        });
        if (best < 0 || bestRank < waiting) break;
        placed[best] = true;
        items.push(renderItem(loaded[best]));
      }
      if (items.length) show(items);
    };
    if (!total) show([]);
    await Promise.all(head.map((entry, i) => entry.hit.data().then((data) => {
      if (stale()) return;
      loaded[i] = data;
      placeReady();
    })));
    if (stale()) return;
    root.setAttribute("data-hb-search-done", query);
  };

  let timer = 0;
  input.addEventListener("input", () => {
    const query = input.value;
    root.removeAttribute("data-hb-search-done");
    root.removeAttribute("data-hb-search-shown");
    clearTimeout(timer);
    const terms = words(query);
    if (terms.length) {
      // The index chunks of each word start loading at once, while the debounce waits.
      loadPagefind()
        .then((pf) => terms.filter((w) => w.length >= MIN_PREFIX).flatMap(wordForms).forEach((q) => pf.preload(q)))
        .catch(() => {});
    }
    const typingShortWord = !/\s$/.test(query) && terms.length > 0 && terms.at(-1).length < MIN_PREFIX;
    timer = setTimeout(() => run(query), typingShortWord ? SHORT_WORD_DEBOUNCE_MS : DEBOUNCE_MS);
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
    loadSynonyms();
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
