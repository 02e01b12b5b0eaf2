"""dockfix: rewrites Dockerfiles into safer, smaller, faster-building forms."""

__version__ = "0.1.0"
