"""Docker Registry HTTP API v2 client for generic registries, Azure ACR and Docker Hub."""
