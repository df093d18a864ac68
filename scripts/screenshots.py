"""Screenshots of the team's case workspace at 390 px (a phone) and 1280 px, for the README.

Run against a server with the demo data (`make run`, or `manage.py seed_demo` and
`runserver`), with the demo password:

    DEMO_PASSWORD=... .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8000

It logs in as `casemanager`, opens the werkvoorraad, follows the first case that waits for
the casemanager's reaction (the demo's case in a conversation with the Belastingdienst) and
saves a screenshot of its workspace per width in docs/screenshots/: every section, down to
the start of the timeline. It fails when the page is wider than the window, so a
screenshot never hides a horizontal scrollbar.
"""

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (390, 1280)
TIMELINE_SHOWN = 900  # pixels of the timeline in the picture


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="casemanager")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()
    password = os.environ.get("DEMO_PASSWORD")
    if not password:
        print("Set DEMO_PASSWORD to the demo users' password.", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(
                base_url=args.base_url, viewport={"width": width, "height": 900}, locale="nl-NL"
            )
            page = context.new_page()
            page.goto("/inloggen/")
            page.get_by_label("Gebruikersnaam").fill(args.user)
            page.get_by_label("Wachtwoord").fill(password)
            page.locator("main").get_by_role("button").click()
            page.goto("/werkvoorraad/")
            case_url = page.locator("#wacht-op-mij ~ div a").first.get_attribute("href")
            page.goto(case_url.split("#")[0])
            scroll, inner = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                print(f"{width}px: the page is {scroll}px wide", file=sys.stderr)
                return 1
            # Every section, and the timeline's first entries (the rest is more of the same).
            timeline = page.locator("#tijdlijn").bounding_box()
            height = int(timeline["y"] + TIMELINE_SHOWN)
            path = args.out / f"workspace-{width}.png"
            page.screenshot(
                path=str(path),
                full_page=True,
                clip={"x": 0, "y": 0, "width": width, "height": height},
            )
            print(f"{path.relative_to(ROOT)}: {page.url}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
