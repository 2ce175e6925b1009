// Kiosque: enhancements of the forum and of article discussions. Everything works without
// this file: replying, quoting, liking and uploading an image are plain links and forms.
// Words shown by the script come from data attributes the templates translate.
"use strict";

const DRAFT_PREFIX = "kiosque:draft:";
const POSTED_PREFIX = "kiosque:posted:";

function storage(kind) {
  try {
    const store = window[kind];
    const probe = "kiosque:probe";
    store.setItem(probe, probe);
    store.removeItem(probe);
    return store;
  } catch (error) {
    return null; // private browsing, storage disabled: drafts simply are not kept
  }
}

const local = storage("localStorage");
const session = storage("sessionStorage");

// Insert `text` at the caret (replacing any selection), keep the caret after it, and tell
// listeners (the draft keeper) that the text changed.
function insertAtCursor(textarea, text) {
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? textarea.value.length;
  const before = textarea.value.slice(0, start);
  const after = textarea.value.slice(end);
  const lead = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
  textarea.value = before + lead + text + after;
  const caret = (before + lead + text).length;
  textarea.focus();
  textarea.setSelectionRange(caret, caret);
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
}

function quoteMarkdown(username, postId, text) {
  const clean = /^[\w.@+-]+$/.test(username) ? username : "";
  const header = clean ? `[quote="${clean}, post:${postId}"]` : "[quote]";
  return `${header}\n${text.trim()}\n[/quote]\n\n`;
}

// --- The composer -------------------------------------------------------------------------

function enhanceComposer(form) {
  const textarea = form.querySelector("[data-composer-text]");
  if (!textarea) return;
  const key = DRAFT_PREFIX + (form.dataset.topic || "");
  const submit = form.querySelector("[data-composer-submit]");
  const restored = Boolean(local && !textarea.value.trim() && local.getItem(key));
  if (restored) textarea.value = local.getItem(key);
  textarea.addEventListener("input", () => {
    if (!local) return;
    if (textarea.value.trim()) local.setItem(key, textarea.value);
    else local.removeItem(key);
  });

  // Ctrl+Enter (Cmd+Enter) sends, as in most comment boxes.
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && submit) {
      event.preventDefault();
      form.requestSubmit(submit);
    }
  });

  // One click, one post: the second submit of a form on its way is ignored.
  form.addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.hasAttribute("data-composer-upload")) return;
    if (form.dataset.sending) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = "1";
    if (submit) submit.setAttribute("aria-disabled", "true");
    if (session) session.setItem(POSTED_PREFIX + form.dataset.topic, "1");
  });
  // Coming back with the browser's Back button shows the page as it was left: usable again.
  window.addEventListener("pageshow", () => {
    delete form.dataset.sending;
    if (submit) submit.removeAttribute("aria-disabled");
  });

  enhanceUpload(form, textarea);
  enhanceReplyTarget(form, textarea, key, restored);
}

// The image is sent as soon as it is chosen, and its Markdown lands at the caret.
function enhanceUpload(form, textarea) {
  const box = form.querySelector("[data-upload-url]");
  const input = form.querySelector("[data-composer-image]");
  const button = form.querySelector("[data-composer-upload]");
  const status = form.querySelector("[data-composer-status]");
  if (!box || !input || !window.fetch) return;
  const url = box.dataset.uploadUrl;
  if (button) button.hidden = true;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    const body = new FormData();
    body.append("image", file);
    if (token) body.append("csrfmiddlewaretoken", token.value);
    if (status) status.textContent = box.dataset.uploadingLabel || "…";
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok || !answer.markdown) throw new Error(answer.error || response.statusText);
      insertAtCursor(textarea, `${answer.markdown}\n`);
      if (status) status.textContent = box.dataset.uploadedLabel || "";
    } catch (error) {
      if (status) status.textContent = error.message;
    } finally {
      input.value = "";
    }
  });
}

