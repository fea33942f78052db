/*
 * Checklists you can tick off in the browser.
 *
 * The build renders every checklist as a task list with disabled boxes (so the page prints and reads
 * fine without JavaScript). This script, for each `.hb-checklist` box on the page:
 *   - enables its boxes and names each one after its item text (aria-labelledby),
 *   - keeps the ticks in localStorage under `handbook:checklist:<lang>:<id>` as a JSON list of item ids
 *     (nothing ever leaves the browser), and restores them on load,
 *   - adds a live "n of m done" counter and a button that clears every tick and removes the stored key.
 * A checklist's items are the task-list items in its scope: its `.hb-pack-page` in the print pack,
 * otherwise the page's article. The print pack therefore shares each checklist's ticks with its page.
 */
(function () {
  "use strict";

  var KEY_PREFIX = "handbook:checklist:";

  function storageKey(lang, id) {
    return KEY_PREFIX + lang + ":" + id;
  }

  /* localStorage can be missing or throw (storage disabled, private mode): ticks then last for the visit. */
  function readTicks(key) {
    try {
      var raw = window.localStorage.getItem(key);
      var value = raw ? JSON.parse(raw) : [];
      return Array.isArray(value) ? value.filter(function (v) { return typeof v === "string"; }) : [];
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

  function setUp(box) {
    if (box.hasAttribute("data-hb-ready")) return;
    var id = box.getAttribute("data-checklist-id");
    var lang = box.getAttribute("data-lang") || document.documentElement.lang || "en";
    if (!id) return;
    box.setAttribute("data-hb-ready", "");

    var key = storageKey(lang, id);
    var template = box.getAttribute("data-progress-template") || "{done} / {total}";
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
      items.push({ id: itemId, input: input });
    });
    if (!items.length) return;

    var tools = document.createElement("div");
    tools.className = "hb-checklist-tools";
    var progress = document.createElement("p");
    progress.className = "hb-checklist-progress";
    progress.setAttribute("aria-live", "polite");
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "hb-checklist-clear";
    clear.textContent = box.getAttribute("data-clear-label") || "Clear";
    tools.appendChild(progress);
    tools.appendChild(clear);

    function render() {
      var done = items.filter(function (item) { return item.input.checked; }).length;
      progress.textContent = template.replace("{done}", String(done)).replace("{total}", String(items.length));
    }

    function restore() {
      var ticked = readTicks(key);
      items.forEach(function (item) { item.input.checked = ticked.indexOf(item.id) !== -1; });
      render();
    }

    function save() {
      writeTicks(key, items.filter(function (item) { return item.input.checked; }).map(function (item) {
        return item.id;
      }));
      render();
    }

    items.forEach(function (item) { item.input.addEventListener("change", save); });
    clear.addEventListener("click", function () {
      items.forEach(function (item) { item.input.checked = false; });
      writeTicks(key, []);
      render();
    });
    /* the same checklist open in another tab (its page or the print pack) */
    window.addEventListener("storage", function (event) {
      if (event.key === key || event.key === null) restore();
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
