"""``dockfix server``: a Language Server over stdio (the editor side of dockfix).

The server needs pygls and lsprotocol, the ``server`` extra (``pip install 'dockfix[server]'``);
the command line never loads them.  Everything else (configuration, transforms, suppressions,
fixes) is the command line's own code: see ``dockfix.app.lsp``.
"""

from __future__ import annotations

import argparse
import sys

MISSING = ("dockfix server: error: the language server needs pygls and lsprotocol, which are not installed;\n"
           "install them with: pip install 'dockfix[server]'")


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="dockfix server",
                                description="Run the dockfix Language Server over stdio (for editors: see the README).")
    p.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default and only transport)")
    p.add_argument("--log-file", metavar="FILE", help="write the server's own log (pygls) to FILE")
    args = p.parse_args(argv)
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        sys.stderr.write(MISSING + "\n")
        return 2
    if args.log_file:
        import logging

        logging.basicConfig(filename=args.log_file, level=logging.INFO)
    from dockfix.app.lsp import serve

    serve()
    return 0
