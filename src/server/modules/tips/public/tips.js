// Quick exit: leave for a neutral site and replace this page in the history, so Back does not return.
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

// Channel questions: with JavaScript, show only the set matching the chosen type (all stay in the page
// without JavaScript, under their headings). A set with answers is never hidden.
(() => {
  const sets = document.querySelectorAll('fieldset[data-channel]');
  const radios = document.querySelectorAll('input[name="channel"]');
  if (sets.length === 0 || radios.length === 0) return;
  const update = () => {
    const chosen = document.querySelector('input[name="channel"]:checked');
    for (const set of sets) {
      const filled = [...set.querySelectorAll('textarea')].some((area) => area.value.trim() !== '');
      set.hidden = !filled && (!chosen || set.dataset.channel !== chosen.value);
    }
  };
  for (const radio of radios) radio.addEventListener('change', update);
  update();
})();
