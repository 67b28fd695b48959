"""Registry clients, one per kind, behind the small interface in ``base``. No Qt."""
