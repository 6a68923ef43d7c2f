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
// A page that opens at a section after a form (/findings/1#evidence-view) shows the form's message there, under the
// section's heading, where the user looks — not at the top of the page, off the screen. Without script it stays on top.
(function () {
  var flash = document.querySelector('main > .flash');
  var id = window.location.hash ? decodeURIComponent(window.location.hash.slice(1)) : '';
  var target = id && document.getElementById(id);
  if (!flash || !target || target.tagName !== 'SECTION') return;
  var heading = target.querySelector('h2');
  if (!heading || heading.parentNode !== target) return;
  heading.parentNode.insertBefore(flash, heading.nextSibling);
  target.scrollIntoView();
})();
// A closed select shows one line, and on a phone a long choice is cut off — 督察轮次's names differ only towards
// their end. A select marked data-full-choice shows its choice in full under it (on phones only: app.css).
document.querySelectorAll('select[data-full-choice]').forEach(function (select) {
  var line = document.createElement('small');
  line.className = 'full-choice';
  line.setAttribute('aria-hidden', 'true');
  select.parentNode.insertBefore(line, select.nextSibling);
  var show = function () {
    var chosen = select.options[select.selectedIndex];
    line.textContent = chosen && chosen.value ? chosen.textContent : '';
  };
  select.addEventListener('change', show);
  show();
});
