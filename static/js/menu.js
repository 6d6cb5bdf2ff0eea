/* The main menu on a narrow screen: folded behind the "Menu" button (app.css shows the button
   and hides the menu below 44rem once this script has marked the header "menu-ready"). Without
   the script the button stays hidden and the menu open. Loaded right after the header, so that
   the header exists and a phone never draws the open menu first. */
(function () {
  "use strict";

  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) {
    return; // signed out: no menu
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  }

  setOpen(false);
  header.classList.add("menu-ready");

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });

  // Escape closes the open menu and gives the focus back to its button.
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
