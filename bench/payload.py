"""The intake request body that the bench and its load run send (POST /api/v1/cases/).

Each body is another person (a random made-up BSN that passes the 11-proof), as at a real
intake: the duplicate check then finds what it finds in real life, the odd match, instead
of every bench intake being the same person's."""

import random

_rng = random.Random()


def bench_bsn(rng: random.Random = _rng) -> str:
    """A made-up BSN that passes the 11-proof."""
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def intake_payload(bsn: str | None = None) -> dict:
    return {
        "subject_type": "burger",
        "subject_name": "Bench",
        "bsn": bsn or bench_bsn(),
        "postcode_area": "3511",
        "consent": True,
        "diensten": ["toeslagen"],
        "themes": ["box-3"],
        "summary": "[bench-intake] casus uit de meting",
        "description": "Bench: een casus uit de meting.",
        "triage_answers": {"in_mandate": True, "first_line_tried": True},
    }
