"""Web layer: thin routes that parse a request, call a service, and render HTML or JSON."""

from app.web import convertors

# Route paths compile when their modules import, so bounded ids must be in place first.
convertors.install()
