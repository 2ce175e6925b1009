// Kiosque: the composer's helpers, and staying in place in an article's discussion.
// Everything here has a plain-HTML fallback: the "Preview" button re-renders the page with the
// preview, @names are typed in full, images go through the upload form, "Edit" opens the edit
// page (which comes back to the comment), "See the N earlier comments" opens their page.
// Words come from data attributes the templates translate; HTML shown comes from the server.
"use strict";

(() => {
  const PREVIEW_DELAY_MS = 400;
  const MENTION_DELAY_MS = 150;
  const SAMPLE = "999999"; // the number in translated plural forms
  const MENTION_BEFORE_CARET = /(^|[\s([{>"'])@([\w.+-]{1,30})$/u;
  const IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"];

  const token = () => {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  };

  function changed(textarea) {
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // Replace the textarea's range [start, end) by `text`, then select [selectStart, selectEnd)
  // (offsets within `text`). Goes through execCommand when it can, so Ctrl+Z undoes it.
  function replaceRange(textarea, start, end, text, selectStart, selectEnd) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
    let done = false;
    try {
      done = document.execCommand && document.execCommand("insertText", false, text);
    } catch (error) {
      done = false;
    }
    if (!done || textarea.value.slice(start, start + text.length) !== text) {
      textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
    }
    const from = start + (selectStart ?? text.length);
    textarea.setSelectionRange(from, start + (selectEnd ?? selectStart ?? text.length));
    changed(textarea);
  }

  // --- The toolbar: Markdown around the selection ----------------------------------------

  function wrap(textarea, marker, placeholder) {
    const { selectionStart: start, selectionEnd: end, value } = textarea;
    const selected = value.slice(start, end) || placeholder;
    replaceRange(
      textarea,
      start,
      end,
      `${marker}${selected}${marker}`,
      marker.length,
      marker.length + selected.length,
    );
  }

  function prefixLines(textarea, prefixOf) {
    const { value } = textarea;
    const start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    let end = value.indexOf("\n", textarea.selectionEnd);
    if (end === -1 || textarea.selectionEnd < textarea.selectionStart) end = value.length;
    const lines = value.slice(start, end).split("\n");
    const text = lines.map((line, index) => prefixOf(index) + line).join("\n");
    const before = start > 0 && value[start - 2] !== "\n" && value[start - 1] === "\n" ? "\n" : "";
    replaceRange(textarea, start, end, before + text, before.length, (before + text).length);
  }

  function format(textarea, kind, button, root) {
    if (kind === "bold") wrap(textarea, "**", button.title);
    else if (kind === "italic") wrap(textarea, "*", button.title);
    else if (kind === "quote") prefixLines(textarea, () => "> ");
    else if (kind === "list") prefixLines(textarea, () => "- ");
    else if (kind === "link") {
      const { selectionStart: start, selectionEnd: end, value } = textarea;
      const selected = value.slice(start, end);
      const isUrl = /^https?:\/\/\S+$/.test(selected);
      const label = isUrl ? button.dataset.placeholder : selected || button.dataset.placeholder;
      const url = isUrl ? selected : "https://";
      const text = `[${label}](${url})`;
      // Select what is left to type: the address, or the words of a link pasted as address.
      if (isUrl) replaceRange(textarea, start, end, text, 1, 1 + label.length);
      else replaceRange(textarea, start, end, text, label.length + 3, text.length - 1);
    } else if (kind === "image") {
      const input = root.querySelector("[data-composer-image]");
      if (input) input.click();
    }
  }

  function enhanceToolbar(root, textarea) {
    const toolbar = root.querySelector("[data-composer-toolbar]");
    if (!toolbar) return;
    const buttons = [...toolbar.querySelectorAll("[data-format]")];
    const image = buttons.find((button) => button.dataset.format === "image");
    if (image && !root.querySelector("[data-composer-image]")) image.remove();
    toolbar.hidden = false;
    // One tab stop for the toolbar, arrows between its buttons (the ARIA toolbar pattern).
    const tools = [...toolbar.querySelectorAll("[data-format]")];
    tools.forEach((button, index) => {
      button.tabIndex = index === 0 ? 0 : -1;
      button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
      button.addEventListener("click", () => format(textarea, button.dataset.format, button, root));
    });
    toolbar.addEventListener("keydown", (event) => {
      const index = tools.indexOf(document.activeElement);
      if (index === -1) return;
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      const jump = { Home: 0, End: tools.length - 1 }[event.key];
      if (step === undefined && jump === undefined) return;
      event.preventDefault();
      const next = jump ?? (index + step + tools.length) % tools.length;
      tools[index].tabIndex = -1;
      tools[next].tabIndex = 0;
      tools[next].focus();
    });
    textarea.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const kind = { b: "bold", i: "italic" }[event.key.toLowerCase()];
      const button = kind && tools.find((tool) => tool.dataset.format === kind);
      if (!button) return;
      event.preventDefault();
      format(textarea, kind, button, root);
    });
  }

  // --- The preview, rendered by the server -------------------------------------------------

  function enhancePreview(root, textarea) {
    const box = root.querySelector("[data-composer-preview]");
    const body = box && box.querySelector("[data-composer-preview-body]");
    if (!box || !body || !window.fetch) return;
    const button = root.querySelector("[data-composer-preview-button]");
    if (button) button.hidden = true;
    const tabs = root.querySelector("[data-composer-tabs]");
    let timer = 0;
    let controller = null;
    let shown = null;

    const show = async () => {
      const source = textarea.value;
      if (source === shown) return;
      if (!source.trim()) {
        box.hidden = true;
        if (tabs) tabs.hidden = true;
        body.replaceChildren();
        shown = source;
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      const form = new FormData();
      form.append("source", source);
      form.append("csrfmiddlewaretoken", token());
      try {
        const response = await fetch(box.dataset.url, {
          method: "POST",
          body: form,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        const answer = await response.json();
        if (!response.ok) throw new Error(answer.error || box.dataset.errorLabel);
        body.innerHTML = answer.html; // sanitised by the server's renderer, as stored posts
        body.classList.remove("composer__preview-body--error");
        shown = source;
      } catch (error) {
        if (error.name === "AbortError") return;
        const note = document.createElement("p");
        note.textContent = error.message || box.dataset.errorLabel;
        body.replaceChildren(note);
        body.classList.add("composer__preview-body--error");
      }
      box.hidden = false;
      if (tabs) tabs.hidden = false;
    };

    textarea.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(show, PREVIEW_DELAY_MS);
    });
    if (textarea.value.trim()) show();

    // On a phone, "Write" and "Preview" take turns (CSS shows the two buttons on narrow screens).
    if (!tabs) return;
    tabs.querySelectorAll("[data-composer-tab]").forEach((tab) => {
      tab.addEventListener("click", () => {
        const previewing = tab.dataset.composerTab === "preview";
        root.classList.toggle("composer--previewing", previewing);
        tabs.querySelectorAll("[data-composer-tab]").forEach((other) => {
          other.setAttribute("aria-pressed", String(other === tab));
        });
        if (previewing) show();
        else textarea.focus();
      });
    });
  }

  // --- @-name suggestions (ARIA: a textbox with a listbox, aria-activedescendant) ----------

  function enhanceMentions(root, textarea) {
    const list = root.querySelector("[data-composer-mentions]");
    const status = root.querySelector("[data-composer-mentions-status]");
    if (!list || !window.fetch) return;
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", list.id);
    const plural = typeof Intl !== "undefined" && Intl.PluralRules
      ? new Intl.PluralRules(document.documentElement.lang || "fr")
      : null;
    let options = [];
    let active = -1;
    let timer = 0;
    let controller = null;
    let asked = "";

    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      options = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    };

    const activate = (index) => {
      options.forEach((option, at) => option.setAttribute("aria-selected", String(at === index)));
      active = index;
      if (index >= 0) {
        textarea.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        textarea.removeAttribute("aria-activedescendant");
      }
    };

    const typed = () => {
      const caret = textarea.selectionEnd;
      if (caret !== textarea.selectionStart) return null;
      const match = MENTION_BEFORE_CARET.exec(textarea.value.slice(0, caret));
      return match ? { prefix: match[2], start: caret - match[2].length, end: caret } : null;
    };

    const choose = (index) => {
      const found = typed();
      const option = options[index];
      if (!found || !option) return close();
      const name = option.dataset.username;
      const after = textarea.value.slice(found.end, found.end + 1);
      const text = after && /\s/.test(after) ? name : `${name} `;
      close();
      replaceRange(textarea, found.start, found.end, text);
      return undefined;
    };

    const suggest = async () => {
      const found = typed();
      if (!found) return close();
      if (found.prefix === asked && !list.hidden) return undefined;
      asked = found.prefix;
      if (controller) controller.abort();
      controller = new AbortController();
      const query = new URLSearchParams({ q: found.prefix, topic: list.dataset.topic || "" });
      try {
        const response = await fetch(`${list.dataset.url}?${query}`, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok) return close();
        const { members } = await response.json();
        if (!typed() || !members.length) return close();
        list.replaceChildren();
        options = members.map((member, index) => {
          const option = document.createElement("li");
          option.id = `${list.id}-${index}`;
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.dataset.username = member.username;
          option.textContent = `@${member.username}`;
          option.addEventListener("mousedown", (event) => {
            event.preventDefault(); // the textarea keeps the focus and its caret
            choose(index);
          });
          list.append(option);
          return option;
        });
        list.hidden = false;
        activate(0);
        if (status) {
          const count = options.length;
          const form = plural && plural.select(count) === "one" ? status.dataset.one : status.dataset.many;
          status.textContent = (form || "").replace(SAMPLE, String(count)).replace("1", String(count));
        }
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
      return undefined;
    };

    textarea.addEventListener("input", () => {
      window.clearTimeout(timer);
      if (!typed()) {
        close();
        return;
      }
      timer = window.setTimeout(suggest, MENTION_DELAY_MS);
    });
    textarea.addEventListener("keydown", (event) => {
      if (list.hidden || !options.length) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        activate((active + step + options.length) % options.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        if (active < 0) return;
        event.preventDefault();
        event.stopImmediatePropagation(); // not Ctrl+Enter's "send"
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    textarea.addEventListener("blur", () => window.setTimeout(close, 100));
    textarea.addEventListener("click", close);
  }

  // --- Images pasted or dropped into the text ---------------------------------------------

  function enhanceImageDrop(root, textarea) {
    const box = root.querySelector("[data-upload-url]") || document.querySelector("[data-upload-url]");
    if (!box || !window.fetch) return;
    const status = root.querySelector("[data-composer-status]");
    let sending = 0;

    const say = (text) => {
      if (status) status.textContent = text;
    };

    const upload = async (file) => {
      sending += 1;
      const placeholder = `![${box.dataset.uploadingLabel || "…"} ${sending}]()`;
      const at = textarea.selectionStart;
      const lead = at > 0 && textarea.value[at - 1] !== "\n" ? "\n" : "";
      replaceRange(textarea, at, textarea.selectionEnd, `${lead}${placeholder}\n`);
      say(box.dataset.uploadingLabel || "");
      const body = new FormData();
      body.append("image", file, file.name || "image");
      body.append("csrfmiddlewaretoken", token());
      let markdown = "";
      let message = "";
      try {
        const response = await fetch(box.dataset.uploadUrl, {
          method: "POST",
          body,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const answer = await response.json();
        if (!response.ok || !answer.markdown) throw new Error(answer.error || response.statusText);
        markdown = answer.markdown;
        message = box.dataset.uploadedLabel || "";
      } catch (error) {
        message = error.message;
      }
      // The member may have typed meanwhile: the placeholder is found again where it is now.
      const where = textarea.value.indexOf(placeholder);
      if (where !== -1) {
        const end = where + placeholder.length + (markdown ? 0 : 1);
        const caret = textarea.selectionStart;
        textarea.setRangeText(markdown, where, markdown ? where + placeholder.length : end);
        const moved = caret > where ? caret - (end - where) + markdown.length : caret;
        textarea.setSelectionRange(moved, moved);
        changed(textarea);
      }
      say(message);
    };

    const imagesIn = (transfer) =>
      transfer ? [...transfer.files].filter((file) => IMAGE_TYPES.includes(file.type)) : [];

    textarea.addEventListener("paste", (event) => {
      const files = imagesIn(event.clipboardData);
      if (!files.length) return;
      event.preventDefault();
      files.forEach(upload);
    });
    textarea.addEventListener("dragover", (event) => {
      if (event.dataTransfer && [...event.dataTransfer.types].includes("Files")) {
        event.preventDefault();
        textarea.classList.add("composer__text--drop");
      }
    });
    textarea.addEventListener("dragleave", () => textarea.classList.remove("composer__text--drop"));
    textarea.addEventListener("drop", (event) => {
      textarea.classList.remove("composer__text--drop");
      const files = imagesIn(event.dataTransfer);
      if (!files.length) return;
      event.preventDefault();
      files.forEach(upload);
    });
  }

  function enhanceWriting(root) {
    const textarea = root.querySelector("[data-composer-text]");
    if (!textarea || root.dataset.writingEnhanced) return;
    root.dataset.writingEnhanced = "1";
    enhanceToolbar(root, textarea);
    enhancePreview(root, textarea);
    enhanceMentions(root, textarea);
    enhanceImageDrop(root, textarea);
  }

  // --- Editing a comment in place ---------------------------------------------------------

  function enhanceEditLinks(scope) {
    const template = document.querySelector("template[data-edit-form]");
    if (!template || !window.fetch) return;
    scope.querySelectorAll("a[data-edit]").forEach((link) => {
      if (link.dataset.editEnhanced) return;
      link.dataset.editEnhanced = "1";
      link.addEventListener("click", (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        const post = link.closest("article[data-post]");
        if (!post || post.querySelector("form[data-edit-in-place]")) return;
        event.preventDefault();
        editInPlace(template, post, link);
      });
    });
  }

  async function editInPlace(template, post, link) {
    const body = post.querySelector(".post__body");
    let source;
    try {
      const response = await fetch(link.href, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      ({ source } = await response.json());
    } catch (error) {
      window.location.href = link.href; // the edit page says what is wrong
      return;
    }
    const holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replaceAll("__post__", post.dataset.post);
    const form = holder.firstElementChild;
    form.action = link.href.split("?")[0];
    form.querySelector("input[name=next]").value =
      `${window.location.pathname}${window.location.search}#post-${post.dataset.post}`;
    const textarea = form.querySelector("[data-composer-text]");
    textarea.value = source;
    const errors = form.querySelector("[data-edit-errors]");
    body.hidden = true;
    body.after(form);
    enhanceWriting(form);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);

    const finish = (focusPost) => {
      form.remove();
      body.hidden = false;
      if (focusPost) {
        post.tabIndex = -1;
        post.focus();
      } else {
        link.focus();
      }
    };
    form.querySelector("[data-edit-cancel]").addEventListener("click", () => finish(false));
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && form.querySelector("[data-composer-mentions]")?.hidden !== false) {
        finish(false);
      }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (form.dataset.sending) return;
      form.dataset.sending = "1";
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        const answer = await response.json();
        if (answer.redirect) {
          window.location.href = answer.redirect;
          return;
        }
        if (!response.ok) {
          errors.replaceChildren(
            ...(answer.errors || [response.statusText]).map((text) => {
              const line = document.createElement("p");
              line.textContent = text;
              return line;
            }),
          );
          errors.hidden = false;
          textarea.setAttribute("aria-invalid", "true");
          textarea.focus();
          return;
        }
        body.innerHTML = answer.html; // the post as stored: sanitised by the server
        const meta = post.querySelector(".post__meta");
        if (meta && !meta.querySelector(".post__edited")) {
          const edited = document.createElement("span");
          edited.className = "post__edited";
          edited.textContent = template.dataset.editedLabel || "";
          meta.querySelector(".post__date")?.after(" ", edited);
        }
        if (window.kiosqueBindLightbox) window.kiosqueBindLightbox(body);
        finish(true);
        const status = document.querySelector("[data-edit-status]");
        if (status) status.textContent = template.dataset.savedLabel || "";
      } catch (error) {
        form.submit(); // without the script's help: the edit view answers with its own page
      } finally {
        delete form.dataset.sending;
      }
    });
  }

  // --- The earlier comments of an article, loaded above those shown -----------------------

  function enhanceEarlierComments(scope) {
    scope.querySelectorAll("a[data-earlier-comments]").forEach((link) => {
      if (link.dataset.earlierEnhanced || !window.fetch) return;
      link.dataset.earlierEnhanced = "1";
      link.addEventListener("click", async (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        const box = link.closest("[data-earlier-comments-box]");
        const posts = box && box.nextElementSibling;
        if (!posts || !posts.classList.contains("posts")) return;
        event.preventDefault();
        if (link.getAttribute("aria-busy") === "true") return;
        link.setAttribute("aria-busy", "true");
        const status = document.querySelector("[data-earlier-status]");
        if (status) status.textContent = link.dataset.loadingLabel || "";
        try {
          const response = await fetch(link.href, { credentials: "same-origin" });
          if (!response.ok) throw new Error(String(response.status));
          const page = new DOMParser().parseFromString(await response.text(), "text/html");
          const earlier = [...page.querySelectorAll("[data-comments-page] > article.post")].filter(
            (article) => !document.getElementById(article.id),
          );
          const nextBox = page.querySelector("[data-earlier-comments-box]");
          const first = posts.firstElementChild;
          const added = earlier.map((article) => document.importNode(article, true));
          added.forEach((article) => posts.insertBefore(article, first));
          added.forEach((article) => {
            if (window.kiosqueRelativeTimes) window.kiosqueRelativeTimes(article);
            if (window.kiosqueEnhancePost) window.kiosqueEnhancePost(article);
            enhanceEditLinks(article);
          });
          if (nextBox) {
            const fresh = document.importNode(nextBox, true);
            box.replaceWith(fresh);
            enhanceEarlierComments(fresh);
          } else {
            box.remove();
          }
          if (added.length) {
            // Reading goes on from the oldest comment just shown, the one at the top.
            added[0].tabIndex = -1;
            added[0].focus();
          }
          if (status) status.textContent = link.dataset.loadedLabel || "";
        } catch (error) {
          window.location.href = link.href;
        } finally {
          link.removeAttribute("aria-busy");
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-composer]").forEach(enhanceWriting);
    enhanceEditLinks(document);
    enhanceEarlierComments(document);
  });
})();