// "Reply" on a post of this page sets the composer's target instead of opening another page.
// The target is kept with the draft, so a reloaded page still answers the same post.
function enhanceReplyTarget(form, textarea, key, restored) {
  const hidden = form.querySelector("[data-composer-reply-to]");
  const context = form.querySelector("[data-composer-context]");
  const link = form.querySelector("[data-composer-context-link]");
  const clear = form.querySelector("[data-composer-clear-reply]");
  if (!hidden || !context || !link) return;
  const targetKey = `${key}:reply`;

  const setTarget = (postId, label, href) => {
    hidden.value = postId || "";
    context.hidden = !postId;
    link.textContent = label || "";
    link.href = href || (postId ? `#post-${postId}` : "");
    if (clear) clear.hidden = !postId;
    if (!local) return;
    if (postId) local.setItem(targetKey, JSON.stringify({ postId, label, href: link.href }));
    else local.removeItem(targetKey);
  };
  if (local && restored && !hidden.value) {
    try {
      const saved = JSON.parse(local.getItem(targetKey) || "null");
      if (saved && saved.postId) setTarget(saved.postId, saved.label, saved.href);
    } catch (error) {
      local.removeItem(targetKey);
    }
  }
  if (clear) {
    clear.hidden = !hidden.value;
    clear.addEventListener("click", () => {
      setTarget("", "");
      textarea.focus();
    });
  }
  form.kiosqueSetReplyTarget = setTarget;
  form.kiosqueBindReplies = (root) => {
    root.querySelectorAll("a[data-reply]").forEach((reply) => {
      if (!document.getElementById(`post-${reply.dataset.reply}`)) return;
      reply.addEventListener("click", (event) => {
        event.preventDefault();
        setTarget(reply.dataset.reply, reply.dataset.replyLabel);
        textarea.focus();
      });
    });
  };
  form.kiosqueBindReplies(document);
}

// --- Quoting a selection --------------------------------------------------------------------

// Selecting words inside a post shows a "Quote" button that quotes just those words.
function enhanceQuoteSelection() {
  const form = document.querySelector("form[data-composer]");
  const textarea = form && form.querySelector("[data-composer-text]");
  if (!textarea) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "quote-button";
  button.textContent = form.dataset.quoteLabel || "Quote";
  button.hidden = true;
  let target = null; // { post, text }

  const hide = () => {
    button.hidden = true;
    target = null;
  };

  const update = () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
      if (document.activeElement !== button) hide();
      return;
    }
    const range = selection.getRangeAt(0);
    const start = range.startContainer.parentElement;
    const end = range.endContainer.parentElement;
    const body = start && start.closest(".post__body");
    if (!body || !end || end.closest(".post__body") !== body) {
      hide();
      return;
    }
    const text = selection.toString().trim();
    if (!text) {
      hide();
      return;
    }
    const post = body.closest("article[data-post]");
    target = { post, text };
    // Placed right after the post's body: next in the tab order, near the words.
    body.after(button);
    button.hidden = false;
    const rect = range.getBoundingClientRect();
    const parent = post.getBoundingClientRect();
    button.style.top = `${rect.bottom - parent.top + 6}px`;
    button.style.left = `${Math.max(0, rect.left - parent.left)}px`;
  };

  let pending = 0;
  document.addEventListener("selectionchange", () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(update, 150);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !button.hidden) hide();
  });
  button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
  button.addEventListener("click", () => {
    if (!target) return;
    const { post, text } = target;
    insertAtCursor(textarea, quoteMarkdown(post.dataset.username || "", post.dataset.post, text));
    const reply = post.querySelector("a[data-reply]");
    const hidden = form.querySelector("[data-composer-reply-to]");
    if (reply && hidden && !hidden.value && form.kiosqueSetReplyTarget) {
      form.kiosqueSetReplyTarget(post.dataset.post, reply.dataset.replyLabel);
    }
    hide();
  });
}

// --- Likes ----------------------------------------------------------------------------------

