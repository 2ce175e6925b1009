// Kiosque: new comments appear on the page without reloading it (Server-Sent Events).
// Without this file the page is complete; reloading it shows what was added.
// A reader reading further up is not moved: a polite button says how many comments arrived
// and shows them when asked. Words come from the container's data attributes (translated).
"use strict";

(() => {
  // Near enough to the end of the discussion to see a new comment arrive under it.
  const NEAR_BOTTOM_PX = 200;
  const SAMPLE = "999999"; // the number in the translated "N new comments" forms

  function fromHtml(html) {
    const holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return holder.content.firstElementChild;
  }

  function follow(container) {
    const url = container.dataset.live;
    if (!url || typeof EventSource !== "function") return;
    const lang = document.documentElement.lang || "fr";
    const after = container.dataset.liveAfter || "0";
    const stream = new EventSource(`${url}?lang=${encodeURIComponent(lang)}&after=${encodeURIComponent(after)}`);
    const pending = new Map(); // id -> element, arrived while the reader was further up
    const plural = typeof Intl !== "undefined" && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

    const notice = document.createElement("div");
    notice.className = "live-notice";
    notice.setAttribute("role", "status");
    notice.setAttribute("aria-live", "polite");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button live-notice__button";
    button.hidden = true;
    const said = document.createElement("span");
    said.className = "visually-hidden";
    notice.append(button, said);
    container.after(notice);

    const emptyNote = () => container.parentElement && container.parentElement.querySelector("[data-live-empty]");

    function newCountText(count) {
      const form = plural && plural.select(count) === "one" ? container.dataset.liveNewOne : container.dataset.liveNewOther;
      return (form || `${SAMPLE}`).replace(SAMPLE, String(count));
    }

    function isNearBottom() {
      const box = container.getBoundingClientRect();
      return box.bottom <= window.innerHeight + NEAR_BOTTOM_PX;
    }

    function place(element) {
      container.append(element);
      const empty = emptyNote();
      if (empty) empty.hidden = true;
      if (window.kiosqueRelativeTimes) window.kiosqueRelativeTimes(element);
      if (window.kiosqueEnhancePost) window.kiosqueEnhancePost(element);
    }

    function showPending() {
      const first = pending.values().next().value;
      pending.forEach((element) => place(element));
      pending.clear();
      button.hidden = true;
      if (first) {
        first.scrollIntoView({ block: "start" });
        const link = first.querySelector("a, button");
        if (link) link.focus({ preventScroll: true });
      }
    }
    button.addEventListener("click", showPending);

    function updateCount(count) {
      if (typeof count !== "number") return;
      document.querySelectorAll("[data-live-count]").forEach((node) => {
        node.textContent = node.textContent.replace(/\d+/, String(count));
      });
    }

    stream.addEventListener("item", (message) => {
      const data = JSON.parse(message.data);
      const element = fromHtml(data.html);
      if (!element) return;
      updateCount(data.count);
      const present = document.getElementById(`post-${data.id}`);
      if (present) {
        present.replaceWith(element);
        if (window.kiosqueRelativeTimes) window.kiosqueRelativeTimes(element);
        if (window.kiosqueEnhancePost) window.kiosqueEnhancePost(element);
        return;
      }
      if (pending.has(data.id) || !isNearBottom()) {
        pending.set(data.id, element);
        button.textContent = newCountText(pending.size);
        button.hidden = false;
        return;
      }
      place(element);
      said.textContent = element.querySelector(".post__author")
        ? `${newCountText(1)} : ${element.querySelector(".post__author").textContent}`
        : newCountText(1);
    });

    stream.addEventListener("removed", (message) => {
      const data = JSON.parse(message.data);
      updateCount(data.count);
      pending.delete(data.id);
      const present = document.getElementById(`post-${data.id}`);
      if (present) present.remove();
      if (!pending.size) button.hidden = true;
    });

    stream.addEventListener("count", (message) => updateCount(JSON.parse(message.data).count));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-live]").forEach(follow);
  });
})();
