/* Alliance Lab: accessibility fixes for widgets drawn in the browser.
 * jupyterquiz draws a visible label beside each numeric answer box but does not tie it to
 * the box, so screen readers announce an unlabeled field. Tie every such label to its input. */
(function () {
  function labelQuizInputs(root) {
    root.querySelectorAll(".Quiz .Answer").forEach(function (answer) {
      var label = answer.querySelector("label.InpLabel");
      var input = answer.querySelector("input.Input-text");
      if (label && input && input.id && !label.htmlFor) { label.htmlFor = input.id; }
    });
  }
  function start() {
    labelQuizInputs(document);
    new MutationObserver(function () { labelQuizInputs(document); })
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
