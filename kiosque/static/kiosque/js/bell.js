// Kiosque: the bell's dropdown. Without this file the bell is a link to the full list of
// notifications; with it, the bell is a disclosure button: the first time it opens, the member's
// latest notifications are fetched as an HTML fragment of our own and shown below it. Escape,
// or a click elsewhere, closes it; Escape gives the focus back to the bell.
"use strict";

(function () {
  function enhanceBell(holder) {
    const link = holder.querySelector("a.bell");
    const panel = holder.querySelector("[data-bell-panel]");
    const url = holder.dataset.bellUrl;
    if (!link || !panel || !url || !window.fetch) return;

    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.setAttribute("aria-label", link.getAttribute("aria-label") || "");
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", panel.id);
    button.dataset.href = link.href;
    while (link.firstChild) button.appendChild(link.firstChild);
    link.replaceWith(button);

    let loading = null;

    function isOpen() {
      return button.getAttribute("aria-expanded") === "true";
    }

    function showError() {
      panel.textContent = "";
      const message = document.createElement("p");
      message.className = "bell-panel__status";
      const more = document.createElement("a");
      more.href = button.dataset.href;
      more.textContent = holder.dataset.bellError || button.dataset.href;
      message.appendChild(more);
      panel.appendChild(message);
    }

    function load() {
      if (loading) return loading;
      panel.setAttribute("aria-busy", "true");
      loading = fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then((response) => {
          if (!response.ok) throw new Error(response.statusText);
          return response.text();
        })
        .then((html) => {
          // The fragment is our own template, rendered for this member.
          const fragment = new DOMParser().parseFromString(html, "text/html");
          panel.replaceChildren(...fragment.body.childNodes);
          const next = panel.querySelector("[data-bell-next]");
          if (next) next.value = window.location.pathname + window.location.search;
        })
        .catch(() => {
          loading = null; // try again at the next opening
          showError();
        })
        .finally(() => panel.removeAttribute("aria-busy"));
      return loading;
    }

    function open() {
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      load();
    }

    function close(giveFocusBack) {
      if (!isOpen()) return;
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
      if (giveFocusBack) button.focus();
    }

    button.addEventListener("click", () => (isOpen() ? close(false) : open()));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && isOpen()) {
        event.preventDefault();
        close(true);
      }
    });
    document.addEventListener("click", (event) => {
      if (isOpen() && !holder.contains(event.target)) close(false);
    });
    // Leaving the dropdown with Tab (its last link passed) closes it.
    holder.addEventListener("focusout", (event) => {
      if (event.relatedTarget && !holder.contains(event.relatedTarget)) close(false);
    });
  }

  function start() {
    document.querySelectorAll("[data-bell]").forEach(enhanceBell);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
