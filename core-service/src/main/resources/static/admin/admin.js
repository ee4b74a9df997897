// Progressive enhancement only: every admin flow works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  for (const all of document.querySelectorAll("[data-select-all]")) {
    const form = all.closest("form");
    const boxes = () => form.querySelectorAll('input[type="checkbox"][name="ids"]');
    all.hidden = false;
    all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
  }
  for (const link of document.querySelectorAll(".select-all-link")) {
    link.hidden = true;
  }
});
