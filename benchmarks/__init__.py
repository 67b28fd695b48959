"""Benchmarks of Image Desk's listing and browsing (``python -m benchmarks``).

They print figures and never assert them. Everything runs against the embedded moto
server on 127.0.0.1, through the loopback paging proxy, with fake credentials.
"""
