"""Demo data of the first-line help directory: a believable spread over the country, with
deliberate gaps (Zeeuws-Vlaanderen 45xx, Amersfoort 38xx, the Achterhoek 70xx-72xx,
south-east Drenthe 78xx-79xx, Noord-Limburg 58xx-59xx, the Kop van Noord-Holland 17xx), so
"hulp in de buurt" finds nothing there and the coverage view shows where the network is
not dekkend.

Local organisations are fictional: their e-mail and web addresses are on example.org.
Idempotent: organisations are matched on their code.
"""

from django.db import transaction

from directory.models import AUDIENCE_FIELDS, HelpOrganisation, ServiceArea

K = HelpOrganisation.Kind
B, O, J = "burgers", "ondernemers", "jongeren"  # noqa: E741

# code, name, kind, city, audiences, postcode ranges, languages, income limit, opening hours
# fmt: off
LOCAL = [
    ("sr-amsterdam", "Sociaal Raadslieden Amsterdam", K.SOCIAL_COUNSEL, "Amsterdam", (B, J),
     [(1000, 1109)], "nl,en,tr,ar,ber,pap,srn", None, "Inloopspreekuur ma–vr 9.00–12.00"),
    ("jl-amsterdam", "Juridisch Loket Amsterdam", K.LEGAL_AID, "Amsterdam", (B, O),
     [(1000, 1199), (1380, 1399)], "nl,en", None, "Op afspraak, ma–vr"),
    ("jongerenpunt-amsterdam", "Jongerenpunt Amsterdam", K.YOUTH_DESK, "Amsterdam", (J,),
     [(1000, 1109)], "nl,en", None, "Chat en inloop, di en do 13.00–17.00"),
    ("ido-haarlem", "Informatiepunt Digitale Overheid Bibliotheek Haarlem", K.DIGITAL_GOVERNMENT,
     "Haarlem", (B,), [(2000, 2037), (2100, 2114)], "nl", None, "Tijdens openingstijden van de bibliotheek"),
    ("bw-almere", "Belastingwinkel Almere", K.TAX_SHOP, "Almere", (B, J), [(1300, 1364)],
     "nl,en,pap", 2400, "Belastingspreekuur in maart en april, di 18.00–21.00"),
    ("sr-den-haag", "Sociaal Raadslieden Den Haag", K.SOCIAL_COUNSEL, "Den Haag", (B, J),
     [(2490, 2599)], "nl,en,tr,ar,pl", None, "Inloop ma, wo, vr 9.30–12.30"),
    ("bw-leiden", "Belastingwinkel Leiden", K.TAX_SHOP, "Leiden", (B, J), [(2300, 2334)],
     "nl,en", 2200, "Op afspraak"),
    ("sh-rotterdam", "Schuldhulp Rotterdam", K.DEBT_HELP, "Rotterdam", (B, J),
     [(3000, 3089)], "nl,en,tr,ar,pap,pl,bg", None, "Bel of loop binnen bij de wijkteams"),
    ("jl-rotterdam", "Juridisch Loket Rotterdam", K.LEGAL_AID, "Rotterdam", (B, O),
     [(2900, 3099), (3100, 3399)], "nl,en", None, "Op afspraak, ma–vr"),
    ("ol-rotterdam", "Ondernemersloket Rotterdam", K.BUSINESS_DESK, "Rotterdam", (O,),
     [(3000, 3099)], "nl,en", None, "Op afspraak"),
    ("jongerenloket-rotterdam", "Jongerenloket Rotterdam", K.YOUTH_DESK, "Rotterdam", (J,),
     [(3000, 3089)], "nl,en,ar,tr", None, "Inloop wo 14.00–18.00"),
    ("sr-utrecht", "Sociaal Raadslieden Utrecht", K.SOCIAL_COUNSEL, "Utrecht", (B, J),
     [(3500, 3585)], "nl,en,ar,tr,ber", None, "Inloopspreekuur ma–do 9.00–12.00"),
    ("bw-utrecht", "Belastingwinkel Utrecht", K.TAX_SHOP, "Utrecht", (B, J), [(3500, 3585)],
     "nl,en", 2200, "Op afspraak, ook online"),
    ("sh-utrecht", "Buurtteams Utrecht, geldzaken", K.DEBT_HELP, "Utrecht", (B,),
     [(3500, 3585), (3600, 3619)], "nl,en,ar,tr", None, "Via het buurtteam in uw wijk"),
    ("jl-utrecht", "Juridisch Loket Utrecht", K.LEGAL_AID, "Utrecht", (B, O),
     [(3400, 3799), (3900, 3999)], "nl,en", None, "Op afspraak, ma–vr"),
    ("ol-utrecht", "Ondernemersloket Utrecht", K.BUSINESS_DESK, "Utrecht", (O,),
     [(3400, 3799), (3900, 3999)], "nl,en", None, "Op afspraak"),
    ("sh-middelburg", "Schuldhulp Walcheren", K.DEBT_HELP, "Middelburg", (B,),
     [(4330, 4389)], "nl", None, "Op afspraak"),
    ("sh-breda", "Schuldhulpmaatje Breda", K.DEBT_HELP, "Breda", (B, J), [(4800, 4839)],
     "nl,en,pl", None, "Maatje op afspraak, ook bij u thuis"),
    ("sr-tilburg", "Sociaal Raadslieden Tilburg", K.SOCIAL_COUNSEL, "Tilburg", (B,),
     [(5000, 5049)], "nl,tr,ar", None, "Inloop di en do 9.00–12.00"),
    ("jl-den-bosch", "Juridisch Loket 's-Hertogenbosch", K.LEGAL_AID, "'s-Hertogenbosch",
     (B, O), [(5200, 5299), (5300, 5399)], "nl", None, "Op afspraak"),
    ("sr-eindhoven", "Sociaal Raadslieden Eindhoven", K.SOCIAL_COUNSEL, "Eindhoven", (B, J),
     [(5600, 5658)], "nl,en,tr,ar,pl", None, "Inloop ma–vr 9.00–12.00"),
    ("jl-eindhoven", "Juridisch Loket Eindhoven", K.LEGAL_AID, "Eindhoven", (B, O),
     [(5500, 5799)], "nl,en", None, "Op afspraak"),
    ("sr-maastricht", "Sociaal Raadslieden Maastricht", K.SOCIAL_COUNSEL, "Maastricht", (B,),
     [(6200, 6229)], "nl,en,fr,de", None, "Inloop ma en wo 9.00–12.00"),
    ("sh-heerlen", "Schuldhulp Parkstad", K.DEBT_HELP, "Heerlen", (B, J), [(6400, 6439)],
     "nl,de", None, "Op afspraak"),
    ("sr-nijmegen", "Sociaal Raadslieden Nijmegen", K.SOCIAL_COUNSEL, "Nijmegen", (B, J),
     [(6500, 6549)], "nl,en,tr,ar", None, "Inloop ma–do 13.00–16.00"),
    ("jl-arnhem", "Juridisch Loket Arnhem", K.LEGAL_AID, "Arnhem", (B, O),
     [(6500, 6599), (6800, 6999)], "nl", None, "Op afspraak"),
    ("sr-zwolle", "Sociaal Raadslieden Zwolle", K.SOCIAL_COUNSEL, "Zwolle", (B,),
     [(8000, 8049)], "nl", None, "Inloop di 9.00–12.00"),
    ("jl-zwolle", "Juridisch Loket Zwolle", K.LEGAL_AID, "Zwolle", (B, O),
     [(7400, 7699), (8000, 8299)], "nl", None, "Op afspraak"),
    ("sr-enschede", "Sociaal Raadslieden Enschede", K.SOCIAL_COUNSEL, "Enschede", (B, J),
     [(7500, 7548)], "nl,tr,ar,de", None, "Inloop ma–vr 9.00–12.00"),
    ("sr-leeuwarden", "Sociaal Raadslieden Leeuwarden", K.SOCIAL_COUNSEL, "Leeuwarden", (B,),
     [(8900, 8939)], "nl,fy", None, "Inloop ma en do 9.00–12.00"),
    ("ol-fryslan", "Ondernemersloket Fryslân", K.BUSINESS_DESK, "Leeuwarden", (O,),
     [(8400, 9299)], "nl,fy", None, "Op afspraak"),
    ("sr-groningen", "Sociaal Raadslieden Groningen", K.SOCIAL_COUNSEL, "Groningen", (B, J),
     [(9700, 9747)], "nl,en,ar,ti", None, "Inloop ma–vr 9.00–12.00"),
    ("jl-groningen", "Juridisch Loket Groningen", K.LEGAL_AID, "Groningen", (B, O),
     [(9300, 9999)], "nl,en", None, "Op afspraak"),
]

