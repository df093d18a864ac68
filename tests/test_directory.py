"""The first-line help directory: the CSV import, who helps where, the public page and API,
and the referral suggestion on the triage page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from belangenbehartiger.errors import InvalidInput
from demo.directory import seed_directory
from directory import selectors, services
from directory.models import DirectoryImport, HelpOrganisation

from . import factories
from .test_query_counts import assert_constant

HEADER = "code,name,kind,audiences,postcode_ranges,nationwide,languages,income_limit,email,website"


def _csv(*rows: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO("\n".join([header, *rows]).encode())


def _import(*rows: str, dry_run: bool = False, header: str = HEADER):
    return services.directory_import_csv(
        file=_csv(*rows, header=header), actor=None, dry_run=dry_run, filename="gids.csv"
    )


# --- the CSV import --------------------------------------------------------------------------


def test_import_creates_organisations_with_their_service_areas(db):
    report = _import(
        "sr-utrecht,Sociaal Raadslieden Utrecht,sociaal_raadslieden,burgers jongeren,"
        "3500-3585 3600,nee,nl en ar,,info@example.org,https://example.org",
        "jl-land,Juridisch Loket landelijk,juridisch_loket,burgers;ondernemers,,ja,nl,,,",
    )
    assert (report.created, report.updated, report.refused) == (2, 0, [])
    utrecht = HelpOrganisation.objects.get(code="sr-utrecht")
    assert [str(a) for a in utrecht.service_areas.all()] == ["3500–3585", "3600"]
    assert utrecht.audiences == ["burgers", "jongeren"]
    assert utrecht.language_codes == ["nl", "en", "ar"]
    assert HelpOrganisation.objects.get(code="jl-land").nationwide is True


def test_a_known_code_updates_the_organisation_and_replaces_its_area(db):
    factories.help_organisation(code="sr-utrecht", ranges=[(3500, 3585)], name="Oud")
    report = _import("sr-utrecht,Nieuw,sociaal_raadslieden,burgers,3511,,,,,")
    assert (report.created, report.updated) == (0, 1)
    organisation = HelpOrganisation.objects.get(code="sr-utrecht")
    assert organisation.name == "Nieuw"
    assert [str(a) for a in organisation.service_areas.all()] == ["3511"]


def test_refused_rows_are_reported_with_line_and_every_reason_and_change_nothing(db):
    report = _import(
        "goed,Goede rij,schuldhulp,burgers,3000-3089,,,,,",
        "fout,,winkel,dieren,3600-3500 12,,xx,veel,geen-mail,",
        "lokaal,Zonder gebied,schuldhulp,burgers,,nee,,,,",
    )
    assert report.created == 1
    assert list(HelpOrganisation.objects.values_list("code", flat=True)) == ["goed"]
    refused = {row.code: row for row in report.refused}
    assert [row.line for row in report.refused] == [3, 4]
    errors = " | ".join(refused["fout"].errors)
    for expected in (
        "name:",
        "kind:",
        "Onbekende doelgroep: dieren",
        "‘3600-3500’: de reeks loopt achteruit",
        "‘12’ is geen postcode of reeks",
        "Onbekende taalcode ‘xx’",
        "Een inkomensgrens is een bedrag in hele euro's",
        "email:",
    ):
        assert expected in errors, (expected, errors)
    assert "zet ‘nationwide’ op ja" in " ".join(refused["lokaal"].errors)


def test_a_code_twice_in_one_file_refuses_the_second_row(db):
    report = _import(
        "dubbel,Eerste,schuldhulp,burgers,3000,,,,,",
        "dubbel,Tweede,schuldhulp,burgers,3001,,,,,",
    )
    assert report.created == 1
    assert report.refused[0].errors == ["code: komt al voor in regel 2"]
    assert HelpOrganisation.objects.get(code="dubbel").name == "Eerste"


def test_a_dry_run_reports_but_saves_nothing(db):
    factories.help_organisation(code="bestaat")
    report = _import(
        "bestaat,Bijgewerkt,schuldhulp,burgers,3000,,,,,",
        "nieuw,Nieuw,schuldhulp,burgers,3000,,,,,",
        dry_run=True,
    )
    assert (report.created, report.updated) == (1, 1)
    assert not HelpOrganisation.objects.filter(code="nieuw").exists()
    assert HelpOrganisation.objects.get(code="bestaat").name != "Bijgewerkt"
    record = DirectoryImport.objects.get()
    assert (record.dry_run, record.created, record.updated) == (True, 1, 1)


def test_each_import_is_recorded_with_its_refused_rows(db, admin_user):
    services.directory_import_csv(
        file=_csv("x,,schuldhulp,burgers,3000,,,,,"), actor=admin_user, filename="a.csv"
    )
    record = DirectoryImport.objects.get()
    assert (record.imported_by, record.filename, record.refused) == (admin_user, "a.csv", 1)
    assert record.report[0]["line"] == 2
    assert "name:" in record.report[0]["errors"][0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg"),
        (b"code,naam\nx,y", "kolommen ontbreken: name, kind, audiences"),
        (f"{HEADER},telefoonnummer\n".encode(), "onbekende kolommen: telefoonnummer"),
        ("code,name,kind,audiences\nx,Café,schuldhulp,burgers".encode("latin-1"), "UTF-8"),
    ],
)
def test_a_malformed_file_is_refused_as_a_whole(db, content, message):
    with pytest.raises(InvalidInput, match=message):
        services.directory_import_csv(file=io.BytesIO(content), actor=None)
    assert not HelpOrganisation.objects.exists()
    assert not DirectoryImport.objects.exists()


def test_semicolon_separated_files_from_dutch_spreadsheets_are_read(db):
    header = "code;name;kind;audiences;postcode_ranges"
    report = _import("a;A;schuldhulp;burgers;3000-3010", header=header)
    assert report.created == 1


def test_too_many_rows_refuse_the_file(db, settings):
    settings.DIRECTORY_IMPORT_MAX_ROWS = 2
    rows = [f"c{i},C,schuldhulp,burgers,3000,,,,," for i in range(3)]
    with pytest.raises(InvalidInput, match="meer dan 2 rijen"):
        _import(*rows)


def test_the_management_command_imports_and_lists_refused_rows(db, tmp_path, capsys):
    path = tmp_path / "gids.csv"
    path.write_text(
        "\n".join([HEADER, "a,A,schuldhulp,burgers,3000,,,,,", "b,,schuldhulp,burgers,3000,,,,,"])
    )
    call_command("import_directory", str(path))
    out, err = capsys.readouterr()
    assert "created 1, updated 0, refused 1" in out
    assert "line 3 (b): name:" in err
    assert HelpOrganisation.objects.filter(code="a").exists()


def test_the_admin_import_screen_shows_what_was_refused_and_why(db):
    admin = factories.team_member(role="admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    url = "/beheer/directory/helporganisation/import/"
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "gids.csv",
        "\n".join(
            [HEADER, "a,A,schuldhulp,burgers,3000,,,,,", "b,B,schuldhulp,katten,3000,,,,,"]
        ).encode(),
        content_type="text/csv",
    )
    response = client.post(url, {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Onbekende doelgroep: katten" in body
    assert 'data-testid="refused">1<' in body
    assert HelpOrganisation.objects.filter(code="a").exists()


def test_the_admin_import_screen_needs_the_admins_permissions(db):
    staff = factories.team_member(role="admin", is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get("/beheer/directory/helporganisation/import/").status_code == 403


# --- who helps where -------------------------------------------------------------------------


def test_an_area_is_covered_by_ranges_that_include_it_both_ends_included(db):
    inside = factories.help_organisation(ranges=[(3500, 3511)])
    factories.help_organisation(ranges=[(3512, 3600)])
    factories.help_organisation(ranges=[(3500, 3600)], active=False)
    factories.help_organisation(nationwide=True)
    found = selectors.organisations_for_area(postcode_area="3511")
    assert list(found) == [inside]


def test_the_audience_narrows_who_helps(db):
    for_business = factories.help_organisation(audiences=("ondernemers",))
    factories.help_organisation(audiences=("burgers",))
    found = selectors.organisations_for_area(postcode_area="3511", audience="ondernemers")
    assert list(found) == [for_business]


def test_local_coverage_merges_ranges_and_ignores_nationwide_and_inactive(db):
    factories.help_organisation(ranges=[(3500, 3510), (3511, 3520)])
    factories.help_organisation(ranges=[(4000, 4100)], active=False)
    factories.help_organisation(nationwide=True)
    coverage = selectors.LocalCoverage()
    assert [coverage.covers(area) for area in (3499, 3500, 3515, 3520, 3521, 4050)] == [
        False,
        True,
        True,
        True,
        False,
        False,
    ]
    assert coverage.organisations_overlapping(3500, 3599) == 1


# --- the public page -------------------------------------------------------------------------


def test_help_nearby_works_logged_out_and_finds_help_for_a_full_postcode(client, db):
    factories.help_organisation(name="Sociaal Raadslieden Utrecht", ranges=[(3500, 3585)])
    response = client.get("/hulp-in-de-buurt/", {"postcode": "3511 ab"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sociaal Raadslieden Utrecht" in body
    assert "1 organisatie helpt in postcodegebied 3511" in body


def test_help_nearby_shows_the_income_limit_as_an_amount(client, db):
    factories.help_organisation(ranges=[(3500, 3585)], income_limit=2400)
    body = client.get("/hulp-in-de-buurt/", {"postcode": "3511"}).content.decode()
    assert "tot € 2.400,00 netto per maand" in body.replace("\xa0", " ")


def test_help_nearby_says_when_there_is_none_and_offers_nationwide_help(client, db):
    factories.help_organisation(ranges=[(3500, 3585)])
    factories.help_organisation(name="Juridisch Loket landelijk", nationwide=True)
    body = client.get("/hulp-in-de-buurt/", {"postcode": "4501"}).content.decode()
    assert "Wij kennen nog geen hulp bij u in de buurt (postcodegebied 4501)" in body
    assert "Juridisch Loket landelijk" in body


def test_help_nearby_refuses_what_is_not_a_postcode(client, db):
    response = client.get("/hulp-in-de-buurt/", {"postcode": "Utrecht"})
    assert response.status_code == 400
    assert "Vul een postcode in, bijvoorbeeld 3511" in response.content.decode()


def test_help_nearby_stores_nothing(client, db):
    response = client.get("/hulp-in-de-buurt/", {"postcode": "3511"})
    assert "sessionid" not in response.cookies


def test_help_nearby_runs_a_constant_number_of_queries(client, db):
    factories.help_organisation()
    assert_constant(
        client,
        "/hulp-in-de-buurt/?postcode=3511",
        lambda: [
            factories.help_organisation(ranges=[(3500, 3600), (3700, 3800)]) for _ in range(4)
        ],
    )


# --- the public API --------------------------------------------------------------------------


def test_the_directory_api_is_public_and_answers_who_helps_here(db):
    local = factories.help_organisation(code="lokaal", ranges=[(3500, 3585)])
    factories.help_organisation(code="elders", ranges=[(1000, 1100)])
    factories.help_organisation(code="landelijk", nationwide=True)
    response = APIClient().get("/api/v1/directory/", {"postcode_area": "3511"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["code"] for row in rows] == ["lokaal", "landelijk"]
    assert rows[0]["service_areas"] == [{"postcode_from": 3500, "postcode_to": 3585}]
    assert rows[0]["audiences"] == ["burgers"]
    assert rows[0]["name"] == local.name


def test_the_directory_api_filters_on_audience(db):
    factories.help_organisation(code="b", audiences=("burgers",))
    factories.help_organisation(code="o", audiences=("ondernemers",))
    response = APIClient().get(
        "/api/v1/directory/", {"postcode_area": "3511", "audience": "ondernemers"}
    )
    assert [row["code"] for row in response.json()["results"]] == ["o"]


@pytest.mark.parametrize(
    "query",
    [{"postcode_area": "35"}, {"postcode_area": "abcd"}, {"audience": "katten"}, {"stad": "x"}],
)
def test_the_directory_api_refuses_bad_parameters(db, query):
    response = APIClient().get("/api/v1/directory/", query)
    assert response.status_code == 400
    assert set(query) <= set(response.json())


def test_the_directory_api_shows_one_organisation_by_code_and_not_an_inactive_one(db):
    factories.help_organisation(code="actief")
    factories.help_organisation(code="weg", active=False)
    client = APIClient()
    assert client.get("/api/v1/directory/actief/").json()["code"] == "actief"
    assert client.get("/api/v1/directory/weg/").status_code == 404


def test_the_directory_api_is_read_only(db):
    response = APIClient().post("/api/v1/directory/", {"code": "x"}, format="json")
    assert response.status_code in (403, 405)
    assert not HelpOrganisation.objects.filter(code="x").exists()


def test_the_directory_api_list_runs_a_constant_number_of_queries(db):
    client = APIClient()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/directory/", {"postcode_area": "3511"}).status_code == 200
        return len(ctx.captured_queries)

    factories.help_organisation()
    before = count()
    for _ in range(4):
        factories.help_organisation(ranges=[(3500, 3600), (3700, 3800)])
    assert count() == before


# --- the referral on the triage page ---------------------------------------------------------


def test_the_triage_decision_suggests_help_in_the_cases_postcode_area(client, helper, casemanager):
    factories.help_organisation(name="Sociaal Raadslieden Utrecht", ranges=[(3500, 3585)])
    factories.help_organisation(name="Ondernemersloket", audiences=("ondernemers",))
    factories.help_organisation(name="Hulp in Rotterdam", ranges=[(3000, 3089)])
    case = factories.submitted_case(by=helper, postcode_area="3511")
    client.force_login(casemanager)
    body = client.get(f"/triage/casus/{case.reference}/besluit/").content.decode()
    assert "1 organisatie voor eerstelijnshulp in postcodegebied 3511" in body
    assert "Sociaal Raadslieden Utrecht" in body
    assert "Ondernemersloket" not in body  # the case is a burger's
    assert "Hulp in Rotterdam" not in body


def test_the_triage_decision_says_when_the_directory_knows_no_help_there(
    client, helper, casemanager
):
    case = factories.submitted_case(by=helper, postcode_area="4501")
    client.force_login(casemanager)
    body = client.get(f"/triage/casus/{case.reference}/besluit/").content.decode()
    assert "De gids kent geen eerstelijnshulp in postcodegebied 4501" in body


# --- demo data -------------------------------------------------------------------------------


def test_the_demo_directory_covers_3511_leaves_gaps_and_is_idempotent(db):
    created = seed_directory()
    assert created == HelpOrganisation.objects.count() > 30
    assert seed_directory() == 0
    assert selectors.organisations_for_area(postcode_area="3511").exists()
    for gap in ("4501", "3833", "7001", "7801", "5801", "1781"):
        assert not selectors.organisations_for_area(postcode_area=gap).exists(), gap
    assert selectors.nationwide_organisations().count() == 2
