"""Pure domain logic: imports neither discord nor the database layer."""
