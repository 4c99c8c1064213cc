"""Features, one extension each. Thin: validate options, call the services, respond once."""
