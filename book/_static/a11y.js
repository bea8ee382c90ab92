/* Alliance Lab: accessibility fixes for what the theme and the quiz library draw in the browser
 * (issue 17). Each fix is small and idempotent, so it runs again whenever the page changes
 * (jupyterquiz and sphinx-copybutton build their elements after the page loads).
 *
 * - Self-checks: feedback is a polite live region, so a screen reader reads it out; a numeric
 *   answer box is tied to its visible label; a question's answers form a labelled radio group;
 *   arrow keys move between answers without submitting one (Space or Enter submits).
 * - Code-copy buttons get an accessible name.
 * - Each interactive chart gets a skip link beside "Skip to main content", so a keyboard user
 *   reaches its controls without tabbing through every link before it.
 */
(function () {
  "use strict";

  function fixQuizzes(root) {
    root.querySelectorAll(".Quiz .Feedback:not([aria-live])").forEach(function (fb) {
      fb.setAttribute("role", "status");
      fb.setAttribute("aria-live", "polite");
      fb.setAttribute("aria-atomic", "true");
    });
    root.querySelectorAll(".Quiz .Answer").forEach(function (answer) {
      var label = answer.querySelector("label.InpLabel");
      var input = answer.querySelector("input.Input-text");
      if (label && input && input.id && !label.htmlFor) { label.htmlFor = input.id; }
      if (answer.querySelector("input[type=radio]") && !answer.hasAttribute("role")) {
        answer.setAttribute("role", "radiogroup");
        var question = answer.parentElement && answer.parentElement.querySelector("[id^=quizQn]");
        if (question) { answer.setAttribute("aria-labelledby", question.id); }
      }
    });
  }

  // Arrow keys in a radio group normally check the next button, and jupyterquiz grades on
  // every check, so ArrowDown answered the next option. Move focus only; Space/Enter answer.
  function onQuizKey(event) {
    var radio = event.target;
    if (!radio || radio.type !== "radio" || !radio.closest(".Quiz .Answer")) { return; }
    var keys = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    if (event.key in keys) {
      event.preventDefault();
      event.stopPropagation();
      var radios = Array.prototype.slice.call(
        radio.closest(".Answer").querySelectorAll("input[type=radio]"));
      var next = radios[(radios.indexOf(radio) + keys[event.key] + radios.length) % radios.length];
      next.focus();
    } else if (event.key === "Enter") {
      event.preventDefault();
      radio.click();
    }
  }

  function nameCopyButtons(root) {
    root.querySelectorAll("button.copybtn:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Copy this code");
    });
  }

  function addChartSkipLinks() {
    // Each link gets a bar of its own, styled like the theme's "Skip to main content" bar: off
    // screen until it has keyboard focus.
    var after = document.getElementById("pst-skip-link");
    var charts = document.querySelectorAll(".alliance-chart[id]");
    if (!after || !charts.length || document.querySelector("a.chart-skip")) { return; }
    charts.forEach(function (chart, i) {
      chart.setAttribute("tabindex", "-1");
      var bar = document.createElement("div");
      bar.className = "skip-link d-print-none";
      var link = document.createElement("a");
      link.className = "chart-skip";
      link.href = "#" + chart.id;
      link.textContent = charts.length === 1 ? "Skip to the interactive chart"
        : "Skip to interactive chart " + (i + 1) + " of " + charts.length;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        chart.scrollIntoView({ block: "start" });
        chart.focus({ preventScroll: true });
      });
      bar.appendChild(link);
      after.insertAdjacentElement("afterend", bar);
      after = bar;
    });
  }

  function fixAll() {
    fixQuizzes(document);
    nameCopyButtons(document);
    addChartSkipLinks();
  }

  function start() {
    fixAll();
    document.addEventListener("keydown", onQuizKey, true);
    var pending = false;
    new MutationObserver(function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; fixAll(); });
    }).observe(document.body, { childList: true, subtree: true });
    window.addEventListener("load", fixAll);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