# code, name, kind, audiences, phone, website, description
NATIONWIDE = [
    ("jl-landelijk", "Het Juridisch Loket (telefonisch en online)", K.LEGAL_AID, (B, O),
     "0900 8020", "https://www.juridischloket.nl",
     "Gratis juridisch advies voor iedereen, ook als er geen loket bij u in de buurt is."),
    ("ondernemersklankbord", "Ondernemersklankbord", K.BUSINESS_DESK, (O,), "",
     "https://www.ondernemersklankbord.nl",
     "Ervaren (oud-)ondernemers denken mee als uw bedrijf in de problemen zit."),
]
# fmt: on


def _save(code: str, ranges: list[tuple[int, int]], **fields) -> bool:
    organisation, created = HelpOrganisation.objects.update_or_create(code=code, defaults=fields)
    organisation.service_areas.all().delete()
    ServiceArea.objects.bulk_create(
        ServiceArea(organisation=organisation, postcode_from=low, postcode_to=high)
        for low, high in ranges
    )
    return created


def _audiences(audiences: tuple[str, ...]) -> dict[str, bool]:
    return {field: audience in audiences for audience, field in AUDIENCE_FIELDS.items()}


@transaction.atomic
def seed_directory() -> int:
    """Create or refresh the demo directory; returns how many organisations were new."""
    created = 0
    for code, name, kind, city, audiences, ranges, languages, limit, hours in LOCAL:
        created += _save(
            code,
            ranges,
            name=name,
            kind=kind,
            city=city,
            description=_description(kind),
            languages=languages,
            income_limit=limit,
            income_limit_note="ongeveer 130% van het sociaal minimum" if limit else "",
            opening_hours=hours,
            email=f"info@{code}.example.org",
            website=f"https://{code}.example.org",
            nationwide=False,
            active=True,
            **_audiences(audiences),
        )
    for code, name, kind, audiences, phone, website, description in NATIONWIDE:
        created += _save(
            code,
            [],
            name=name,
            kind=kind,
            description=description,
            phone=phone,
            website=website,
            languages="nl,en",
            nationwide=True,
            active=True,
            **_audiences(audiences),
        )
    return created


def _description(kind: str) -> str:
    return {
        K.SOCIAL_COUNSEL: "Gratis hulp bij brieven, formulieren, toeslagen en belastingen.",
        K.LEGAL_AID: "Gratis juridisch advies; verwijst zo nodig naar een advocaat.",
        K.YOUTH_DESK: "Voor jongeren tot 27 jaar: hulp met geld, toeslagen en post.",
        K.DIGITAL_GOVERNMENT: "Hulp bij DigiD, de belastingaangifte en toeslagen aanvragen.",
        K.TAX_SHOP: "Hulp bij de belastingaangifte en toeslagen, door studenten onder begeleiding.",
        K.DEBT_HELP: "Gratis hulp bij schulden, betalingsregelingen en beslag.",
        K.BUSINESS_DESK: "Voor ondernemers en zzp'ers met schulden of problemen met de fiscus.",
    }.get(kind, "")
