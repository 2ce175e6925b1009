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

// Pages carry absolute times, the same for every reader and every minute, so that one cached
// page serves all. Within a day, the script says "il y a 3 minutes" instead, in the page's
// language, and keeps the exact time as a tooltip.
const RELATIVE_TIME_HOURS = 24;
const RELATIVE_UNITS = [
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

function relativeText(format, date, now) {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) > RELATIVE_TIME_HOURS * 3600) return null;
  if (Math.abs(seconds) < 45) return format.format(0, "second");
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return null;
}

function relativeTimes(root) {
  if (typeof Intl === "undefined" || !Intl.RelativeTimeFormat) return;
  const lang = document.documentElement.lang || "fr";
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const now = Date.now();
  root.querySelectorAll("time[data-relative][datetime]").forEach((time) => {
    const date = new Date(time.getAttribute("datetime"));
    if (Number.isNaN(date.getTime())) return;
    if (!time.dataset.absolute) time.dataset.absolute = time.textContent;
    const text = relativeText(format, date, now);
    time.textContent = text || time.dataset.absolute;
    if (text) time.title = time.dataset.absolute;
    else time.removeAttribute("title");
  });
}

window.kiosqueRelativeTimes = relativeTimes;

document.addEventListener("DOMContentLoaded", () => {
  enhanceVideos();
  enhanceBackToTop();
  relativeTimes(document);
  window.setInterval(() => relativeTimes(document), 60 * 1000);
});
