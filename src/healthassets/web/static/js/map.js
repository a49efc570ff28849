// Choropleth of an indicator in benchmark colours with Leaflet over the bundled boundaries (no
// tiles: the closed network has none, and the boundaries are the map). Keyboard: every area is a
// focusable path with its name, value and benchmark as its label; Enter opens the area.
(function () {
  var holder = document.getElementById('choropleth')
  if (!holder || !window.L) return
  var bounds = null
  var map = L.map(holder, { zoomSnap: 0.25, attributionControl: true, keyboard: true, maxZoom: 18 })
  map.attributionControl.setPrefix(false)
  map.attributionControl.addAttribution('Source: Office for National Statistics licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right 2025.')
  fetch(holder.getAttribute('data-geojson')).then(function (r) { return r.json() }).then(function (data) {
    var layer = L.geoJSON(data, {
      style: function (f) { return { color: '#ffffff', weight: 1, fillColor: f.properties.colour, fillOpacity: 0.9 } },
      onEachFeature: function (f, l) {
        var p = f.properties
        var text = p.name + ': ' + p.value_text + ' (' + p.benchmark_text + ')'
        l.bindTooltip(text)
        l.on('add', function () {
          var el = l.getElement()
          if (!el) return
          el.setAttribute('tabindex', '0')
          el.setAttribute('role', 'link')
          el.setAttribute('aria-label', text)
          el.addEventListener('keydown', function (e) { if (e.key === 'Enter') window.location.href = p.url })
          el.addEventListener('focus', function () { l.openTooltip() })
          el.addEventListener('blur', function () { l.closeTooltip() })
        })
        l.on('click', function () { window.location.href = p.url })
      }
    }).addTo(map)
    if (data.features.length) { bounds = layer.getBounds(); map.fitBounds(bounds) }
    holder.setAttribute('data-ready', String(data.features.length))
  })
  // the map may start in a hidden tab: redraw when shown
  function refit () { setTimeout(function () { map.invalidateSize(); if (bounds) map.fitBounds(bounds) }, 50) }
  window.addEventListener('hashchange', refit)
  document.querySelectorAll('.govuk-tabs__tab').forEach(function (tab) { tab.addEventListener('click', refit) })
})()
