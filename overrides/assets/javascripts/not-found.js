/*
 * The root 404 page in the language of the missing URL (overrides/404.html). GitHub Pages answers every
 * missing URL with /404.html; its path says which language the reader was in: /<base>/lv/… is Latvian.
 *
 * Loaded in the head, so <html lang> is right before the search script reads it (search then looks in
 * that language's pages). Once the page is parsed: only that language's message stays, and the header,
 * search and footer text is swapped through the pairs each message carries (English → language).
 * Without JavaScript all four messages show.
 */
(() => {
  "use strict";

  const LANGUAGES = ["ms", "lv", "vi"];

  /* The first path segment after the site's base that names a language; English otherwise. The base is
   * this script's own URL minus assets/javascripts/not-found.js. */
  const script = document.currentScript;
  const base = script ? new URL("../../", script.src).pathname : "/";
  const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname;
  const first = path.split("/").filter(Boolean)[0] || "";
  const code = LANGUAGES.includes(first) ? first : "en";
  document.documentElement.lang = code;

  const ATTRIBUTES = ["aria-label", "title", "placeholder"];

  const swap = (pairs) => {
    const translate = (text) => {
      const trimmed = text.trim();
      return Object.hasOwn(pairs, trimmed) ? text.replace(trimmed, pairs[trimmed]) : text;
    };
    for (const element of document.querySelectorAll("*")) {
      if (element.closest("[data-hb-not-found]")) continue;
      for (const name of ATTRIBUTES) {
        const value = element.getAttribute(name);
        if (value) element.setAttribute(name, translate(value));
      }
      for (const name of element.getAttributeNames()) {
        if (name.startsWith("data-hb-label-")) element.setAttribute(name, translate(element.getAttribute(name)));
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("[data-hb-not-found], script, style")) continue;
      node.nodeValue = translate(node.nodeValue);
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    const sections = document.querySelectorAll("[data-hb-not-found]");
    let chosen = null;
    for (const section of sections) {
      if (section.getAttribute("data-hb-not-found") === code) chosen = section;
      else section.hidden = true;
    }
    if (!chosen) return;
    swap(JSON.parse(chosen.getAttribute("data-hb-chrome") || "{}"));
    const home = chosen.getAttribute("data-hb-home");
    for (const logo of document.querySelectorAll(".md-logo")) logo.setAttribute("href", home);
    const title = chosen.querySelector("h1");
    const site = document.querySelector(".md-header__topic .md-ellipsis");
    document.title = `${title ? title.textContent : ""} - ${site ? site.textContent.trim() : ""}`;
  });
})();
