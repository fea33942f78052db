/*
 * Accessibility fixes for markup that Material builds in the browser (overrides/main.html loads this).
 *
 * Wide tables: Material wraps every table in a .md-typeset__scrollwrap that scrolls sideways when the
 * table is wider than the text column (the health report's tables on a laptop, most tables on a phone).
 * A keyboard user can only scroll it if it can take the focus (WCAG 2.1.1; axe-core's
 * scrollable-region-focusable), so while a wrapper overflows it gets tabindex="0", and it is named a
 * region after the heading above the table. Nothing changes for tables that fit.
 */
(() => {
  "use strict";

  const WRAPPER = ".md-typeset__scrollwrap";
  const MARK = "data-hb-scrollable";

  /* The nearest heading before the table, for the region's name. */
  const headingBefore = (wrapper) => {
    for (let node = wrapper.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName) && node.id) return node;
    }
    return null;
  };

  const update = (wrapper) => {
    const overflows = wrapper.scrollWidth > wrapper.clientWidth + 1;
    if (overflows && !wrapper.hasAttribute(MARK)) {
      wrapper.setAttribute(MARK, "");
      wrapper.tabIndex = 0;
      const heading = headingBefore(wrapper);
      if (heading) {
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-labelledby", heading.id);
      }
    } else if (!overflows && wrapper.hasAttribute(MARK)) {
      wrapper.removeAttribute(MARK);
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("role");
      wrapper.removeAttribute("aria-labelledby");
    }
  };

  const resized = "ResizeObserver" in window
    ? new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target)))
    : null;

  const init = () => {
    document.querySelectorAll(WRAPPER).forEach((wrapper) => {
      update(wrapper);
      if (resized) resized.observe(wrapper);
    });
  };

  /* Material wraps the tables when its document$ emits (every page, instant navigation included). */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => requestAnimationFrame(init));
  }
  window.addEventListener("load", init);
  if (!resized) window.addEventListener("resize", init);
})();
