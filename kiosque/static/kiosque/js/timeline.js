// Kiosque: a long topic's timeline (community/_timeline.html), beside the posts on wide screens.
// Without this file it is three plain links: the first message, this page, the last message.
// Here the handle follows the reading as the page scrolls, can be dragged along the track or
// moved with the arrow keys (a page at a time, Home and End for the ends), and is always a link
// to the page it points at: letting go of it, or Enter, opens that page.
"use strict";

(function () {
  const timeline = document.querySelector("[data-timeline]");
  if (!timeline) return;
  const track = timeline.querySelector(".topic-timeline__track");
  const handle = timeline.querySelector(".topic-timeline__handle");
  const position = timeline.querySelector(".topic-timeline__position");
  const date = timeline.querySelector(".topic-timeline__date");
  if (!track || !handle || !position) return;

  const total = Math.max(Number(timeline.dataset.total) || 1, 1);
  const firstRank = Math.max(Number(timeline.dataset.firstRank) || 1, 1);
  const perPage = Math.max(Number(timeline.dataset.perPage) || 20, 1);
  const pages = Math.max(Number(timeline.dataset.pages) || 1, 1);
  const baseUrl = timeline.dataset.url || location.pathname;
  const label = timeline.dataset.label || "{rank} / {total}";
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const posts = Array.from(document.querySelectorAll(".posts > .post"));
  const currentPage = Math.ceil(firstRank / perPage);

  let rank = firstRank;

  function pageUrl(page) {
    return page <= 1 ? baseUrl : `${baseUrl}?page=${page}`;
  }

  // Place the handle at `value` (a message's place among all) and make it a link to its page.
  function show(value, { follow = true } = {}) {
    rank = Math.min(Math.max(Math.round(value), 1), total);
    const share = total > 1 ? (rank - 1) / (total - 1) : 0;
    handle.className = "topic-timeline__handle";
    handle.style.top = `${(share * 100).toFixed(2)}%`;
    position.textContent = label
      .replace("{rank}", numbers.format(rank))
      .replace("{total}", numbers.format(total));
    const page = Math.min(Math.ceil(rank / perPage), pages);
    const onThisPage = page === currentPage && rank - firstRank < posts.length;
    if (onThisPage && posts[rank - firstRank]) {
      handle.href = `#${posts[rank - firstRank].id}`;
      const time = posts[rank - firstRank].querySelector("time");
      if (date && time) {
        date.textContent = time.textContent;
        date.dateTime = time.dateTime;
      }
    } else if (!follow) {
      handle.href = pageUrl(page);
    }
  }

  function rankAt(clientY) {
    const box = track.getBoundingClientRect();
    const share = Math.min(Math.max((clientY - box.top) / Math.max(box.height, 1), 0), 1);
    return 1 + share * (total - 1);
  }

  // Scrolling: the first post whose bottom is still in view is the one being read (not while
  // the handle is held or has the keyboard: it points where the reader moved it).
  let scheduled = false;
  function followReading() {
    scheduled = false;
    if (timeline.classList.contains("topic-timeline--dragging") || document.activeElement === handle) return;
    const index = posts.findIndex((post) => post.getBoundingClientRect().bottom > 80);
    if (index >= 0) show(firstRank + index);
  }
  window.addEventListener(
    "scroll",
    () => {
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(followReading);
      }
    },
    { passive: true },
  );

  // Dragging, along the track or from the handle; letting go opens the page pointed at.
  let dragging = false;
  let moved = false;
  track.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    dragging = true;
    moved = false;
    track.setPointerCapture(event.pointerId);
    timeline.classList.add("topic-timeline--dragging");
    event.preventDefault();
  });
  track.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    moved = true;
    show(rankAt(event.clientY), { follow: false });
  });
  function letGo(event) {
    if (!dragging) return;
    dragging = false;
    timeline.classList.remove("topic-timeline--dragging");
    show(rankAt(event.clientY), { follow: false });
    const page = Math.min(Math.ceil(rank / perPage), pages);
    if (page !== currentPage) {
      location.assign(pageUrl(page));
    } else if (moved || event.target !== handle) {
      const post = posts[rank - firstRank];
      if (post) post.scrollIntoView({ block: "start" });
    } else {
      handle.click();
    }
  }
  track.addEventListener("pointerup", letGo);
  track.addEventListener("pointercancel", () => {
    dragging = false;
    timeline.classList.remove("topic-timeline--dragging");
  });

  // Keys on the handle: a page up or down, the first or last message; Enter follows the link.
  handle.addEventListener("keydown", (event) => {
    const steps = { ArrowUp: -perPage, ArrowDown: perPage, PageUp: -perPage * 10, PageDown: perPage * 10 };
    if (event.key in steps) {
      show(rank + steps[event.key], { follow: false });
    } else if (event.key === "Home") {
      show(1, { follow: false });
    } else if (event.key === "End") {
      show(total, { follow: false });
    } else {
      return;
    }
    event.preventDefault();
  });
  handle.setAttribute("aria-keyshortcuts", "ArrowUp ArrowDown PageUp PageDown Home End");
})();
