/*
 * The quick exit of every public page: the button (a link to a neutral
 * site, which works without this script) and the Escape key replace the page
 * in the tab's history, so that the back button does not return to it, after
 * forgetting what the page kept in session storage. A page with more to do
 * first (the chat tells the server the child left) listens for
 * "relais:quick-exit", dispatched just before.
 */
(() => {
  "use strict";
  const button = document.querySelector("[data-quick-exit]");
  if (!button) return;
  const url = button.dataset.quickExit;
  let gone = false;
  const leave = (e) => {
    if (e) e.preventDefault();
    if (gone) return;
    gone = true;
    try { document.dispatchEvent(new CustomEvent("relais:quick-exit")); } catch (_) { /* leaving matters more */ }
    try { sessionStorage.clear(); } catch (_) { /* storage may be off */ }
    location.replace(url);
  };
  button.addEventListener("click", leave);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") leave(e); });
})();
