// Kiosque desk: the article editor's enhancements. The form works without this file: every
// field is a plain field and the buttons submit it.
"use strict";

(function () {
  const form = document.getElementById("article-form");
  if (!form) return;
  const textsElement = document.getElementById("editor-texts");
  const TEXT = textsElement ? JSON.parse(textsElement.textContent) : {};
  const body = form.elements.namedItem("body");
  const status = form.querySelector("[data-editor-status]");
  const csrf = form.elements.namedItem("csrfmiddlewaretoken").value;
  const articleKey = "kiosque-desk:article:" + form.dataset.article;
  const PREVIEW_DELAY_MS = 600;
  const AUTOSAVE_DELAY_MS = 10000;

  function say(message, tone) {
    status.textContent = message || "";
    status.dataset.tone = tone || "";
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, (match, name) => (name in values ? values[name] : match));
  }

  // --- Editing the Markdown at the caret ---------------------------------------------------

  function replaceSelection(make) {
    const start = body.selectionStart;
    const end = body.selectionEnd;
    const selected = body.value.slice(start, end);
    const made = make(selected, body.value.slice(0, start));
    if (made === null) return;
    body.focus();
    body.setSelectionRange(start, end);
    // execCommand keeps the browser's undo history; setRangeText where it is not offered.
    if (!document.execCommand || !document.execCommand("insertText", false, made.text)) {
      body.setRangeText(made.text, start, end, "end");
    }
    const caret = start + (made.caret === undefined ? made.text.length : made.caret);
    body.setSelectionRange(caret, start + (made.selectEnd === undefined ? made.text.length : made.selectEnd));
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function onOwnLine(before, text) {
    const needsBreak = before.length && !before.endsWith("\n\n");
    return (needsBreak ? (before.endsWith("\n") ? "\n" : "\n\n") : "") + text + "\n\n";
  }

  function wrap(mark, placeholder) {
    return (selected) => {
      const inner = selected || placeholder;
      return { text: mark + inner + mark, caret: mark.length, selectEnd: mark.length + inner.length };
    };
  }

  function prefixLines(prefix, placeholder) {
    return (selected, before) => {
      const lead = before.length && !before.endsWith("\n") ? "\n" : "";
      if (!selected) {
        // A placeholder, selected: typing replaces it.
        const text = lead + prefix + placeholder;
        return { text, caret: lead.length + prefix.length, selectEnd: text.length };
      }
      const lines = selected.split("\n");
      return { text: lead + lines.map((line) => prefix + line.replace(/^(#+ |> |- )/, "")).join("\n") };
    };
  }

  const formats = {
    heading: prefixLines("## ", TEXT.placeholder_heading || "Intertitre"),
    bold: wrap("**", TEXT.placeholder_bold || "texte"),
    italic: wrap("_", TEXT.placeholder_italic || "texte"),
    quote: prefixLines("> ", TEXT.placeholder_text || "citation"),
    list: prefixLines("- ", TEXT.placeholder_text || "élément"),
    link: (selected) => {
      const url = window.prompt(TEXT.ask_link_url, "https://");
      if (!url) return null;
      const label = selected || TEXT.placeholder_link || url;
      return { text: "[" + label + "](" + url + ")" };
    },
    video: (selected, before) => {
      const url = window.prompt(TEXT.ask_video_url, "https://");
      if (!url) return null;
      return { text: onOwnLine(before, "[" + (selected || TEXT.video_label) + "](" + url + ")") };
    },
    card: (selected, before) => {
      const url = window.prompt(TEXT.ask_card_url, "https://");
      if (!url) return null;
      return { text: onOwnLine(before, url) };
    },
    image: () => {
      openPicker((image) => insertImage(image));
      return null;
    },
  };

  function insertImage(image) {
    replaceSelection((selected, before) => ({ text: onOwnLine(before, image.markdown) }));
  }

  const toolbar = form.querySelector("[data-toolbar]");
  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-format]");
      if (button) replaceSelection(formats[button.dataset.format]);
    });
  }

  // Ctrl+Alt with a letter: on a French keyboard under Windows, AltGr is Ctrl+Alt and types
  // ~ # { [ | ` \\ ^ @ with the digits and € with E, never with the letters used here.
  const shortcuts = {
    "ctrl+alt+h": "heading",
    "ctrl+b": "bold",
    "ctrl+i": "italic",
    "ctrl+alt+q": "quote",
    "ctrl+alt+l": "list",
    "ctrl+k": "link",
    "ctrl+alt+i": "image",
    "ctrl+alt+v": "video",
    "ctrl+alt+c": "card",
  };
  body.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    const parts = ["ctrl"];
    if (event.altKey) parts.push("alt");
    if (event.shiftKey) parts.push("shift");
    // The letter as typed (AZERTY's A is A), or as placed when Option made it a symbol (Mac).
    const typed = event.key.length === 1 ? event.key.toLowerCase() : "";
    const key = /^[a-z]$/.test(typed) ? typed : (event.code || "").replace(/^Key/, "").toLowerCase();
    const format = shortcuts[parts.concat(key).join("+")];
    if (format && (format !== "image" || toolbar.querySelector('[data-format="image"]'))) {
      event.preventDefault();
      replaceSelection(formats[format]);
    }
  });

  // --- The slug follows the title until the writer edits it --------------------------------

  const title = form.elements.namedItem("title");
  const slug = form.elements.namedItem("slug");
  let slugFollowsTitle = !slug.value;
  function slugify(text) {
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 200);
  }
  title.addEventListener("input", () => {
    if (slugFollowsTitle) slug.value = slugify(title.value);
  });
  slug.addEventListener("input", () => {
    slugFollowsTitle = !slug.value;
  });

  // --- Live preview, beside the text (a tab on phones) ---------------------------------------

  const preview = form.querySelector("[data-preview]");
  const previewBody = form.querySelector("[data-preview-body]");
  const write = document.getElementById("editor-write");
  let previewTimer = null;
  let previewRequest = 0;

  function refreshPreview() {
    const asked = ++previewRequest;
    const data = new FormData(form);
    data.delete("step");
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf },
    })
      .then((response) => (response.ok ? response.text() : Promise.reject(response)))
      .then((html) => {
        if (asked !== previewRequest) return;
        previewBody.innerHTML = html;
        previewBody.dataset.fresh = String(asked);
      })
      .catch(() => {});
  }

  if (preview && form.dataset.previewUrl) {
    preview.hidden = false;
    form.classList.add("editor--with-preview");
    const tabs = document.createElement("div");
    tabs.className = "editor__tabs";
    tabs.setAttribute("role", "tablist");
    tabs.setAttribute("aria-label", TEXT.tabs_label || "");
    const writeTab = makeTab(TEXT.tab_write, write, true);
    const previewTab = makeTab(TEXT.tab_preview, preview, false);
    tabs.append(writeTab, previewTab);
    form.querySelector(".editor__columns").before(tabs);
    tabs.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      const other = event.target === writeTab ? previewTab : writeTab;
      other.focus();
      other.click();
    });
    refreshPreview();
    form.addEventListener("input", () => {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshPreview, PREVIEW_DELAY_MS);
    });
  }

  function makeTab(label, panel, selected) {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = panel.id + "-tab";
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panel.id);
    tab.textContent = label;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    const choose = (isSelected) => {
      tab.setAttribute("aria-selected", String(isSelected));
      tab.tabIndex = isSelected ? 0 : -1;
      panel.classList.toggle("is-chosen", isSelected);
    };
    choose(selected);
    tab.addEventListener("click", () => {
      tab.parentElement.querySelectorAll('[role="tab"]').forEach((other) => {
        const panelOf = document.getElementById(other.getAttribute("aria-controls"));
        const isSelected = other === tab;
        other.setAttribute("aria-selected", String(isSelected));
        other.tabIndex = isSelected ? 0 : -1;
        panelOf.classList.toggle("is-chosen", isSelected);
      });
      if (panel === preview) refreshPreview();
    });
    return tab;
  }

  // --- Nothing typed is lost: a copy in the browser, and autosaves on the server ------------

  const KEPT_OUT = new Set(["csrfmiddlewaretoken", "step", "read_version"]);

  function formValues() {
    const values = {};
    for (const [name, value] of new FormData(form)) {
      if (KEPT_OUT.has(name) || value instanceof File) continue;
      (values[name] = values[name] || []).push(value);
    }
    return values;
  }

  function sameValues(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function readLocal(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function keepLocal(extra) {
    try {
      const copy = { version: form.dataset.version, keptAt: Date.now(), values: formValues(), ...extra };
      window.localStorage.setItem(articleKey, JSON.stringify(copy));
    } catch (error) {
      // Storage full or refused (private mode): the server's autosave still keeps the text.
    }
  }

  function forgetLocal(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      // Nothing to forget.
    }
  }

  function putValues(values) {
    for (const element of form.elements) {
      if (!element.name || KEPT_OUT.has(element.name) || element.type === "file") continue;
      const wanted = values[element.name] || [];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = wanted.includes(element.value);
      } else if (element.tagName === "SELECT" && element.multiple) {
        for (const option of element.options) option.selected = wanted.includes(option.value);
      } else if (element.name in values) {
        element.value = wanted[0] || "";
      }
    }
    const authorsList = form.querySelector(".authors__list");
    if (authorsList && values.authors) {
      // Restored authors come back in their credit order.
      values.authors
        .slice()
        .reverse()
        .forEach((pk) => {
          const box = authorsList.querySelector('input[value="' + CSS.escape(pk) + '"]');
          if (box) authorsList.prepend(box.closest("li"));
        });
    }
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  const restore = form.querySelector("[data-restore]");
  const initialValues = formValues();
  const stored = readLocal(articleKey);
  const showsErrors = form.querySelector(".errorlist") !== null;
  if (stored && stored.submitted && Number(stored.version || 0) < Number(form.dataset.version || 0)) {
    forgetLocal(articleKey); // saved since: the server has it
  } else if (stored && !showsErrors && !sameValues(stored.values, initialValues)) {
    restore.hidden = false;
    const when = new Date(stored.keptAt).toLocaleString(document.documentElement.lang || "fr");
    restore.querySelector("[data-restore-text]").textContent = fill(TEXT.restore_offer, { when });
    restore.querySelector("[data-restore-yes]").addEventListener("click", () => {
      putValues(stored.values);
      // The copy was typed over the version read then: if someone saved since, saving it
      // shows both texts instead of silently replacing theirs.
      const readVersion = form.elements.namedItem("read_version");
      if (readVersion && stored.version) readVersion.value = stored.version;
      restore.hidden = true;
      say(TEXT.restored);
      body.focus();
    });
    restore.querySelector("[data-restore-no]").addEventListener("click", () => {
      forgetLocal(articleKey);
      restore.hidden = true;
      title.focus();
    });
  }
  if (form.dataset.article !== "new") {
    const newCopy = readLocal("kiosque-desk:article:new");
    if (newCopy && newCopy.submitted && sameValues(newCopy.values.title, initialValues.title)) {
      forgetLocal("kiosque-desk:article:new");
    }
  }

  let autosaveTimer = null;
  let sessionExpired = false;

  function autosave() {
    autosaveTimer = null;
    const data = new FormData(form);
    data.delete("step");
    for (const [name, value] of Array.from(data.entries())) {
      if (value instanceof File) data.delete(name);
    }
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
    })
      .then((response) => {
        if (response.status === 401 || response.status === 403) {
          sessionExpired = true;
          say(TEXT.session_expired, "warning");
          return null;
        }
        return response.ok ? response.json() : Promise.reject(response);
      })
      .then((answer) => {
        if (!answer) return;
        sessionExpired = false;
        if (answer.changed_meanwhile) {
          say(fill(TEXT.changed_meanwhile, { name: answer.changed_by || "?", when: answer.changed_at_text }), "warning");
        } else {
          say(fill(TEXT.autosaved, { when: answer.saved_at_text }));
        }
      })
      .catch(() => say(TEXT.autosave_failed, "warning"));
  }

  form.addEventListener("input", () => {
    keepLocal();
    if (form.dataset.autosaveUrl && autosaveTimer === null) {
      autosaveTimer = setTimeout(autosave, AUTOSAVE_DELAY_MS);
    }
  });
  form.addEventListener("change", () => keepLocal());
  form.addEventListener("submit", () => {
    clearTimeout(autosaveTimer);
    autosaveTimer = null;
    keepLocal({ submitted: true });
  });
  window.addEventListener("pagehide", () => {
    if (sessionExpired) keepLocal();
  });

  // --- Authors in credit order ----------------------------------------------------------------

  const authorsList = form.querySelector(".authors__list");
  if (authorsList) {
    authorsList.querySelectorAll("[data-author-move]").forEach((buttons) => {
      buttons.hidden = false;
    });
    authorsList.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-move]");
      if (!button) return;
      const item = button.closest("li");
      const up = button.dataset.move === "up";
      const other = up ? item.previousElementSibling : item.nextElementSibling;
      if (!other) return;
      if (up) other.before(item);
      else other.after(item);
      button.focus();
      const name = item.querySelector("label").textContent;
      const position = Array.from(authorsList.children).indexOf(item) + 1;
      say(fill(TEXT.author_moved, { name, position }));
      form.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  // --- Tags: type-ahead over existing ones, new names welcome ---------------------------------

  const tagInput = form.elements.namedItem("tag_names");
  const suggestions = form.querySelector("[data-tag-suggestions]");
  let tagTimer = null;
  function typedFragment() {
    const parts = tagInput.value.split(",");
    return parts[parts.length - 1].trim();
  }
  function chooseTag(name) {
    const parts = tagInput.value.split(",").map((part) => part.trim()).filter(Boolean);
    parts.pop();
    parts.push(name);
    tagInput.value = parts.join(", ") + ", ";
    suggestions.hidden = true;
    suggestions.replaceChildren();
    tagInput.focus();
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }
  if (tagInput && suggestions && form.dataset.tagUrl) {
    suggestions.setAttribute("aria-label", TEXT.tag_suggestions || "");
    tagInput.setAttribute("autocomplete", "off");
    tagInput.addEventListener("input", () => {
      clearTimeout(tagTimer);
      const fragment = typedFragment();
      if (!fragment) {
        suggestions.hidden = true;
        return;
      }
      tagTimer = setTimeout(() => {
        fetch(form.dataset.tagUrl + "?q=" + encodeURIComponent(fragment), { credentials: "same-origin" })
          .then((response) => (response.ok ? response.json() : Promise.reject(response)))
          .then((answer) => {
            const chosen = new Set(tagInput.value.split(",").map((part) => part.trim().toLowerCase()));
            const items = answer.results
              .filter((tag) => !chosen.has(tag.name.toLowerCase()) || tag.name.toLowerCase() === fragment.toLowerCase())
              .map((tag) => {
                const item = document.createElement("li");
                const button = document.createElement("button");
                button.type = "button";
                button.className = "button--tiny";
                button.textContent = tag.name;
                button.addEventListener("click", () => chooseTag(tag.name));
                item.append(button);
                return item;
              });
            suggestions.replaceChildren(...items);
            suggestions.hidden = items.length === 0;
          })
          .catch(() => {});
      }, 200);
    });
    tagInput.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && !suggestions.hidden) {
        event.preventDefault();
        suggestions.querySelector("button").focus();
      }
    });
    suggestions.addEventListener("keydown", (event) => {
      const items = Array.from(suggestions.querySelectorAll("button"));
      const index = items.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && index < items.length - 1) items[index + 1].focus();
      else if (event.key === "ArrowUp") (index > 0 ? items[index - 1] : tagInput).focus();
      else if (event.key === "Escape") tagInput.focus();
      else return;
      event.preventDefault();
    });
  }

  // --- Pictures: the library picker, uploads, the hero --------------------------------------

  const picker = document.querySelector("[data-picker]");
  let pickerChosen = null;

  function openPicker(onChoose) {
    if (!picker || !form.dataset.mediaSearchUrl) return;
    pickerChosen = onChoose;
    picker.showModal();
    searchLibrary("");
    picker.querySelector("[data-picker-q]").focus();
  }

  function searchLibrary(query) {
    const results = picker.querySelector("[data-picker-results]");
    fetch(form.dataset.mediaSearchUrl + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok ? response.json() : Promise.reject(response)))
      .then((answer) => {
        const items = answer.results.map((image) => {
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.className = "picker__choice";
          const thumbnail = document.createElement("img");
          thumbnail.src = image.thumbnail;
          thumbnail.alt = "";
          const label = document.createElement("span");
          label.textContent = image.alt || image.caption || "#" + image.id;
          button.append(thumbnail, label);
          button.addEventListener("click", () => {
            picker.close();
            if (pickerChosen) pickerChosen(image);
          });
          item.append(button);
          return item;
        });
        results.replaceChildren(...items);
        picker.querySelector("[data-picker-empty]").hidden = items.length > 0;
      })
      .catch(() => say(TEXT.library_failed, "warning"));
  }

  if (picker) {
    picker.querySelector("[data-picker-form]").addEventListener("submit", (event) => {
      event.preventDefault();
      searchLibrary(picker.querySelector("[data-picker-q]").value);
    });
    picker.querySelector("[data-picker-close]").addEventListener("click", () => picker.close());
  }

  function uploadPicture(file, alt) {
    const data = new FormData();
    data.append("file", file);
    data.append("alt", alt);
    say(TEXT.uploading);
    return fetch(form.dataset.mediaUploadUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
    }).then((response) =>
      response
        .json()
        .catch(() => ({ error: TEXT.upload_failed }))
        .then((answer) => {
          if (!response.ok) {
            say(answer.error || TEXT.upload_failed, "warning");
            return Promise.reject(answer);
          }
          say(TEXT.uploaded);
          return answer;
        }),
    );
  }

  function dropPictures(files) {
    const pictures = Array.from(files).filter((file) => file.type.startsWith("image/"));
    if (!pictures.length || !form.dataset.mediaUploadUrl) return false;
    pictures.forEach((file) => {
      const alt = window.prompt(fill(TEXT.ask_alt, { name: file.name }), "");
      if (alt === null) return;
      if (!alt.trim()) {
        say(TEXT.alt_required, "warning");
        return;
      }
      uploadPicture(file, alt.trim()).then(insertImage, () => {});
    });
    return true;
  }

  body.addEventListener("dragover", (event) => {
    if (event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files")) event.preventDefault();
  });
  body.addEventListener("drop", (event) => {
    if (event.dataTransfer && event.dataTransfer.files.length && dropPictures(event.dataTransfer.files)) {
      event.preventDefault();
    }
  });
  body.addEventListener("paste", (event) => {
    if (event.clipboardData && event.clipboardData.files.length && dropPictures(event.clipboardData.files)) {
      event.preventDefault();
    }
  });

  const hero = form.querySelector("[data-hero]");
  const heroInput = form.elements.namedItem("hero");
  let heroImage = form.querySelector("[data-hero-image]");
  function useAsHero(image) {
    heroInput.value = image.id;
    if (!heroImage) {
      heroImage = document.createElement("img");
      heroImage.alt = "";
      heroImage.className = "focal-point__image";
      heroImage.dataset.heroImage = "";
      heroImage.src = image.url || image.thumbnail;
      form.querySelector("[data-focal-point]").prepend(heroImage);
      // focal.js set up the pictures the page had; it sets up this one when run again.
      const focal = document.querySelector('script[src*="media/focal"]');
      if (focal) {
        const again = document.createElement("script");
        again.src = focal.src;
        document.head.append(again);
      }
    }
    heroImage.src = image.url || image.thumbnail;
    if (image.width) heroImage.width = image.width;
    if (image.height) heroImage.height = image.height;
    heroImage.hidden = false;
    for (const name of ["alt", "caption", "credit"]) {
      const field = form.elements.namedItem("hero_" + name);
      if (field && image[name] !== undefined) field.value = image[name];
    }
    for (const name of ["focal_x", "focal_y"]) {
      const field = form.elements.namedItem(name);
      // Left empty unless the library says where it is: the image's own point then stands.
      if (field) field.value = image[name] !== undefined ? image[name] : "";
    }
    form.dispatchEvent(new Event("input", { bubbles: true }));
    updateSocialImage();
  }
  if (hero) {
    const actions = hero.querySelector("[data-hero-actions]");
    if (actions) actions.hidden = false;
    const pick = hero.querySelector("[data-hero-pick]");
    if (pick) pick.addEventListener("click", () => openPicker(useAsHero));
    const upload = hero.querySelector("[data-hero-upload]");
    if (upload) {
      upload.addEventListener("change", () => {
        const file = upload.files[0];
        if (!file) return;
        const alt = form.elements.namedItem("hero_alt").value.trim();
        if (!alt) {
          say(TEXT.hero_alt_first, "warning");
          form.elements.namedItem("hero_alt").focus();
          upload.value = "";
          return;
        }
        uploadPicture(file, alt).then(useAsHero, () => {});
        upload.value = "";
      });
    }
  }

  // --- Search engines and social cards --------------------------------------------------------

  const seoTitle = form.elements.namedItem("seo_title");
  const seoDescription = form.elements.namedItem("seo_description");
  const lead = form.elements.namedItem("lead");
  const seoPreviews = form.querySelector("[data-seo-previews]");

  function updateSocialImage() {
    const card = form.querySelector("[data-seo-card]");
    if (!card || !heroImage || !heroImage.getAttribute("src")) return;
    let picture = card.querySelector("img");
    if (!picture) {
      picture = document.createElement("img");
      picture.alt = "";
      card.querySelector("figcaption").after(picture);
    }
    picture.src = heroImage.src;
  }

  function updateSeo() {
    form.querySelectorAll("[data-counter-for]").forEach((counter) => {
      const field = document.getElementById(counter.dataset.counterFor);
      const max = Number(counter.dataset.max);
      counter.hidden = false;
      counter.textContent = fill(TEXT.characters, { count: field.value.length, max });
      counter.classList.toggle("counter--over", field.value.length > max);
    });
    const shownTitle = seoTitle.value || title.value;
    const shownDescription = seoDescription.value || lead.value;
    form.querySelectorAll("[data-seo-title]").forEach((element) => {
      element.textContent = shownTitle.length > 70 ? shownTitle.slice(0, 69) + "…" : shownTitle;
    });
    form.querySelectorAll("[data-seo-description]").forEach((element) => {
      element.textContent = shownDescription.length > 160 ? shownDescription.slice(0, 159) + "…" : shownDescription;
    });
  }
  if (seoPreviews) {
    seoPreviews.hidden = false;
    form.querySelectorAll("[data-counter-for]").forEach((counter) => {
      const field = document.getElementById(counter.dataset.counterFor);
      counter.id = counter.dataset.counterFor + "_count";
      field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    });
    form.addEventListener("input", updateSeo);
    updateSeo();
    updateSocialImage();
  }
})();
