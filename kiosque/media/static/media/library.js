// The library page, enhanced: an image dropped on the upload box fills its form (sent at once
// when its alternative text is already written), and the form sends without leaving the page,
// the new image joining the top of the grid. Without this script the form posts as usual.
(function () {
  "use strict";

  var ACCEPTED = ["image/jpeg", "image/png", "image/gif", "image/webp"];

  function setUp(zone) {
    var form = zone.querySelector("[data-upload-form]");
    if (!form || !window.fetch || !window.FormData) return;
    var fileInput = form.querySelector('input[type="file"]');
    var altInput = form.querySelector('input[name="alt"]');
    var status = form.querySelector("[data-upload-status]");
    var hint = form.querySelector("[data-drop-hint]");
    var grid = document.querySelector("[data-media-grid]");
    var button = form.querySelector('button[type="submit"]');
    var preview = null;
    if (hint) hint.hidden = false;

    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }

    function showPreview(file) {
      if (!window.FileReader) return;
      var reader = new FileReader();
      reader.addEventListener("load", function () {
        if (!preview) {
          preview = document.createElement("img");
          preview.className = "media-upload__preview";
          preview.alt = "";
          fileInput.closest(".field").after(preview);
        }
        preview.src = reader.result; // a data: URL, which the page's CSP allows
      });
      reader.readAsDataURL(file);
    }

    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        if (!event.dataTransfer || Array.prototype.indexOf.call(event.dataTransfer.types, "Files") < 0) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
        zone.classList.add("is-dragged-over");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () {
        zone.classList.remove("is-dragged-over");
      });
    });
    zone.addEventListener("drop", function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      event.preventDefault();
      var file = event.dataTransfer.files[0];
      if (ACCEPTED.indexOf(file.type) < 0) {
        say(form.dataset.notAnImage, true);
        return;
      }
      var chosen = new DataTransfer();
      chosen.items.add(file);
      fileInput.files = chosen.files;
      showPreview(file);
      if (altInput.value.trim()) {
        form.requestSubmit();
      } else {
        say(form.dataset.describe, false);
        altInput.focus();
      }
    });
    fileInput.addEventListener("change", function () {
      if (fileInput.files.length) showPreview(fileInput.files[0]);
    });

    function cardFor(image) {
      var item = document.createElement("li");
      item.className = "media-card";
      var link = document.createElement("a");
      link.className = "media-card__link";
      link.href = image.page;
      var picture = document.createElement("img");
      picture.className = "media-card__image";
      picture.src = image.thumbnail;
      picture.alt = "";
      picture.width = image.width;
      picture.height = image.height;
      var alt = document.createElement("span");
      alt.className = "media-card__alt";
      alt.textContent = image.alt;
      link.append(picture, alt);
      var meta = document.createElement("span");
      meta.className = "media-card__meta";
      meta.textContent = image.width + " × " + image.height + (image.credit ? " · " + image.credit : "");
      item.append(link, meta);
      return item;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      say(form.dataset.sending || "…", false);
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (body) {
            return { ok: response.ok, body: body };
          });
        })
        .then(function (result) {
          if (!result.ok) {
            say(result.body.error, true);
            return;
          }
          var empty = grid && grid.querySelector(".media-grid__empty");
          if (empty) empty.remove();
          if (grid) grid.prepend(cardFor(result.body));
          form.reset();
          if (preview) {
            preview.remove();
            preview = null;
          }
          say(form.dataset.added, false);
        })
        .catch(function () {
          say(form.dataset.failed, true);
        })
        .finally(function () {
          button.disabled = false;
        });
    });
  }

  function start() {
    document.querySelectorAll("[data-drop-zone]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
