"""Support tools without Qt: the log redactor and the diagnostic bundle."""
