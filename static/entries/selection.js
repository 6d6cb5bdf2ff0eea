// Keeps the label of a "Submit N entries" / "Approve N selected" button in step with the
// entries ticked for its form (the ticks may sit outside the form, tied to it by form="…").
// Without this script the button still works: the server reports what it did entry by entry.
(function () {
  "use strict";

  function ticked(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.type === "checkbox" && element.name === "entries" && element.checked;
    }).length;
  }

  function relabel(button) {
    var count = ticked(button.form);
    var label = button.dataset.countLabel;
    if (count === 0 && button.dataset.countNone) {
      label = button.dataset.countNone;
    } else if (count === 1 && button.dataset.countOne) {
      label = button.dataset.countOne;
    }
    button.textContent = label.replace("{n}", String(count));
  }

  document.querySelectorAll("button[data-count-label]").forEach(function (button) {
    if (!button.form) {
      return;
    }
    relabel(button);
    document.addEventListener("change", function (event) {
      if (event.target.form === button.form) {
        relabel(button);
      }
    });
  });
})();
