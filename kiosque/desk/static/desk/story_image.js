// The running story's image: search the media library and pick one, which fills in its number
// (the form takes the number as it is, without this script).
(function () {
  "use strict";
  document.querySelectorAll("[data-image-picker]").forEach(function (picker) {
    var input = document.getElementById(picker.getAttribute("data-target"));
    var form = picker.querySelector("[data-image-picker-q]");
    var results = picker.querySelector("[data-image-picker-results]");
    var status = picker.querySelector("[data-image-picker-status]");
    if (!input || !form || !results || !status) return;
    picker.hidden = false;

    function show(images) {
      results.replaceChildren();
      images.forEach(function (image) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "image-picker__choice";
        var thumbnail = document.createElement("img");
        thumbnail.src = image.thumbnail;
        thumbnail.alt = "";
        thumbnail.width = 96;
        thumbnail.height = Math.round((96 * image.height) / Math.max(image.width, 1));
        var label = document.createElement("span");
        label.textContent = image.id + " · " + (image.alt || image.caption || "");
        button.append(thumbnail, label);
        button.addEventListener("click", function () {
          input.value = String(image.id);
          status.textContent = picker.getAttribute("data-chosen").replace("{number}", image.id);
          input.focus();
        });
        item.append(button);
        results.append(item);
      });
      status.textContent = images.length ? "" : picker.getAttribute("data-none");
    }

    function search() {
      var url = new URL(picker.getAttribute("data-search-url"), window.location.href);
      url.searchParams.set("q", form.value.trim());
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) { show(data.results || []); })
        .catch(function () { status.textContent = picker.getAttribute("data-failed"); });
    }

    picker.querySelector("[data-image-picker-search]").addEventListener("click", search);
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        search();
      }
    });
  });
})();
