"""Web layer: thin routes that parse a request, call a service, and render HTML or JSON."""
