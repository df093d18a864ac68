"""Start web server, Celery worker and Celery beat together; Ctrl-C stops all three.

Used by `make run`. Each process runs from the project's virtualenv with the same
environment, so they share the database and broker (SQLite and the filesystem broker in
var/ unless DATABASE_URL and CELERY_BROKER_URL are set).
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args()
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{args.port}")
    # The demo's users have no authenticator app: the second factor is off unless asked for.
    os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")
    two_factor_on = os.environ["TWO_FACTOR_REQUIRED"].strip().lower() in {"1", "true", "yes", "on"}
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    commands = {
        "web": [
            str(BIN / "gunicorn"),
            "belangenbehartiger.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--graceful-timeout",
            "5",
        ],
        "worker": [
            str(BIN / "celery"),
            "-A",
            "belangenbehartiger",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
            "--hostname",
            "worker@%h",
        ],
        "beat": [
            str(BIN / "celery"),
            "-A",
            "belangenbehartiger",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(var / "celerybeat-schedule"),
        ],
    }
    # The children stay in our process group: Ctrl-C in the terminal (SIGINT) and a closed
    # terminal (SIGHUP) reach all of them directly, so none is left behind.
    processes = {
        name: subprocess.Popen(cmd, cwd=ROOT)  # noqa: S603
        for name, cmd in commands.items()
    }
    print(f"\nBelangenbehartiger draait op http://127.0.0.1:{args.port}/  (Ctrl-C stopt alles)")
    if two_factor_on:
        print("Inloggen in twee stappen is verplicht voor het team (TWO_FACTOR_REQUIRED=true).\n")
    else:
        print(
            "Let op: inloggen in twee stappen staat UIT voor deze demo (TWO_FACTOR_REQUIRED=false);"
            " in productie staat het aan.\n"
        )

    def stop(sig: int = signal.SIGTERM) -> None:
        for proc in processes.values():
            if proc.poll() is None:
                proc.send_signal(sig)
        deadline = time.monotonic() + 15
        for proc in processes.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()

    def on_signal(signum, _frame) -> None:
        stop(signal.SIGTERM)
        sys.exit(0)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        while True:
            for name, proc in processes.items():
                if proc.poll() is not None:
                    print(f"{name} stopped with exit code {proc.returncode}; stopping the rest.")
                    stop()
                    return proc.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        # The children got the same SIGINT from the terminal; wait for them to finish.
        stop(signal.SIGINT)
        return 0


if __name__ == "__main__":
    sys.exit(main())
