// Kiosque: progressive enhancements for reading pages. Every page works without this file.
"use strict";

// Video blocks load nothing from the video host until the reader presses play.
function enhanceVideos() {
  document.querySelectorAll(".video__frame[data-embed-src]").forEach((frame) => {
    const button = frame.querySelector(".video__play");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const iframe = document.createElement("iframe");
      iframe.src = frame.dataset.embedSrc;
      iframe.title = frame.dataset.embedTitle || "";
      iframe.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      iframe.referrerPolicy = "strict-origin-when-cross-origin";
      iframe.allowFullscreen = true;
      frame.replaceChildren(iframe);
      iframe.focus();
    });
  });
}

// "Back to top" moves keyboard focus too, not only the scroll position.
function enhanceBackToTop() {
  document.querySelectorAll('a[href="#haut"]').forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      window.scrollTo({ top: 0, behavior: "instant" });
      const logo = document.querySelector(".site-logo");
      if (logo) logo.focus({ preventScroll: true });
      history.replaceState(null, "", "#haut");
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  enhanceVideos();
  enhanceBackToTop();
});
