// Kiosque: sharing an article (newsroom/_share.html). Without this file the reader has plain
// links and the address in a read-only field; with it, a button copies the address and, where
// the browser has the Web Share API, another opens the device's own share sheet. Nothing is
// sent anywhere until the reader chooses.
"use strict";

function enhanceShare(box) {
  const url = box.dataset.shareUrl;
  const title = box.dataset.shareTitle;
  const field = box.querySelector(".share__url");
  const status = box.querySelector("[data-share-status]");
  const copy = box.querySelector("[data-share-copy]");
  const native = box.querySelector("[data-share-native]");

  const say = (text) => {
    status.textContent = "";
    // A fresh text each time, so that screen readers announce a second copy too.
    window.setTimeout(() => { status.textContent = text; }, 50);
  };
  const selectField = () => {
    field.focus();
    field.select();
  };

  if (field) field.addEventListener("focus", () => field.select());

  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", async () => {
      try {
        if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
        await navigator.clipboard.writeText(url);
        say(box.dataset.copied);
      } catch (error) {
        selectField();
        say(box.dataset.copyFailed);
      }
    });
  }

  if (native && typeof navigator.share === "function") {
    native.hidden = false;
    native.querySelector("button").addEventListener("click", async () => {
      try {
        await navigator.share({ title, url });
      } catch (error) {
        // The reader closed the share sheet: nothing to say.
      }
    });
  }
}

document.querySelectorAll("[data-share]").forEach(enhanceShare);
