/*
 * Small interface behaviours (overrides/main.html loads this on every page):
 *   - the language switcher keeps the section the reader is on: section ids are the same in every
 *     language, so /lv/x/#part is the Latvian text of /x/#part;
 *   - [data-hb-print] buttons print the page (the print pack's Print button; no inline handlers under
 *     the site's Content-Security-Policy).
 */
(() => {
  "use strict";

  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Element)) return;
    const link = event.target.closest("a.md-select__link[hreflang]");
    if (link && location.hash) link.setAttribute("href", link.getAttribute("href").split("#")[0] + location.hash);
  }, true);

  /* Loaded at the end of the body: the buttons are there. */
  for (const button of document.querySelectorAll("[data-hb-print]")) {
    button.addEventListener("click", () => window.print());
  }
})();
