// "Report an error": the passage the reader selected in the article is carried to the form
// (?passage=…), which works the same without this script (the reader pastes it there).
(function () {
  "use strict";
  var PASSAGE_MAX_LENGTH = 1000;

  function selectedPassage(scope) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return "";
    var node = selection.getRangeAt(0).commonAncestorContainer;
    var element = node.nodeType === 1 ? node : node.parentElement;
    if (!element || !scope || !scope.contains(element)) return "";
    return selection.toString().replace(/\s+/g, " ").trim().slice(0, PASSAGE_MAX_LENGTH);
  }

  document.querySelectorAll("[data-report-error]").forEach(function (link) {
    var scope = link.closest(link.getAttribute("data-report-error-scope") || "article");
    var remembered = "";
    var hint = link.parentElement.querySelector(".report-error__hint");
    if (hint) hint.hidden = false;
    // A click may collapse the selection before the link hears it: keep the last one.
    document.addEventListener("selectionchange", function () {
      var passage = selectedPassage(scope);
      if (passage) remembered = passage;
    });
    link.addEventListener("click", function () {
      var passage = selectedPassage(scope) || remembered;
      if (!passage) return;
      var url = new URL(link.href, window.location.href);
      url.searchParams.set("passage", passage);
      link.href = url.toString();
    });
  });
})();
