// A little progressive JavaScript: every page works without it.
document.addEventListener('click', function (e) {
  var el = e.target.closest ? e.target.closest('[data-back]') : null;
  if (el && history.length > 1) {
    e.preventDefault();
    history.back();
  }
});
// Forms whose action cannot be undone ask first (data-confirm="…").
document.addEventListener('submit', function (e) {
  var msg = e.target.getAttribute('data-confirm');
  if (msg && !window.confirm(msg)) e.preventDefault();
});
