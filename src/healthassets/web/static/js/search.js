// Enhances the area search with accessible-autocomplete (GOV.UK); without JavaScript the form
// submits to /search. Suggestions come from the JSON API (/api/v1/search): postcodes, then areas —
// a ward, MSOA or LSOA with its local authority ("Werneth, Oldham"), an MSOA with its other name.
// Choosing one opens the postcode's page or the area's profile.
(function () {
  var script = document.currentScript
  var container = document.getElementById('search-q-container')
  if (!container || !window.accessibleAutocomplete) return
  var lang = script.getAttribute('data-lang')
  var palette = script.getAttribute('data-palette')
  var sticky = (lang && lang !== 'en' ? '&lang=' + lang : '') + (palette && palette !== 'fingertips' ? '&palette=' + palette : '')
  var found = {}
  var latest = 0 // answers can arrive out of order: only the newest query's populates the list
  var original = document.getElementById('search-q')
  var describedBy = original.getAttribute('aria-describedby')
  container.removeChild(original)
  function named (area) { return lang === 'cy' && area.name_cy ? area.name_cy : area.name }
  function label (area) {
    var name = named(area) + (area.type === 'ward' && area.authority ? ', ' + named(area.authority) : '')
    var other = lang === 'cy' && area.alt_name_cy ? area.alt_name_cy : area.alt_name
    return name + (other ? ' – ' + other : '') + ' (' + area.type_name + ', ' + area.code + ')'
  }
  function postcodeLabel (found) { return found.postcode + ' (' + script.getAttribute('data-postcode') + ')' }
  window.accessibleAutocomplete({
    element: container,
    id: 'search-q',
    name: 'q',
    minLength: 2,
    showNoOptionsFound: true,
    tNoResults: function () { return script.getAttribute('data-no-results') },
    tAssistiveHint: function () { return script.getAttribute('data-hint') },
    tStatusQueryTooShort: function (min) { return script.getAttribute('data-too-short').replace('%s', min) },
    tStatusNoResults: function () { return script.getAttribute('data-no-results') },
    tStatusSelectedOption: function (option, length, index) {
      return script.getAttribute('data-selected').replace('%1', option).replace('%2', index + 1).replace('%3', length)
    },
    tStatusResults: function (length, contentSelectedOption) {
      return script.getAttribute('data-results').replace('%s', length) + ' ' + contentSelectedOption
    },
    source: function (query, populate) {
      var asked = ++latest
      fetch('/api/v1/search?limit=12&lang=' + (lang || 'en') + '&q=' + encodeURIComponent(query))
        .then(function (r) { return r.ok ? r.json() : { postcodes: [], areas: [] } })
        .then(function (body) {
          if (asked !== latest) return
          found = {}
          var postcodes = body.postcodes.map(function (p) { var text = postcodeLabel(p); found[text] = p.path; return text })
          var areas = body.areas.map(function (a) { var text = label(a); found[text] = '/areas/' + encodeURIComponent(a.code); return text })
          populate(postcodes.concat(areas))
        })
        .catch(function () { if (asked === latest) populate([]) })
    },
    onConfirm: function (chosen) {
      var path = chosen && found[chosen]
      if (path) window.location.href = path + (sticky ? '?' + sticky.slice(1) : '')
    }
  })
  var input = document.getElementById('search-q')
  if (input && describedBy) input.setAttribute('aria-describedby', describedBy + ' ' + (input.getAttribute('aria-describedby') || ''))
})()
