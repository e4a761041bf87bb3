"""One blueprint per resource; views stay thin: load a schema, call model/, dump a schema."""