function enhanceLikeForm(form) {
  if (!window.fetch || form.dataset.enhanced) return;
  form.dataset.enhanced = "1";
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (form.dataset.sending) return;
    form.dataset.sending = "1";
    const button = form.querySelector("button[aria-pressed]");
    const count = form.querySelector(".post__like-count");
    const wanted = form.querySelector("input[name=like]");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const answer = await response.json();
      button.setAttribute("aria-pressed", answer.liked ? "true" : "false");
      if (count) count.textContent = String(answer.like_count);
      if (wanted) wanted.value = answer.liked ? "0" : "1";
    } catch (error) {
      form.submit(); // the page answers with its own message
    } finally {
      delete form.dataset.sending;
    }
  });
}

function enhanceLikes() {
  document.querySelectorAll("form[data-like]").forEach(enhanceLikeForm);
}

// A comment that arrived live is the shared version every reader gets: a member gets their
// like button from the template their composer carries (with their form token).
function addLikeButton(article) {
  const template = document.querySelector("template[data-like-form]");
  const footer = article.querySelector(".post__actions");
  if (!template || !footer || article.querySelector("form[data-like]")) return;
  if (article.dataset.username === template.dataset.member) return;
  const form = template.content.firstElementChild.cloneNode(true);
  form.action = template.dataset.action.replace("/0/", `/${article.dataset.post}/`);
  const next = form.querySelector("input[name=next]");
  if (next) next.value = `${window.location.pathname}${window.location.search}#post-${article.dataset.post}`;
  const shown = footer.querySelector(".post__likes");
  const likes = shown ? (shown.textContent.match(/\d+/) || ["0"])[0] : "0";
  const count = form.querySelector(".post__like-count");
  if (count) count.textContent = likes;
  if (shown) shown.replaceWith(form);
  else footer.prepend(form);
}

// What the page's script does to each comment, for one that arrives after the page loaded.
function enhancePost(article) {
  addLikeButton(article);
  article.querySelectorAll("form[data-like]").forEach(enhanceLikeForm);
  const composer = document.querySelector("form[data-composer]");
  if (composer && composer.kiosqueBindReplies) composer.kiosqueBindReplies(article);
  if (window.kiosqueBindLightbox) window.kiosqueBindLightbox(article);
}

window.kiosqueEnhancePost = enhancePost;

// --- Images of posts ------------------------------------------------------------------------

// An image opens full size over the page; Escape, the button or a click outside closes it.
function enhanceLightbox() {
  if (typeof HTMLDialogElement !== "function" || !document.querySelector("[data-close-label]")) return;
  const container = document.querySelector("[data-close-label]");
  const dialog = document.createElement("dialog");
  dialog.className = "lightbox";
  const close = document.createElement("button");
  close.type = "button";
  close.className = "lightbox__close";
  close.textContent = (container && container.dataset.closeLabel) || "×";
  const image = document.createElement("img");
  image.className = "lightbox__image";
  dialog.append(close, image);
  document.body.append(dialog);
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  const bind = (root) => {
    root.querySelectorAll(".post__body a.post-image").forEach((link) => {
      link.addEventListener("click", (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        const thumbnail = link.querySelector("img");
        image.src = link.href;
        image.alt = thumbnail ? thumbnail.alt : "";
        dialog.showModal();
        close.focus();
      });
    });
  };
  bind(document);
  window.kiosqueBindLightbox = bind;
}

// A text sent on the previous page load is forgotten, unless it came back refused (the page
// then shows its composer with the error).
function forgetSentDrafts() {
  if (!session || !local) return;
  const sent = [];
  for (let index = 0; index < session.length; index += 1) {
    const name = session.key(index);
    if (name && name.startsWith(POSTED_PREFIX)) sent.push(name.slice(POSTED_PREFIX.length));
  }
  sent.forEach((topic) => {
    session.removeItem(POSTED_PREFIX + topic);
    const id = CSS.escape(topic);
    const refused = document.querySelector(
      `[data-topic="${id}"] [data-composer-errors], [data-composer-errors][data-topic="${id}"]`,
    );
    if (!refused) {
      local.removeItem(DRAFT_PREFIX + topic);
      local.removeItem(`${DRAFT_PREFIX}${topic}:reply`);
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  forgetSentDrafts();
  document.querySelectorAll("form[data-composer]").forEach(enhanceComposer);
  enhanceQuoteSelection();
  enhanceLikes();
  enhanceLightbox();
});
