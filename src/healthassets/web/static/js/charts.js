// Progressive enhancement of charts: the server's SVG stays for no-JS and print; with JavaScript the
// same Vega spec (fetched as JSON next to the SVG) is drawn by vega-embed for tooltips, with Vega's
// expression interpreter (ast: true) rather than generated code, which the Content-Security-Policy refuses.
(function () {
  if (!window.vegaEmbed) return
  document.querySelectorAll('[data-chart]').forEach(function (holder) {
    var url = holder.getAttribute('data-chart').replace(/\.svg(\?|$)/, '.json$1')
    fetch(url).then(function (r) { return r.ok ? r.json() : null }).then(function (spec) {
      if (!spec) return
      var target = document.createElement('div')
      window.vegaEmbed(target, spec, { actions: false, renderer: 'svg', ast: true }).then(function () {
        holder.innerHTML = ''
        holder.appendChild(target)
        var svg = target.querySelector('svg')
        if (svg) { svg.setAttribute('aria-hidden', 'true'); svg.setAttribute('focusable', 'false') }
      }).catch(function () {})
    }).catch(function () {})
  })
})()
