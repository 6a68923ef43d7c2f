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
// A refused form answers at its own address (/findings/97/plan) with the form open, its message on top and an error
// under each field at fault — but the page opened at its top, the message often far below, out of sight. The message
// (form-message partial: data-refused) is brought into view and the first field at fault focused; when that field
// and its error line lie beyond the screen, they are scrolled into view instead. One mechanism for every form.
(function () {
  var message = document.querySelector('[data-refused]');
  if (!message) return;
  message.scrollIntoView({ block: 'start' });
  var error = document.querySelector('main .field-error');
  var box = error && error.closest('label, .field, fieldset');
  var field = error && fieldAtFault(error, box);
  if (!field) return;
  field.focus({ preventScroll: true });
  var bottom = Math.max(field.getBoundingClientRect().bottom, error.getBoundingClientRect().bottom);
  if (bottom > window.innerHeight) (box || error).scrollIntoView({ block: 'nearest' });

  // The control an error line belongs to: in its label (field box, fieldset), else just before it; of a group of
  // radios or checkboxes, the first.
  function fieldAtFault(line, box) {
    var CONTROL = 'input:not([type=hidden]), select, textarea';
    var found = box ? box.querySelector(CONTROL) : null;
    for (var el = line.previousElementSibling; !found && el; el = el.previousElementSibling)
      found = el.matches(CONTROL) ? el : el.querySelector(CONTROL);
    if (
      found &&
      (found.type === 'radio' || found.type === 'checkbox') &&
      found.name &&
      window.CSS &&
      window.CSS.escape
    )
      found =
        (found.form || document).querySelector('[name="' + window.CSS.escape(found.name) + '"]') || found;
    return found;
  }
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
// 登记问题: a finding's unit must belong to its round's audited company (the service refuses any other). A unit select
// marked data-units-of="<round select's name>" offers only that company's units once a round is chosen: its round
// options carry data-company (the company's unit id), its unit options data-path. Without a script all are offered.
document.querySelectorAll('select[data-units-of]').forEach(function (units) {
  var rounds = units.form && units.form.elements[units.getAttribute('data-units-of')];
  if (!rounds) return;
  var narrow = function () {
    var round = rounds.options[rounds.selectedIndex];
    var companyId = round && round.getAttribute('data-company');
    var company = companyId && units.querySelector('option[value="' + companyId + '"]');
    var prefix = company ? company.getAttribute('data-path') : null;
    Array.prototype.forEach.call(units.options, function (o) {
      if (!o.value) return;
      var outside = prefix !== null && (o.getAttribute('data-path') || '').indexOf(prefix) !== 0;
      o.hidden = outside; // not every phone hides an option: disabled ones cannot be chosen either way
      o.disabled = outside;
    });
    var chosen = units.options[units.selectedIndex];
    if (chosen && chosen.disabled) units.value = '';
  };
  rounds.addEventListener('change', narrow);
  narrow();
});
// Upload forms carry the session's form token in their address (?_csrf=…, as their multipart body is read after the
// check), and a refused upload answers at that address: the token is taken out of the address bar and the history,
// where it could be copied into a message or shared. A reload then opens the form's address with GET, which leads back
// to the form's page.
(function () {
  if (!window.URL || !history.replaceState) return;
  var url = new window.URL(window.location.href);
  if (!url.searchParams.has('_csrf')) return;
  url.searchParams.delete('_csrf');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
})();
