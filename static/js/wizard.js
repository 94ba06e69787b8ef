// Progressive enhancement only: every page works without this file.
"use strict";

document.documentElement.classList.replace("no-js", "js");

// Tell screen readers what changed after htmx swaps content in (the swapped element may itself
// be new, so a stable live region in the page announces it).
document.addEventListener("htmx:afterSettle", (event) => {
  const announcer = document.getElementById("announcer");
  const source = event.target.querySelector("[data-announce]");
  if (announcer && source) {
    announcer.textContent = source.dataset.announce;
  }
});

// Walkthrough: arrow keys, Page Up/Down and j/k move between slides (the links work too).
document.addEventListener("keydown", (event) => {
  if (!document.querySelector(".walkthrough")) return;
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const tag = (event.target.tagName || "").toLowerCase();
  if (["input", "textarea", "select"].includes(tag)) return;
  const rel = {
    ArrowRight: "next",
    PageDown: "next",
    j: "next",
    ArrowLeft: "prev",
    PageUp: "prev",
    k: "prev",
  }[event.key];
  const link = rel && document.querySelector(`.walkthrough a[rel="${rel}"]`);
  if (link) {
    event.preventDefault();
    link.click();
  }
});

// A mark the last submission left on a control goes when the person changes that control: the
// check as they type (#plan-check) says what holds now, so a box just ticked is not still marked
// "tick the box".
document.addEventListener("input", (event) => {
  const control = event.target;
  const form = control.form;
  if (!form || form.id !== "details-form" || !control.name) return;
  for (const marked of form.querySelectorAll(`[name="${CSS.escape(control.name)}"].is-invalid`)) {
    marked.classList.remove("is-invalid");
  }
  const wrapper = control.closest("[id^='div_id_']");
  for (const feedback of wrapper ? wrapper.querySelectorAll(".invalid-feedback") : []) {
    feedback.hidden = true;
  }
});
