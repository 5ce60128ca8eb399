// Quick exit: leave for a neutral site and replace this page in the history, so Back does not return.
// The link works without this script too; the script only keeps the page out of the history.
(() => {
  const links = document.querySelectorAll('a[data-quick-exit]');
  for (const link of links) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      window.location.replace(link.href);
    });
  }
  // Escape pressed twice quickly also leaves.
  let last = 0;
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || links.length === 0) return;
    const now = Date.now();
    if (now - last < 600) window.location.replace(links[0].href);
    last = now;
  });
})();
