// Preview links: a button copies a link to the clipboard (without JavaScript, the link is
// selected in its read-only field and copied by hand).
(() => {
  const status = document.querySelector("[data-copy-status]");
  const list = document.querySelector("[data-copied]");
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
        if (status && list) status.textContent = list.dataset.copied;
      } catch {
        // Refused by the browser: the link stays selected, ready for Ctrl+C.
      }
    });
  }
  for (const field of document.querySelectorAll(".preview-link__share input[readonly]")) {
    field.addEventListener("focus", () => field.select());
  }
})();
