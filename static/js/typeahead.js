/* Typeahead pickers (accessible-autocomplete, an ARIA combobox with a live count of
 * results) over the fields marked data-typeahead="organization" or "municipality".
 *
 * The page works without this file: a <select> stays a select, an id field stays a
 * text field, a name search stays a search. With it:
 *  - a <select> is hidden and the combobox sets its value on confirmation;
 *  - a text field holding an id is hidden and the combobox fills it;
 *  - a field marked data-typeahead-mode="search" keeps its name (the typed text is still
 *    submitted) and, on confirmation, writes the chosen id into the form's field named by
 *    data-typeahead-target and submits the form.
 * Suggestions come from the JSON endpoints named on this script's tag; all texts too.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || typeof window.accessibleAutocomplete !== 'function') { return; }
  var data = script.dataset;
  var urls = { organization: data.organizationsUrl, municipality: data.municipalitiesUrl };
  var MIN = 2;

  function esc(text) {
    return String(text == null ? '' : text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function place(item) {
    var parts = [];
    if (item.municipality && item.municipality !== item.name) { parts.push(item.municipality); }
    if (item.province) { parts.push(item.province); }
    if (item.district) { parts.push(item.district); }
    return parts.join(' · ');
  }

  function source(kind) {
    var pending = null;
    return function (query, populate) {
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var url = urls[kind] + '?q=' + encodeURIComponent(query);
      fetch(url, { signal: pending.signal, headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (body) { populate(body.items || []); })
        .catch(function (err) { if (err.name !== 'AbortError') { populate([]); } });
    };
  }

  function options(kind, id, defaultValue, onConfirm, name) {
    var opts = {
      element: null,
      id: id,
      name: name || (id + '-typeahead'),
      source: source(kind),
      minLength: MIN,
      defaultValue: defaultValue || '',
      displayMenu: 'overlay',
      showNoOptionsFound: true,
      templates: {
        inputValue: function (item) { return item ? item.name : ''; },
        suggestion: function (item) {
          if (!item) { return ''; }
          if (typeof item === 'string') { return esc(item); }
          var where = place(item);
          return '<span class="typeahead-name">' + esc(item.name) + '</span>' +
            (where ? ' <span class="typeahead-place">' + esc(where) + '</span>' : '');
        }
      },
      onConfirm: onConfirm,
      tNoResults: function () { return data.tNoResults; },
      tStatusQueryTooShort: function (n) { return fill(data.tTooShort, { n: n }); },
      tStatusNoResults: function () { return data.tNoResults; },
      tStatusSelectedOption: function (option, length, index) {
        return fill(data.tSelected, { option: option, n: index + 1, total: length });
      },
      tStatusResults: function (length, selected) {
        return fill(length === 1 ? data.tOneResult : data.tResults, { n: length }) +
          ' ' + (selected || '');
      },
      tAssistiveHint: function () { return data.tHint; }
    };
    return opts;
  }

  function container(after) {
    var div = document.createElement('div');
    div.className = 'typeahead';
    after.insertAdjacentElement('afterend', div);
    return div;
  }

  function enhanceSelect(select, kind) {
    var id = select.id;
    var chosen = select.options[select.selectedIndex];
    var current = chosen && chosen.value ? chosen.textContent.replace(/\s*\([A-Z]{2}\)$/, '') : '';
    select.id = id + '-select';
    select.hidden = true;
    select.setAttribute('aria-hidden', 'true');
    select.tabIndex = -1;
    var opts = options(kind, id, current, function (item) {
      if (item) { select.value = item.id; }
    });
    opts.element = container(select);
    window.accessibleAutocomplete(opts);
    var input = document.getElementById(id);
    copyDescription(select, input);
    if (select.form) {
      select.form.addEventListener('submit', function () {
        if (input && !input.value.trim()) { select.value = ''; }
      });
    }
  }

  function enhanceIdField(field, kind) {
    var id = field.id;
    field.id = id + '-value';
    field.type = 'hidden';
    var opts = options(kind, id, field.value, function (item) {
      if (item) { field.value = item.id; }
    });
    opts.element = container(field);
    window.accessibleAutocomplete(opts);
    copyDescription(field, document.getElementById(id));
  }

  function submit(form) {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  /* A search field: the typed words are still submitted as before. Choosing a suggestion
   * either fills the form's id field and submits (data-typeahead-target) or opens the
   * suggestion's page (data-typeahead-href, "{id}" replaced). */
  function enhanceSearch(field, kind) {
    var form = field.form;
    var target = form && form.elements.namedItem(field.dataset.typeaheadTarget || '');
    var href = field.dataset.typeaheadHref;
    var id = field.id;
    var opts = options(kind, id, field.value, function (item) {
      if (!item) { return; }
      if (href) { window.location.assign(href.replace('{id}', encodeURIComponent(item.id))); }
      else if (target) { target.value = item.id; submit(form); }
    }, field.name);
    opts.confirmOnBlur = false;  // leaving the field must not submit the search
    if (field.placeholder) { opts.placeholder = field.placeholder; }
    opts.element = container(field);
    field.remove();
    window.accessibleAutocomplete(opts);
    // Enter with no suggestion highlighted searches for the words typed (the widget alone
    // would keep the open menu and do nothing).
    opts.element.addEventListener('keydown', function (event) {
      var input = document.getElementById(id);
      if (event.key === 'Enter' && form && event.target === input &&
          !input.getAttribute('aria-activedescendant')) {
        event.preventDefault();
        submit(form);
      }
    }, true);
  }

  function copyDescription(from, to) {
    if (!to) { return; }
    ['aria-describedby', 'aria-invalid'].forEach(function (attr) {
      var value = from.getAttribute(attr);
      if (value) { to.setAttribute(attr, value); }
    });
  }

  document.querySelectorAll('[data-typeahead]').forEach(function (field) {
    var kind = field.dataset.typeahead;
    if (!urls[kind] || !field.id) { return; }
    if (field.tagName === 'SELECT') { enhanceSelect(field, kind); }
    else if (field.dataset.typeaheadMode === 'search') { enhanceSearch(field, kind); }
    else { enhanceIdField(field, kind); }
  });
}());
