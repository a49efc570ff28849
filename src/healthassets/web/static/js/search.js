// Enhances the area search with accessible-autocomplete (GOV.UK); without JavaScript the form
// submits to /search. Suggestions come from the JSON API; choosing one opens the area's profile.
(function () {
  var script = document.currentScript
  var container = document.getElementById('search-q-container')
  if (!container || !window.accessibleAutocomplete) return
  var lang = script.getAttribute('data-lang')
  var palette = script.getAttribute('data-palette')
  var sticky = (lang && lang !== 'en' ? '&lang=' + lang : '') + (palette && palette !== 'fingertips' ? '&palette=' + palette : '')
  var found = {}
  var original = document.getElementById('search-q')
  var describedBy = original.getAttribute('aria-describedby')
  container.removeChild(original)
  function label (area) {
    var name = lang === 'cy' && area.name_cy ? area.name_cy : area.name
    return name + ' (' + area.type_name + ', ' + area.code + ')'
  }
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
      fetch('/api/v1/areas?limit=12&lang=' + (lang || 'en') + '&q=' + encodeURIComponent(query))
        .then(function (r) { return r.ok ? r.json() : { areas: [] } })
        .then(function (body) {
          found = {}
          populate(body.areas.map(function (a) { var text = label(a); found[text] = a; return text }))
        })
        .catch(function () { populate([]) })
    },
    onConfirm: function (chosen) {
      var area = chosen && found[chosen]
      if (area) window.location.href = '/areas/' + encodeURIComponent(area.code) + (sticky ? '?' + sticky.slice(1) : '')
    }
  })
  var input = document.getElementById('search-q')
  if (input && describedBy) input.setAttribute('aria-describedby', describedBy + ' ' + (input.getAttribute('aria-describedby') || ''))
})()
