// Weekly 举一反三 form: "再加一条问题" adds a blank row (the form works without it: three blank rows are always there).
(function () {
  var button = document.querySelector('[data-add-item]');
  var list = document.getElementById('weekly-items');
  var template = document.getElementById('weekly-item-template');
  if (!button || !list || !template) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    var i = list.querySelectorAll('fieldset.weekly-item').length;
    var html = template.innerHTML.replace(/__I__/g, String(i)).replace(/__N__/g, String(i + 1));
    list.insertAdjacentHTML('beforeend', html);
    var first = list.lastElementChild && list.lastElementChild.querySelector('textarea');
    if (first) first.focus();
  });
  // Typing a problem chooses "发现同类问题" for the user.
  list.addEventListener('input', function () {
    var found = document.querySelector('input[name=noneFound][value=false]');
    var none = document.querySelector('input[name=noneFound][value=true]');
    if (found && none && !none.checked) found.checked = true;
  });
})();
