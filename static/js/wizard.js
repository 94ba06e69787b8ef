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
