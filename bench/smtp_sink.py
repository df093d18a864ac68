"""A real local SMTP server for the reminder row of `make bench` (aiosmtpd): accepts every
message on 127.0.0.1 and counts them, writing the count to a file after each one.

    python bench/smtp_sink.py --port 8125 --count-file /tmp/count
"""

import argparse
import asyncio
from pathlib import Path

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self, count_file: Path):
        self.count_file = count_file
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        self.count_file.write_text(str(self.count))
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--count-file", type=Path, required=True)
    args = parser.parse_args()
    args.count_file.write_text("0")
    controller = Controller(CountingHandler(args.count_file), hostname="127.0.0.1", port=args.port)
    controller.start()
    try:
        asyncio.run(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
