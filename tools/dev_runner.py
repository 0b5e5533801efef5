"""`make run`: the bot in development mode plus the Agents Playground wired to it.

Ctrl-C (or either process ending) stops both.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tools import PROJECT_ROOT
from tools.demo_users import ROLES, demo_user, playground_config

PLAYGROUND_PORT = 56150
BOT_PORT = 3978


def _wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=1):
                return True
        except OSError:
            time.sleep(0.3)
    return False


def _port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def run_dev(role: str) -> int:
    if role not in ROLES:
        print(
            f"meldroute: unknown role '{role}'; choose one of: {', '.join(ROLES)}", file=sys.stderr
        )
        return 2
    busy = [port for port in (BOT_PORT, PLAYGROUND_PORT) if _port_in_use(port)]
    if busy:
        print(
            f"meldroute: port {' and '.join(map(str, busy))} is in use (another 'make run'?); "
            "stop it first",
            file=sys.stderr,
        )
        return 1
    var = PROJECT_ROOT / "var"
    var.mkdir(exist_ok=True)
    config_path = var / "playground.yml"
    config_path.write_text(playground_config(role), encoding="utf-8")

    bot_env = {
        **os.environ,
        "MELDROUTE_ENV": os.environ.get("MELDROUTE_ENV", "development"),
        "PORT": str(BOT_PORT),
    }
    bot = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=PROJECT_ROOT, env=bot_env)
    if not _wait_until_up(f"http://127.0.0.1:{BOT_PORT}/readyz", bot, 60):
        bot.terminate()
        print("meldroute: the bot did not start; see the lines above", file=sys.stderr)
        return 1

    playground_env = {
        **os.environ,
        "TEAMSAPPTESTER_BROWSER": "none",
        "M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(config_path),
    }
    binary = Path(PROJECT_ROOT, "node_modules", ".bin", "agentsplayground")
    playground = subprocess.Popen(
        [
            str(binary),
            "-e",
            f"http://localhost:{BOT_PORT}/api/messages",
            "-c",
            "msteams",
            "--dt",
            "-p",
            str(PLAYGROUND_PORT),
        ],
        cwd=PROJECT_ROOT,
        env=playground_env,
    )
    user = demo_user(role)
    if not _wait_until_up(f"http://127.0.0.1:{PLAYGROUND_PORT}/_debug/ping", playground, 60):
        print("meldroute: the Playground did not start; see the lines above", file=sys.stderr)
    else:
        print(
            f"\n  Meldroute is running. Open http://localhost:{PLAYGROUND_PORT} in your browser.\n"
            f"  You are {user.name} ({user.role}). Other roles: make run AS=<{'|'.join(ROLES)}>\n"
            "  Press Ctrl-C to stop.\n",
            flush=True,
        )
    processes = (bot, playground)
    stopping: list[int] = []
    # Ctrl-C in a terminal, and also SIGTERM (or SIGINT where a shell started us with it ignored).
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda number, _frame: stopping.append(number))
    try:
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.3)
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT if process is bot else signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0
