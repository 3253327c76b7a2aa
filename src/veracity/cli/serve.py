"""``veracity serve``: the newsroom web app and HTTP API over a store."""

from __future__ import annotations

import argparse

from veracity.cli.common import store_option


def add_parser(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", parents=[store_option()],
                                help="the newsroom web app and HTTP API over a store")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    serve.add_argument("--max-upload-mb", type=float, default=10.0, metavar="MB",
                       help="refuse request bodies larger than this (default 10)")
    serve.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                       help="let pages from this origin call the API (repeatable; default: none)")
    serve.add_argument("--host-name", action="append", default=[], metavar="NAME",
                       help="a name this server is reached by, besides the --host address (repeatable; requests "
                            "for any other Host are refused, which stops DNS rebinding)")
    serve.add_argument("--analysis-process", action="store_true",
                       help="run the analyses in a process of their own: readers wait less behind uploads "
                            "(about a tenth, measured), at 0.2-0.6 GB more memory")
    serve.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from veracity.model_packages import require_extra

    require_extra("web", "serve")
    require_extra("audio", "serve (its recording panel)")
    from veracity.web.origins import host_names
    from veracity.web.server import serve
    from veracity.web.settings import WebSettings

    settings = WebSettings.from_environment(args.store, max_upload_bytes=int(args.max_upload_mb * 1024 * 1024),
                                            cors_origins=tuple(args.cors_origin),
                                            host_names=host_names(args.host, tuple(args.host_name)),
                                            server_name=f"{args.host}:{args.port}",
                                            analysis_process=args.analysis_process)
    return serve(settings, host=args.host, port=args.port)
