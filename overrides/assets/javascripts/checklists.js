/*
 * Checklists you can tick off in the browser.
 *
 * The build renders every checklist as a task list with disabled boxes (so the page prints and reads
 * fine without JavaScript). This script, for each `.hb-checklist` box on the page:
 *   - enables its boxes and names each one after its item text (aria-labelledby); a tap anywhere on an
 *     item's row ticks it (a link in the item still opens the link),
 *   - keeps the ticks in localStorage under `handbook:checklist:<id>` as a JSON list of item ids (nothing
 *     ever leaves the browser) and restores them on load. Checklist and item ids are the same in every
 *     language, so switching language mid-task keeps the progress; ticks stored by earlier versions per
 *     language (`handbook:checklist:<lang>:<id>`) are merged in once and removed,
 *   - adds a live "n of m done" counter and a Clear button, which turns into Undo until the next tick,
 *   - on a phone, folds the when/who/type box into one line (a <details>), so the first box shows
 *     without scrolling; it opens for printing,
 *   - lets "/" (and s, f) open search while a box has the focus, as anywhere else on the page.
 * A checklist's items are the task-list items in its scope: its `.hb-pack-page` in the print pack,
 * otherwise the page's article. The print pack therefore shares each checklist's ticks with its page.
 * Paper always shows empty boxes (checklists.css), ticked on screen or not.
 */
