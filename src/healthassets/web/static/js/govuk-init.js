// Starts GOV.UK Frontend's components (a file, not an inline script: the Content-Security-Policy
// allows scripts from this site only, docs/adr/0073).
import { initAll } from '/static/vendor/govuk/govuk-frontend.min.js'
initAll()
