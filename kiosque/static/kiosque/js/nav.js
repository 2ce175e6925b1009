// Kiosque: the header's menus (base.html, _member_nav.html) are <details> disclosures that open
// and close without this file. Here: one menu open at a time, Escape closes it and gives the
// focus back to its button, a click or a focus elsewhere closes it.
"use strict";

(function () {
  const menus = () => Array.from(document.querySelectorAll("details[data-menu]"));

  function close(menu, { focus = false } = {}) {
    if (!menu.open) return;
    menu.open = false;
    if (focus) menu.querySelector("summary")?.focus();
  }

  // Menus of a member's header are spliced in later than this script may run: listen on the
  // document rather than on each menu.
  document.addEventListener(
    "toggle",
    (event) => {
      const opened = event.target;
      if (!(opened instanceof HTMLDetailsElement) || !opened.matches("[data-menu]") || !opened.open) return;
      for (const menu of menus()) if (menu !== opened) close(menu);
    },
    true,
  );

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = menus().find((menu) => menu.open);
    if (open) {
      close(open, { focus: true });
      event.preventDefault();
    }
  });

  document.addEventListener("click", (event) => {
    for (const menu of menus()) if (!menu.contains(event.target)) close(menu);
  });

  document.addEventListener("focusin", (event) => {
    for (const menu of menus()) if (!menu.contains(event.target)) close(menu);
  });
})();
