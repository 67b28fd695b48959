"""Small widgets shared by pages and dialogs."""
