"""``zopa serve``: the local what-if page (extra ``[app]``)."""

from __future__ import annotations

from typing import Annotated

import typer

from zopa.cli import app

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@app.command()
def serve(
    scenario: Annotated[str | None, typer.Argument(help="A scenario to open first: a built-in name or a YAML/TOML file.", metavar="[NAME_OR_FILE]")] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. The default answers this computer only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8765,
    threads: Annotated[int, typer.Option("--threads", help="What-ifs computed at once in threads (others wait their turn).", min=1, max=32)] = 2,
    processes: Annotated[int | None, typer.Option("--processes", help="Compute what-ifs in this many worker processes (each keeps its own copy of the scenarios); 0 computes them in threads. Default: one per CPU, at most 4.", min=0, max=32)] = None,
    allow_host: Annotated[list[str] | None, typer.Option("--allow-host", help="Also answer requests for this host name (repeatable; needed when bound elsewhere).", metavar="NAME")] = None,
) -> None:
    """Serve the what-if page: pick a scenario, read it, move its levers and see what changes.

    Every script and style comes from zopa itself; the page works offline.
    """
    import os
    import threading

    try:
        import uvicorn

        from zopa.app import LOOPBACK_HOSTS, create_app
    except ImportError as err:  # pragma: no cover - depends on the install
        typer.echo(f"zopa serve needs the app extra: pip install 'zopa[app]' ({err})", err=True)
        raise typer.Exit(2) from None

    if processes is None:
        cpus = os.cpu_count() or 1
        processes = min(cpus, 4) if cpus > 1 else 0
    hosts = [h for h in LOOPBACK_HOSTS if h != "testserver"] + list(allow_host or [])
    if host not in LOOPBACK:
        typer.echo(
            f"warning: listening on {host}, not on this computer only: anyone who can reach port {port} there can use "
            "this server (it has no login). Use --host 127.0.0.1 to keep it local.", err=True)
        if host not in ("0.0.0.0", "::"):
            hosts.append(host)
        if not allow_host:
            typer.echo("note: requests are accepted for the names " + ", ".join(hosts) + "; add --allow-host NAME for others.", err=True)
    web = create_app(scenario, hosts=hosts, threads=threads, processes=processes)
    svc = web.state.service
    threading.Thread(target=svc.warm, args=(svc.store.default,), daemon=True).start()
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"zopa: serving http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")