(function () {
  "use strict";

  var KEY_PREFIX = "handbook:checklist:";
  var LEGACY_KEY = /^handbook:checklist:[a-z]{2,3}(?:-[A-Za-z]+)?:(.+)$/;
  var PHONE = window.matchMedia ? window.matchMedia("(max-width: 44.9375em)") : null;
  var SEARCH_KEYS = ["/", "s", "f"];

  function storageKey(id) {
    return KEY_PREFIX + id;
  }

  function parseTicks(raw) {
    try {
      var value = raw ? JSON.parse(raw) : [];
      return Array.isArray(value) ? value.filter(function (v) { return typeof v === "string"; }) : [];
    } catch (err) {
      return [];
    }
  }

  /* localStorage can be missing or throw (storage disabled, private mode): ticks then last for the visit. */
  function readTicks(key) {
    try {
      return parseTicks(window.localStorage.getItem(key));
    } catch (err) {
      return [];
    }
  }

  function writeTicks(key, ids) {
    try {
      if (ids.length) {
        window.localStorage.setItem(key, JSON.stringify(ids));
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (err) {
      /* storage unavailable: nothing to do */
    }
  }

  /* Ticks stored per language by earlier versions: merged into the checklist's own key, then removed. */
  function migrate(id) {
    try {
      var storage = window.localStorage;
      var legacy = [];
      for (var i = 0; i < storage.length; i++) {
        var match = LEGACY_KEY.exec(storage.key(i) || "");
        if (match && match[1] === id) legacy.push(storage.key(i));
      }
      if (!legacy.length) return;
      var merged = readTicks(storageKey(id));
      legacy.forEach(function (key) {
        parseTicks(storage.getItem(key)).forEach(function (item) {
          if (merged.indexOf(item) === -1) merged.push(item);
        });
        storage.removeItem(key);
      });
      writeTicks(storageKey(id), merged);
    } catch (err) {
      /* storage unavailable */
    }
  }

  function scopeOf(box) {
    return box.closest(".hb-pack-page") || box.closest("article") || document.body;
  }

  /* Wrap the item's own text (everything but the box and the id marker) so the box can point at it. */
  function labelItem(li, input, domId) {
    var text = li.querySelector(":scope > .hb-item-text");
    if (!text) {
      text = document.createElement("span");
      text.className = "hb-item-text";
      var nodes = Array.prototype.slice.call(li.childNodes).filter(function (node) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          return !node.matches(".task-list-control, .hb-item, ul, ol");
        }
        return node.nodeType === Node.TEXT_NODE;
      });
      if (!nodes.length) return;
      li.insertBefore(text, nodes[0]);
      nodes.forEach(function (node) { text.appendChild(node); });
      /* keep the single space between the box and the text that the Markdown had */
      if (text.firstChild && text.firstChild.nodeType === Node.TEXT_NODE) {
        text.firstChild.nodeValue = text.firstChild.nodeValue.replace(/^\s+/, "");
        li.insertBefore(document.createTextNode(" "), text);
      }
    }
    text.id = domId;
    input.setAttribute("aria-labelledby", domId);
  }

  /* The when/who/type list inside a <details>, its summary the first line ("When: …"): closed on a
   * phone, open elsewhere and whenever the page prints. */
  function foldMeta(box) {
    var meta = box.querySelector(":scope > .hb-checklist-meta");
    if (!meta || box.querySelector(":scope > details")) return;
    var details = document.createElement("details");
    details.className = "hb-checklist-details";
    var summary = document.createElement("summary");
    var dt = meta.querySelector("dt");
    var dd = meta.querySelector("dd");
    summary.textContent = (dt ? dt.textContent + ": " : "") + (dd ? dd.textContent : "");
    box.insertBefore(details, meta);
    details.appendChild(summary);
    details.appendChild(meta);
    details.open = !(PHONE && PHONE.matches);
    var wasOpen = details.open;
    window.addEventListener("beforeprint", function () {
      wasOpen = details.open;
      details.open = true;
    });
    window.addEventListener("afterprint", function () { details.open = wasOpen; });
  }

  function setUp(box) {
    if (box.hasAttribute("data-hb-ready")) return;
    var id = box.getAttribute("data-checklist-id");
    if (!id) return;
    box.setAttribute("data-hb-ready", "");

    migrate(id);
    var key = storageKey(id);
    var template = box.getAttribute("data-progress-template") || "{done} / {total}";
    var clearLabel = box.getAttribute("data-clear-label") || "Clear";
    var ui = document.querySelector("meta[name='hb-checklist-ui']");
    var undoLabel = (ui && ui.getAttribute("data-undo")) || "Undo";
    var items = [];
    Array.prototype.forEach.call(scopeOf(box).querySelectorAll("li.task-list-item"), function (li) {
      var marker = li.querySelector(":scope > .hb-item[data-item-id]");
      var input = li.querySelector(":scope > .task-list-control > input[type=checkbox], :scope > input[type=checkbox]");
      if (!marker || !input) return;
      var itemId = marker.getAttribute("data-item-id");
      input.disabled = false;
      input.removeAttribute("disabled");
      input.setAttribute("data-item-id", itemId);
      labelItem(li, input, "hb-item-" + id + "-" + itemId);
      li.classList.add("hb-tickable");
      items.push({ id: itemId, input: input, li: li });
    });
    if (!items.length) return;
    foldMeta(box);

    var tools = document.createElement("div");
    tools.className = "hb-checklist-tools";
    var progress = document.createElement("p");
    progress.className = "hb-checklist-progress";
    progress.setAttribute("aria-live", "polite");
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "hb-checklist-clear";
    clear.textContent = clearLabel;
    tools.appendChild(progress);
    tools.appendChild(clear);
    var undo = null; /* the ticks before the last Clear, while it can be undone */

    function ticked() {
      return items.filter(function (item) { return item.input.checked; }).map(function (item) { return item.id; });
    }

    function render() {
      progress.textContent = template.replace("{done}", String(ticked().length))
        .replace("{total}", String(items.length));
      clear.textContent = undo ? undoLabel : clearLabel;
    }

    function apply(ids) {
      items.forEach(function (item) { item.input.checked = ids.indexOf(item.id) !== -1; });
    }

    function restore() {
      apply(readTicks(key));
      render();
    }

    function save() {
      undo = null;
      writeTicks(key, ticked());
      render();
    }

    items.forEach(function (item) {
      item.input.addEventListener("change", save);
      /* A tap anywhere on the row ticks the item; its box and its links keep their own behaviour. */
      item.li.addEventListener("click", function (event) {
        var target = event.target;
        if (!(target instanceof Element) || target.closest("a, input, label, button, summary")) return;
        if (target.closest("li.task-list-item") !== item.li) return; /* a nested item's row */
        if (window.getSelection && String(window.getSelection())) return; /* selecting text */
        item.input.click();
      });
      /* "/" opens search from a box as from anywhere else (search.js ignores keys typed into inputs). */
      item.input.addEventListener("keydown", function (event) {
        if (SEARCH_KEYS.indexOf(event.key) !== -1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
          item.input.blur();
        }
      });
    });
    clear.addEventListener("click", function () {
      if (undo) {
        apply(undo);
        undo = null;
        writeTicks(key, ticked());
        render();
        return;
      }
      var before = ticked();
      apply([]);
      writeTicks(key, []);
      undo = before.length ? before : null;
      render();
    });
    /* the same checklist open in another tab (its page, the print pack or another language) */
    window.addEventListener("storage", function (event) {
      if (event.key === key || event.key === null) {
        undo = null;
        restore();
      }
    });

    restore();
    box.appendChild(tools);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".hb-checklist[data-checklist-id]"), setUp);
  }

  /* Material's document$ emits on every page load (also with instant navigation); setUp is idempotent. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
