"""Command-line arguments that choose transforms and pass them options,
shared by ``dockfix``, ``dockfix pr`` and ``dockfix verify``."""

from __future__ import annotations


def csv(value: str) -> list[str]:
    """``a, b,,c`` -> ``["a", "b", "c"]`` (argparse ``type=``)."""
    return [v.strip() for v in value.split(",") if v.strip()]


def add_arguments(p, config_help: str = "use this configuration file instead of the nearest one") -> None:
    """--unsafe-fixes/--no-unsafe-fixes, --select/--extend-select/--ignore, --config, --option."""
    p.add_argument("--unsafe-fixes", action="store_true", default=None, help="also apply fixes marked unsafe")
    p.add_argument("--no-unsafe-fixes", dest="unsafe_fixes", action="store_false",
                   help="never apply unsafe fixes (overrides config)")
    p.add_argument("--select", type=csv, metavar="NAME,...",
                   help="run only these transforms (names, codes, DL codes, or ALL)")
    p.add_argument("--extend-select", type=csv, metavar="NAME,...", help="add these to the selected transforms")
    p.add_argument("--ignore", type=csv, metavar="NAME,...", help="skip these transforms")
    p.add_argument("--config", metavar="FILE", help=config_help)
    p.add_argument("--option", action="append", metavar="KEY=VALUE",
                   help="a transform option, as in the config file (repeatable; dockfix explain NAME lists them)")


def parse_options(pairs) -> dict:
    """``--option KEY=VALUE`` values as a dict; ValueError naming a bad one (not KEY=VALUE,
    an unknown option, or a value that is not of the option's type)."""
    from dockfix.fixing.registry import validate_options

    options: dict = {}
    for kv in pairs or []:
        if "=" not in kv:
            raise ValueError(f"--option takes KEY=VALUE, got {kv!r}")
        k, v = kv.split("=", 1)
        options[k.strip()] = v
    validate_options(options)
    return options


def unknown_selector(args, transforms) -> str | None:
    """Why the --select/--extend-select/--ignore values name no transform (None: they all do)."""
    from dockfix.fixing import registry

    for opt in ("select", "extend_select", "ignore"):
        for s in getattr(args, opt, None) or []:
            if not any(registry.matches(t, s) for t in transforms):
                return f"unknown transform {s!r} in --{opt.replace('_', '-')} (see dockfix --list)"
    return None


def overrides(select, extend_select, ignore, unsafe_fixes, options=None, context=None) -> dict:
    """What the command line sets over the configuration (``config.override`` keywords); None keeps the config's."""
    import os

    def tup(v):
        return tuple(v) if v is not None else None

    return dict(select=tup(select), extend_select=tup(extend_select), ignore=tup(ignore), unsafe_fixes=unsafe_fixes,
                context=os.path.abspath(context) if context else None, options=options or None)


def registry_flag_options(args, options: dict) -> None:
    """Set the options that ``--pin``, ``--offline``, ``--refresh-pins`` and ``--insecure-registry``
    stand for (``dockfix`` and ``dockfix pr``)."""
    if args.pin:
        options["pin"] = True
    if args.offline:
        options["offline"] = True
    if args.refresh_pins:
        options["refresh-pins"] = True
    if args.insecure_registry:
        options["insecure-registries"] = list(args.insecure_registry)
