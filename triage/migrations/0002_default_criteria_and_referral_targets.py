from django.db import migrations
from django.utils import timezone

# The default criteria of the product brief (DESIGN.md §4): key, role, weight, answered by,
# Dutch question, help text, English question.
CRITERIA = [
    ("in_mandate", "gate", 0, "helper",
     "Gaat het om een handelen of nalaten van een Dienst (niet alleen om de inhoud van de wet)?",
     "Bijvoorbeeld een besluit, een brief die uitblijft of een invordering die doorloopt.",
     "Does it concern an act or omission of a Dienst (not only the content of the law)?"),
    ("first_line_tried", "gate", 0, "helper",
     "Zijn de gewone wegen geprobeerd (BelastingTelefoon, klacht, bezwaar, eerstelijnshulp)?",
     "Vermeld bij ‘wat is al geprobeerd’ wat er is gedaan.",
     "Have the ordinary routes been tried (BelastingTelefoon, complaint, objection, first-line help)?"),
    ("parallel_procedure", "flag", 0, "helper",
     "Loopt over dezelfde kwestie een procedure bij de rechter of de Nationale ombudsman?", "",
     "Is the same issue pending at a court or the Nationale ombudsman?"),
    ("imminent_enforcement", "urgent", 5, "helper",
     "Dreigt een dwangbevel, beslag, verrekening, stopzetting van toeslag, uithuiszetting of afsluiting?", "",
     "Is a writ, seizure, offsetting, stopped benefit, eviction or cut-off imminent?"),
    ("subsistence_at_risk", "urgent", 4, "helper",
     "Is het inkomen lager dan de beslagvrije voet, of is er geen inkomen?", "",
     "Is the income below the protected minimum (beslagvrije voet), or is there no income?"),
    ("long_term_harm", "scored", 4, "helper",
     "Dreigt onherstelbare of blijvende schade (wonen, bedrijf, kinderen)?", "",
     "Is there a risk of irreparable or lasting harm (housing, business, children)?"),
    ("business_continuity", "scored", 3, "helper",
     "Komt het voortbestaan van de onderneming in gevaar?", "",
     "Is the continuity of the business at risk?"),
    ("dienst_deadline_missed", "scored", 3, "helper",
     "Heeft de Dienst een wettelijke of toegezegde termijn ruim (meer dan 30 dagen) overschreden?", "",
     "Has the Dienst missed a legal or promised deadline by more than 30 days?"),
    ("remedy_deadline_near", "scored", 3, "helper",
     "Loopt een bezwaartermijn binnen 10 werkdagen af?", "",
     "Does an objection deadline end within 10 working days?"),
    ("vulnerable", "scored", 3, "helper",
     "Is de betrokkene kwetsbaar, met weinig doenvermogen, of gedupeerde van de hersteloperatie?", "",
     "Is the person vulnerable, with little capacity to act, or affected by the benefits scandal?"),
    ("disproportionate_outcome", "scored", 3, "helper",
     "Is de uitkomst wettelijk juist maar onevenredig (menselijke maat)?", "",
     "Is the outcome lawful but disproportionate (human dimension)?"),
    ("systemic_impact", "scored", 2, "team",
     "Raakt dit waarschijnlijk veel mensen, of past het bij een open signaal?", "",
     "Does this likely affect many people, or match an open signal?"),
]

REFERRAL_TARGETS = [
    ("nationale-ombudsman", "Nationale ombudsman",
     "Klachten over de behandeling door een Dienst, nadat de interne klachtprocedure is doorlopen.",
     "https://www.nationaleombudsman.nl"),
    ("juridisch-loket", "Het Juridisch Loket",
     "Gratis juridisch advies en doorverwijzing naar een advocaat.", "https://www.juridischloket.nl"),
    ("stella-team", "Stella-team Belastingdienst",
     "Persoonlijke hulp van de Belastingdienst bij een vastgelopen situatie.", ""),
    ("belastingtelefoon", "BelastingTelefoon",
     "Vragen over belastingen en toeslagen; eerste stap bij de Dienst.", ""),
    ("sociaal-raadslieden", "Sociaal Raadslieden",
     "Gratis hulp bij formulieren, brieven en regelingen in de eigen gemeente.", ""),
    ("schuldhulpverlening", "Schuldhulpverlening van de gemeente",
     "Hulp bij problematische schulden, via de woongemeente.", ""),
]


def create(apps, schema_editor):
    CriteriaSet = apps.get_model("triage", "CriteriaSet")
    Criterion = apps.get_model("triage", "Criterion")
    ReferralTarget = apps.get_model("triage", "ReferralTarget")
    if not CriteriaSet.objects.exists():
        criteria_set = CriteriaSet.objects.create(
            version=1,
            status="published",
            published_at=timezone.now(),
            note="Standaardset uit het ontwerp.",
        )
        for position, (key, role, weight, by, question, help_text, question_en) in enumerate(CRITERIA):
            Criterion.objects.create(
                criteria_set=criteria_set, key=key, role=role, weight=weight, answered_by=by,
                question=question, help_text=help_text, question_en=question_en,
                position=position,
            )
    for code, name, description, url in REFERRAL_TARGETS:
        ReferralTarget.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "url": url}
        )


def remove(apps, schema_editor):
    apps.get_model("triage", "Criterion").objects.filter(criteria_set__version=1).delete()
    apps.get_model("triage", "CriteriaSet").objects.filter(version=1).delete()
    apps.get_model("triage", "ReferralTarget").objects.filter(
        code__in=[code for code, *_ in REFERRAL_TARGETS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
