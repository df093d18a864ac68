"""Forms that don't shout, in Chromium: an empty required field looks like any other until
the user has touched it (:user-invalid) or the server found an error (aria-invalid)."""

import pytest

from cases import services
from tests import factories

pytestmark = pytest.mark.browser

NORMAL = "rgb(21, 66, 115)"  # lintblauw, the border of every field


def border(page, selector: str) -> str:
    return page.locator(selector).evaluate("el => getComputedStyle(el).borderTopColor")


def background(page, selector: str) -> str:
    return page.locator(selector).evaluate("el => getComputedStyle(el).backgroundColor")


def test_empty_required_fields_are_not_red_before_they_are_touched(page, log_in, helper):
    draft, _ = services.case_draft_create(user=helper, data={"subject_name": "J. Jansen"})
    log_in(page, helper)

    page.goto(f"/casussen/concept/{draft.uuid}/stap/probleem/")
    assert page.locator("#id_description").evaluate("el => el.matches(':invalid')")
    assert border(page, "#id_description") == NORMAL
    assert background(page, "#id_description") == "rgb(255, 255, 255)"

    page.goto(f"/casussen/concept/{draft.uuid}/stap/toestemming/")
    assert border(page, "#id_consent") == NORMAL
    assert border(page, "#id_consent_method_0") == NORMAL


def test_a_field_the_user_left_empty_is_marked_after_touching_it(page, log_in, helper):
    draft, _ = services.case_draft_create(user=helper, data={"subject_name": "J. Jansen"})
    log_in(page, helper)
    page.goto(f"/casussen/concept/{draft.uuid}/stap/probleem/")

    page.locator("#id_description").fill("x")
    page.locator("#id_description").fill("")
    page.locator("#id_summary").focus()

    assert page.locator("#id_description").evaluate("el => el.matches(':user-invalid')")
    assert border(page, "#id_description") != NORMAL


def test_a_field_the_server_refused_is_marked(page, log_in, helper):
    factories.dienst()
    draft, _ = services.case_draft_create(user=helper, data={"subject_name": "J. Jansen"})
    log_in(page, helper)
    page.goto(f"/casussen/concept/{draft.uuid}/stap/probleem/")

    page.get_by_role("button", name="Opslaan en verder").click()

    description = page.locator("#id_description")
    assert description.get_attribute("aria-invalid") == "true"
    assert border(page, "#id_description") != NORMAL
