"""The intake request body that the bench and its load run send (POST /api/v1/cases/)."""


def intake_payload() -> dict:
    return {
        "subject_type": "burger",
        "subject_name": "Bench",
        "bsn": "111222333",
        "postcode_area": "3511",
        "consent": True,
        "diensten": ["toeslagen"],
        "themes": ["box-3"],
        "summary": "[bench-intake] casus uit de meting",
        "description": "Bench: een casus uit de meting.",
        "triage_answers": {"in_mandate": True, "first_line_tried": True},
    }
