"""The healthassets web site: server-rendered pages (Jinja2 + GOV.UK Frontend) over the services."""
