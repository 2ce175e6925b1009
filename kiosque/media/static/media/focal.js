// The focal point picker: in any form, an element [data-focal-point] wrapping an <img>, with
// number inputs named focal_x and focal_y (0 to 1) in the same form. Clicking the picture sets
// them and moves a marker ([data-focal-marker]); typing in the inputs moves the marker too.
// Without this script the two inputs do the same job.
(function () {
  "use strict";

  function setUp(box) {
    var form = box.closest("form");
    var image = box.querySelector("img");
    if (!form || !image) return;
    var across = form.querySelector('input[name="focal_x"]');
    var down = form.querySelector('input[name="focal_y"]');
    if (!across || !down) return;
    var marker = box.querySelector("[data-focal-marker]");
    if (!marker) {
      marker = document.createElement("span");
      marker.className = "focal-point__marker";
      box.appendChild(marker);
    }
    var help = form.querySelector("[data-focal-help]");
    if (help) help.hidden = false;
    box.classList.add("is-active");

    function fraction(input) {
      var value = parseFloat(String(input.value).replace(",", "."));
      return isNaN(value) ? 0.5 : Math.min(1, Math.max(0, value));
    }

    function place() {
      marker.hidden = false;
      marker.style.left = fraction(across) * 100 + "%";
      marker.style.top = fraction(down) * 100 + "%";
    }

    image.addEventListener("click", function (event) {
      var frame = image.getBoundingClientRect();
      if (!frame.width || !frame.height) return;
      var x = (event.clientX - frame.left) / frame.width;
      var y = (event.clientY - frame.top) / frame.height;
      across.value = Math.min(1, Math.max(0, x)).toFixed(2);
      down.value = Math.min(1, Math.max(0, y)).toFixed(2);
      across.dispatchEvent(new Event("change", { bubbles: true }));
      place();
    });
    across.addEventListener("input", place);
    down.addEventListener("input", place);
    place();
  }

  function start() {
    document.querySelectorAll("[data-focal-point]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
