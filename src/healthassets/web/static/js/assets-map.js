// Maps of the asset register (Leaflet, bundled boundaries only — no tile server):
// - #asset-map: published assets in the viewport with marker clustering, same filters as the list;
// - #asset-point: one asset's location;
// - #pick-map: click to fill the latitude/longitude fields of the asset form;
// - #postcode-map: a postcode and the assets nearest it (the page's table lists the same).
(function () {
  if (!window.L) return
  var GM = [[53.33, -2.73], [53.69, -1.91]]
  function escaped (text) {
    return String(text).replace(/[&<>"]/g, function (ch) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[ch] })
  }
  function base (el) {
    var map = L.map(el, { keyboard: true, maxZoom: 18, minZoom: 6 })
    map.attributionControl.setPrefix(false)
    map.attributionControl.addAttribution('Boundaries: ONS, OGL v3.0; contains OS data © Crown copyright and database right 2025')
    fetch('/api/v1/boundaries?area_type=ltla&parent=E47000001').then(function (r) { return r.ok ? r.json() : null }).then(function (data) {
      if (data) L.geoJSON(data, { interactive: false, style: { color: '#505a5f', weight: 1, fillColor: '#f3f2f1', fillOpacity: 0.6 } }).addTo(map).bringToBack()
    }).catch(function () {})
    return map
  }
  var holder = document.getElementById('asset-map')
  if (holder) {
    var map = base(holder)
    map.fitBounds(GM)
    var cluster = window.L.markerClusterGroup ? L.markerClusterGroup({ chunkedLoading: true }) : L.layerGroup()
    map.addLayer(cluster)
    var source = holder.getAttribute('data-geojson')
    var truncated = document.getElementById('asset-map-truncated')
    // filtered by an area: the first request has no viewport, and the map fits what it returns
    var fitting = holder.getAttribute('data-fit') === 'area'
    var load = function () {
      var b = map.getBounds()
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5) }).join(',')
      var url = fitting ? source : source + (source.indexOf('?') < 0 ? '?' : '&') + 'bbox=' + bbox
      fetch(url).then(function (r) { return r.json() }).then(function (data) {
        if (truncated) truncated.hidden = !data.truncated
        if (fitting) {
          fitting = false
          var points = data.features.map(function (f) { return [f.geometry.coordinates[1], f.geometry.coordinates[0]] })
          if (points.length) map.fitBounds(points, { maxZoom: 15 })
        }
        cluster.clearLayers()
        var markers = data.features.map(function (f) {
          var c = f.geometry.coordinates
          var m = L.marker([c[1], c[0]], { title: f.properties.name, alt: f.properties.name, keyboard: true })
          m.bindPopup('<a href="/assets/' + encodeURIComponent(f.properties.id) + '">' + f.properties.name.replace(/[&<>"]/g, function (ch) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[ch] }) + '</a>')
          return m
        })
        if (cluster.addLayers) cluster.addLayers(markers); else markers.forEach(function (m) { cluster.addLayer(m) })
        holder.setAttribute('data-ready', String(markers.length))
      })
    }
    map.on('moveend', load)
    load()
  }
  var point = document.getElementById('asset-point')
  if (point) {
    var lat = parseFloat(point.getAttribute('data-lat')); var lon = parseFloat(point.getAttribute('data-lon'))
    var small = base(point)
    small.setView([lat, lon], 14)
    L.circleMarker([lat, lon], { radius: 9, color: '#0b0c0c', fillColor: '#1d70b8', fillOpacity: 0.9 }).addTo(small)
  }
  var pick = document.getElementById('pick-map')
  if (pick) {
    var latInput = document.getElementById('latitude'); var lonInput = document.getElementById('longitude')
    var pm = base(pick)
    var marker = null
    var place = function (latlng) {
      if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(pm)
    }
    // typed coordinates may be anything ("53,5", "abc"): only real latitudes/longitudes move the map
    var typedLat = parseFloat(latInput.value); var typedLon = parseFloat(lonInput.value)
    var usable = isFinite(typedLat) && isFinite(typedLon) && Math.abs(typedLat) <= 90 && Math.abs(typedLon) <= 180
    if (usable) { pm.setView([typedLat, typedLon], 14); place([typedLat, typedLon]) } else pm.fitBounds(GM)
    pm.on('click', function (e) {
      latInput.value = e.latlng.lat.toFixed(6); lonInput.value = e.latlng.lng.toFixed(6); place(e.latlng)
    })
  }
  var near = document.getElementById('postcode-map')
  if (near) {
    var here = [parseFloat(near.getAttribute('data-lat')), parseFloat(near.getAttribute('data-lon'))]
    var assets = JSON.parse(near.getAttribute('data-assets') || '[]')
    var nm = base(near)
    var points = [here]
    assets.forEach(function (a) {
      var m = L.marker([a.latitude, a.longitude], { title: a.name, alt: a.name, keyboard: true }).addTo(nm)
      m.bindPopup('<a href="/assets/' + encodeURIComponent(a.id) + '">' + escaped(a.name) + '</a> (' + escaped(a.distance) + ')')
      points.push([a.latitude, a.longitude])
    })
    L.circleMarker(here, { radius: 9, color: '#0b0c0c', fillColor: '#d4351c', fillOpacity: 0.9 })
      .bindTooltip(escaped(near.getAttribute('data-postcode'))).addTo(nm)
    nm.fitBounds(points, { padding: [20, 20], maxZoom: 15 })
  }
})()
