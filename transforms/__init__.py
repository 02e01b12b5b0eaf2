"""dockfix's transforms, one module each; shipped as ``dockfix.transforms``.

A module defines a ``dockfix.fixing.registry.Transform`` subclass; defining it
registers it.  Modules whose names start with ``_`` are helpers, not loaded
as transforms.
"""
