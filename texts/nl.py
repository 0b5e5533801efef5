"""All Dutch user-facing text of Meldroute, in one place.

Written in our own words from the municipal policy and public sources. Phone numbers shown
here are for the report dialog's safety notes; the knowledge base keeps its own in data files.
"""

from __future__ import annotations

# --- welcome and menu -------------------------------------------------------------------
WELCOME_TITLE = "Meldroute mensenhandel"
WELCOME_BODY = (
    "Zie of hoor je in je werk iets dat kan wijzen op mensenhandel of uitbuiting? Meld het "
    "hier. Meestal bespreek je het eerst met de taakaccenthouder van je afdeling; daarna gaat "
    "het naar de aandachtsfunctionaris mensenhandel. Een vraag mag je ook gewoon intypen."
)
WELCOME_ACUTE = "Is er nu acuut gevaar? Bel eerst 112. Deze bot is geen noodlijn."
MENU_REPORT = "Signaal melden"
MENU_QUESTION = "Vraag stellen"
MENU_MY_REPORTS = "Mijn meldingen"
MENU_WHAT_IS = "Wat is mensenhandel?"
MENU_MY_SIGNALS = "Mijn signalen"
MENU_OPEN_CASES = "Open zaken"
MENU_UNDELIVERED = "Niet bezorgd"
MENU_AS_TAH = "Als taakaccenthouder"
MENU_AS_TAH_BODY = "De signalen en vragen uit je afdeling die op jou wachten."
MENU_AS_COORDINATOR = "Als aandachtsfunctionaris"
MENU_AS_COORDINATOR_BODY = (
    "Signalen registreren die anders binnenkwamen, de open zaken, de agenda van het overleg, "
    "zoeken, berichten die niet aankwamen en het jaaroverzicht."
)
MENU_REGISTER = "Signaal registreren"
MENU_AGENDA = "Agenda overleg"
MENU_SEARCH = "Zaak zoeken"
MENU_HINT = "Typ 'menu' voor de keuzes, of 'signaal melden' om een melding te starten."
NOT_UNDERSTOOD = (
    "Dat begrijp ik niet. Typ 'menu' voor de keuzes, of 'signaal melden' om een melding te starten."
)
PERSONAL_CHAT_ONLY = (
    "Meldingen en vragen doe je in een persoonlijke chat met Meldroute, niet in een kanaal of "
    "groepsgesprek. Open de chat met Meldroute om te melden."
)
UNKNOWN_ACTION = "Deze knop hoort niet (meer) bij een lopende stap. Er is niets gewijzigd."
QUESTION_NOT_SENT = "Deze vraag is niet verstuurd."
QUESTION_CARD_EARLIER = (
    "Deze knop hoort bij een eerdere vraag; er is niets gewijzigd. Gebruik de knoppen op de "
    "kaart van je laatste vraag, of typ 'vraag stellen' voor een nieuwe vraag."
)
MALFORMED_ACTIVITY = "Dit bericht kon ik niet verwerken. Er is niets gewijzigd."
BUSY = "Je vorige bericht wordt nog verwerkt. Probeer het zo nog eens."
TECHNICAL_ERROR = (
    "Er ging iets mis aan onze kant. Er is niets verloren gegaan van wat al was opgeslagen. "
    "Probeer het over een paar minuten opnieuw."
)

# --- draft handling -----------------------------------------------------------------------
DRAFT_RESUME_QUESTION = "Je hebt een melding die nog niet af is. Wat wil je doen?"
DRAFT_RESUME = "Verder gaan"
DRAFT_DISCARD = "Verwijderen"
DRAFT_RESUMED = "Je gaat verder met je melding."
DRAFT_DISCARDED = "Je onafgemaakte melding is verwijderd. Er is niets opgeslagen of verstuurd."
DRAFT_EXPIRED = (
    "Je onafgemaakte melding was langer dan {hours} uur niet aangevuld en is daarom verwijderd. "
    "Er is niets verstuurd. Begin opnieuw met 'signaal melden'."
)
CANCELLED = "De melding is geannuleerd. Er is niets opgeslagen of verstuurd."
NOTHING_TO_CANCEL = "Er loopt nu niets om te annuleren. Typ 'menu' voor de keuzes."
STOP_HINT = "Typ 'stop' om te annuleren of 'help' voor uitleg bij deze stap."

# --- the report -----------------------------------------------------------------------------
STEP_OF = "Stap {n} van {total}"
BUTTON_CANCEL = "Annuleren"
BUTTON_YES = "Ja"
BUTTON_NO = "Nee"
REQUIRED_NOTE = "Velden met een * zijn nodig. De rest mag leeg blijven."

# The first card: danger first, before anything is asked.
ACUTE_TITLE = "Is er nu acuut gevaar?"
ACUTE_BODY = (
    "Acuut gevaar betekent: iemand is op dit moment in gevaar, of er gebeurt nu iets dat niet "
    "kan wachten."
)
ACUTE_YES = "Ja, er is nu gevaar"
ACUTE_NO = "Nee, verder met melden"

DANGER_TITLE = "Bel nu 112"
DANGER_BODY = (
    "Bij acuut gevaar bel je direct 112. Deze bot is geen noodlijn en niemand leest je melding "
    "meteen. Doe zelf geen onderzoek en spreek een mogelijke dader niet aan."
)
DANGER_AFTER = (
    "Heb je gebeld, of is er al hulp? Dan kun je hierna je melding doen. Die wordt als dringend "
    "behandeld."
)
DANGER_CONTINUE = "Ik heb gebeld, verder met de melding"
DANGER_STOP = "Stoppen"
DANGER_STOPPED = (
    "Goed. Bel 112 als er gevaar is. Je kunt later altijd een melding doen met 'signaal melden'."
)

# The report card: every section on one card, the optional ones folded open on the card.
REPORT_CARD_TITLE = "Wat heb je opgemerkt?"
REPORT_CARD_INTRO = (
    "Vul in wat je weet; je hoeft niets zeker te weten. Voordat je verstuurt, zie je alles nog "
    "een keer terug."
)
REPORT_CHECK = "Verder naar controleren"
REPORT_FIX_TITLE = "Bijna klaar: verbeter nog dit"
REPORT_FIX_KEPT = "De rest van je melding is bewaard. Je ziet alles terug voordat je verstuurt."
# A button that folds a part of the card open.
FOLD = "+ {title}"
OPTIONAL_INTRO = "Weet je meer? Vul dat dan hier in; het mag ook leeg blijven."

FORM_TITLE = "Om welke vorm van uitbuiting gaat het mogelijk?"
FORM_CHOICE_LABEL = "Vorm van uitbuiting"
FORM_HINT = "Twijfel je? Kies 'Weet ik niet'."
FORM_EXPLAIN = "Uitleg bij de vormen"
FORM_LABELS: dict[str, str] = {
    "sexual": "Seksuele uitbuiting",
    "labour": "Arbeidsuitbuiting",
    "criminal": "Criminele uitbuiting",
    "organ": "Gedwongen orgaanhandel",
    "unknown": "Weet ik niet",
}
FORM_EXPLANATIONS: dict[str, str] = {
    "sexual": "Iemand wordt gedwongen tot seks met anderen, of moet het geld daarvan afstaan.",
    "labour": "Iemand werkt onder dwang of onder zeer slechte omstandigheden, vaak voor (bijna) niets.",
    "criminal": "Iemand wordt gedwongen tot strafbare feiten, zoals drugs vervoeren of stelen.",
    "organ": "Iemand wordt gedwongen een orgaan af te staan.",
    "unknown": "Je ziet signalen, maar weet niet welke vorm het is.",
}
SMUGGLING_NOTE = (
    "Let op: mensensmokkel is iets anders. Bij smokkel betaalt iemand zelf om illegaal een grens "
    "over te gaan. Bij mensenhandel is er dwang met uitbuiting als doel. Smokkel kan na aankomst "
    "wel overgaan in uitbuiting."
)

SIGNALS_TITLE = "Welke signalen zag of hoorde je?"
SIGNALS_HINT = (
    "Vink aan wat je zelf hebt gezien of gehoord. Eén signaal zegt op zichzelf weinig; het gaat "
    "om het geheel. Signalen kunnen ook op andere problemen wijzen. Vink minstens één signaal "
    "aan, of beschrijf het bij 'Anders, namelijk'."
)
SIGNALS_MORE = "Meer signalen:"
SIGNALS_OTHER = "Anders, namelijk"
SIGNAL_GROUP_LABELS: dict[str, str] = {
    "general": "Algemeen",
    "dependency": "Afhankelijkheid en dwang",
    "sexual": "Seksuele uitbuiting",
    "minors": "Jongeren, school en contacten",
    "criminal": "Criminele uitbuiting",
    "labour": "Arbeidsuitbuiting",
    "counter": "Balie en inschrijving",
    "organ": "Orgaanhandel",
}
SIGNAL_LABELS: dict[str, str] = {
    "forced_sex_or_money": "Moet seks hebben of geld van seks afgeven",
    "dangerous_work_long_days": "Gevaarlijk of ongezond werk, heel lange dagen",
    "unpaid_or_underpaid": "Krijgt niet, te laat of veel te weinig betaald",
    "no_own_passport": "Heeft eigen paspoort of ID niet in handen",
    "false_promises": "Is met valse beloften naar Nederland gekomen",
    "abused_or_threatened": "Wordt mishandeld, gechanteerd of bedreigd",
    "debt_to_employer": "Heeft een hoge schuld bij werkgever of tussenpersoon",
    "no_control_bank_account": "Heeft geen zeggenschap over eigen bankrekening",
    "paid_off_books": "Wordt zwart betaald, is niet verzekerd",
    "lives_at_workplace": "Woont op het werk of in slechte huisvesting",
    "does_not_know_address": "Weet het eigen adres niet",
    "others_arrange_housing_transport": "Een ander regelt woning, kleding of vervoer",
    "did_not_arrange_own_travel": "Heeft reis of visum niet zelf geregeld",
    "false_papers": "Heeft valse papieren",
    "fear_deportation_or_violence": "Is bang voor uitzetting of geweld",
    "socially_isolated": "Is sociaal geïsoleerd",
    "debt_taken_over": "Iemand heeft geld betaald om de persoon 'over te nemen'",
    "no_contact_outside": "Mag geen contact met de buitenwereld hebben",
    "medical_care_withheld": "Krijgt geen medische zorg",
    "no_freedom_of_movement": "Kan niet vrij gaan en staan",
    "earnings_handed_over": "Moet (een groot deel van) verdiensten afstaan",
    "threats_against_family": "Familie wordt bedreigd",
    "sudden_provocative_appearance": "Plotseling uitdagende kleding of make-up",
    "physical_complaints_or_injuries": "Moe, mager, lichamelijke klachten of letsel",
    "name_tattoo": "Tatoeage met een naam of teken",
    "withdrawn_or_emotional": "Teruggetrokken, weinig zelfvertrouwen, plotseling boos of verdrietig",
    "sudden_money_or_goods": "Plotseling geld of dure spullen",
    "drugs_or_alcohol": "Gebruikt drugs of alcohol",
    "called_very_often": "Wordt heel vaak gebeld",
    "many_visitors_at_dwelling": "Veel wisselende bezoekers op een woonadres",
    "ads_always_available": "Advertenties met '24/7 beschikbaar'",
    "truancy": "Verzuimt van school, vooral rond het weekend",
    "must_always_be_reachable": "Moet altijd bereikbaar zijn, heeft meerdere telefoons",
    "expensive_gifts": "Dure kleding of cadeaus",
    "older_controlling_contacts": "Veel oudere of controlerende contacten, wordt opgehaald",
    "runs_away": "Loopt weg van huis of opvang",
    "night_side_jobs": "Heeft 'bijbaantjes' 's nachts",
    "asked_to_deliver_or_lend_card": "Moet 'een pakketje' bezorgen of bankpas uitlenen",
    "accounts_or_contracts_in_name": "Rekeningen, auto's of abonnementen op eigen naam",
    "imposed_debt_fine": "Heeft een opgelegde schuld ('straatboete')",
    "blackmail_debts_or_images": "Wordt gechanteerd met schulden of naaktbeelden",
    "vulnerable_person": "Is kwetsbaar (bijv. lvb, verslaving, schulden)",
    "employer_is_landlord": "Werkgever of bureau is ook verhuurder en regelt verzekering",
    "many_registrations_one_address": "Opvallend veel inschrijvingen op één adres",
    "frequent_moves": "Vaak in- en uitschrijven",
    "overcrowding": "Mogelijke overbewoning",
    "false_documents_at_counter": "Mogelijk valse documenten aan de balie",
    "someone_else_talks_or_holds_id": "Een ander voert het woord of houdt het ID vast",
    "organ_removal": "Aanwijzing dat iemand een orgaan moet afstaan",
}

ACCOUNT_TITLE = "Wat is er gebeurd?"
ACCOUNT_HINT = (
    "Schrijf zo feitelijk mogelijk op wat je zag of hoorde. Je eigen interpretatie kun je apart "
    "kwijt."
)
ACCOUNT_OBSERVATIONS = "Wat zag of hoorde je zelf?"
ACCOUNT_MORE = "Feiten en je interpretatie apart"
ACCOUNT_FACTS = "Feiten: wat is er gebeurd?"
ACCOUNT_INTERPRETATION = "Je eigen interpretatie"
ACCOUNT_SOURCE = "Hoe kwam het signaal bij je binnen?"
SOURCE_LABELS: dict[str, str] = {
    "counter": "Aan de balie",
    "enforcement": "Bij toezicht of handhaving",
    "home_visit": "Bij een huisbezoek (bijv. Wmo)",
    "phone_or_mail": "Telefonisch of per mail",
    "other": "Anders",
}

WHERE_TITLE = "Waar en wanneer"
WHERE_PLACE = "Adres, plaats of locatie"
WHERE_POSTCODE = "Postcode (bijv. 3431 AB)"
WHERE_HOUSE_NUMBER = "Huisnummer"
WHERE_DATE = "Datum"
WHERE_TIME = "Tijd (bijv. 14:30)"
WHERE_PLATE = "Kenteken (als je dat zag)"

VICTIM_TITLE = "Mogelijk slachtoffer"
VICTIM_HINT = "Vul alleen in wat je weet. Een beschrijving is genoeg; een naam is niet nodig."
VICTIM_DESCRIPTION = "Beschrijving (uiterlijk, taal, gedrag)"
VICTIM_NAME = "Naam (alleen als je die weet)"
VICTIM_DOB = "Geboortedatum (alleen als je die weet)"
VICTIM_AGE = "Geschatte leeftijd (bijv. 17 of 16-18)"
VICTIM_MINOR = "Is de persoon mogelijk jonger dan 18?"
MINOR_LABELS: dict[str, str] = {"yes": "Ja", "no": "Nee", "unknown": "Weet ik niet"}
MINOR_NOTE = (
    "Bij iemand onder de 18 hoeft dwang niet aangetoond te worden, en geldt ook de meldcode. "
    "Je melding wordt dan als dringend behandeld."
)

SUSPECT_TITLE = "Mogelijke uitbuiter, bedrijf of adres"
SUSPECT_HINT = "Alleen wat je al weet. Ga niet zelf op onderzoek uit en spreek niemand aan."
SUSPECT_NAME = "Naam"
SUSPECT_DOB = "Geboortedatum"
SUSPECT_POSTCODE = "Postcode"
SUSPECT_HOUSE_NUMBER = "Huisnummer"
SUSPECT_ORGANISATION = "Naam organisatie of bedrijf"
SUSPECT_KVK = "KvK-nummer (8 cijfers)"
SUSPECT_DESCRIPTION = "Beschrijving"

CONTACT_TITLE = "Heb je met de persoon gesproken?"
CONTACT_LABELS: dict[str, str] = {
    "yes": "Ja",
    "no": "Nee",
    "not_for_safety": "Bewust niet, voor de veiligheid",
}

DEPARTMENT_HEADING = "Naar wie gaat je melding?"
DEPARTMENT_TITLE = "Vanuit welke afdeling meld je?"
DEPARTMENT_HINT = (
    "Kies je eigen afdeling. Heeft die een taakaccenthouder mensenhandel, dan bespreek je het "
    "signaal meestal eerst met hem of haar."
)
DEPARTMENT_WITHOUT_TAH = "{name} (nog geen taakaccenthouder)"
ROUTE_LABEL = "Met wie bespreek je dit signaal eerst?"
ROUTE_CHOICES: dict[str, str] = {
    "taakaccenthouder": "Met de taakaccenthouder van mijn afdeling (gebruikelijk)",
    "coordinator": (
        "Direct met de aandachtsfunctionaris, zonder mijn taakaccenthouder (bijvoorbeeld als die "
        "betrokken is of familie is). Je hoeft niet te zeggen waarom."
    ),
}
URGENT_LABEL = "Dit is dringend: stuur het direct door naar de aandachtsfunctionaris"

# The summary: what was entered, section by section, before it is sent.
SUMMARY_TITLE = "Controleer je melding"
# The same cards when an aandachtsfunctionaris registers a signal that came in another way.
INTAKE_SIGNALS_HINT = (
    "Vink aan wat de melder zag of hoorde. Eén signaal zegt op zichzelf weinig; het gaat om het "
    "geheel. Vink minstens één signaal aan, of beschrijf het bij 'Anders, namelijk'."
)
INTAKE_ACCOUNT_HINT = "Schrijf zo feitelijk mogelijk op wat de melder vertelde."
INTAKE_ACCOUNT_OBSERVATIONS = "Wat zag of hoorde de melder?"
INTAKE_ACCOUNT_INTERPRETATION = "Interpretatie van de melder"
INTAKE_SUMMARY_TITLE = "Controleer de registratie"
INTAKE_SIGNALS_TITLE = "Welke signalen zag of hoorde de melder?"
INTAKE_ACCOUNT_MORE = "Feiten en de interpretatie van de melder apart"
INTAKE_CONTACT_TITLE = "Heeft de melder met de persoon gesproken?"
INTAKE_MINOR_NOTE = (
    "Bij iemand onder de 18 hoeft dwang niet aangetoond te worden, en geldt ook de meldcode. Het "
    "signaal wordt dan als dringend gemarkeerd."
)
INTAKE_SUMMARY_LABELS: dict[str, str] = {
    "observations": "Wat de melder zag of hoorde",
    "interpretation": "Interpretatie van de melder",
}
INTAKE_SUMMARY_HINT = "Dit heb je ingevuld. Klopt het? Registreer dan het signaal."
SUMMARY_HINT = (
    "Dit heb je ingevuld. Klopt het? Verstuur dan je melding. Met 'Wijzigen' pas je een "
    "onderdeel aan."
)
SUMMARY_EMPTY = "Niet ingevuld"
# The summary's short labels per field; empty: the section's heading says it already.
SUMMARY_LABELS: dict[str, str] = {
    "form": "",
    "signals": "",
    "signals_other": "Anders",
    "observations": "Wat je zag of hoorde",
    "facts": "Feiten",
    "interpretation": "Je interpretatie",
    "source": "Binnengekomen",
    "place": "Plaats",
    "postcode": "Postcode",
    "house_number": "Huisnummer",
    "date": "Datum",
    "time": "Tijd",
    "licence_plate": "Kenteken",
    "victim_minor": "Jonger dan 18",
    "victim_age": "Geschatte leeftijd",
    "victim_description": "Beschrijving",
    "victim_name": "Naam",
    "victim_dob": "Geboortedatum",
    "intake_source": "Binnengekomen via",
    "intake_partner": "Ketenpartner",
    "external_organisation": "Organisatie melder",
    "external_contact": "Contact melder",
    "suspect_name": "Naam",
    "suspect_dob": "Geboortedatum",
    "suspect_postcode": "Postcode",
    "suspect_house_number": "Huisnummer",
    "organisation": "Organisatie",
    "kvk": "KvK-nummer",
    "suspect_description": "Beschrijving",
    "contact": "",
    "department": "Afdeling",
    "route": "Eerst bespreken met",
    "urgent": "Dringend",
}
SUMMARY_CUT = "(ingekort; volledig te zien bij 'Wijzigen')"
SUMMARY_SUBMIT = "Melding versturen"
SUMMARY_CHANGE_BUTTON = "Wijzigen"
SUMMARY_URGENT_BECAUSE = "Je melding wordt als dringend behandeld: {reasons}."
URGENCY_REASONS: dict[str, str] = {
    "acute": "je gaf aan dat er acuut gevaar is",
    "minor": "de persoon is mogelijk jonger dan 18",
    "marked": "je hebt hem als dringend aangemerkt",
}
SUMMARY_WHO_TITLE = "Wie kent je naam?"
# Who will know the reporter's name, per route the signal will take (one sentence; the
# sentence about Meld Misdaad Anoniem follows it).
WHO_KNOWS: dict[str, str] = {
    "taakaccenthouder": (
        "De taakaccenthouder van je afdeling kent je naam, omdat je het signaal met hem of haar "
        "bespreekt; de aandachtsfunctionaris kan je naam alleen opvragen met een reden, en dat "
        "wordt vastgelegd."
    ),
    "reporter_choice": (
        "Je taakaccenthouder krijgt deze melding niet te zien; de aandachtsfunctionaris kan je "
        "naam alleen opvragen met een reden, en dat wordt vastgelegd."
    ),
    "urgent": (
        "Omdat het dringend is, gaat je melding direct naar de aandachtsfunctionaris, die je naam "
        "alleen kan opvragen met een reden die wordt vastgelegd; je taakaccenthouder hoort alleen "
        "dat er een dringend signaal is, zonder je naam of de inhoud."
    ),
    "no_taakaccenthouder": (
        "Je afdeling heeft (nog) geen taakaccenthouder, dus je melding gaat direct naar de "
        "aandachtsfunctionaris, die je naam alleen kan opvragen met een reden die wordt "
        "vastgelegd."
    ),
}
ANONYMOUS = (
    "Wil je helemaal anoniem melden, buiten de gemeente om, dan kan dat bij Meld Misdaad "
    "Anoniem: 0800-7000."
)
SECTION_LABELS: dict[str, str] = {
    "intake": "Binnengekomen",
    "acute": "Acuut gevaar",
    "danger": "Acuut gevaar",
    "report": "Melding",
    "summary": "Controle",
    "form": "Vorm",
    "signals": "Signalen",
    "account": "Wat er gebeurde",
    "where_when": "Waar en wanneer",
    "victim": "Mogelijk slachtoffer",
    "suspect": "Mogelijke uitbuiter",
    "contact": "Gesprek met de persoon",
    "department": "Afdeling",
}
EDIT_TITLE = "{section} wijzigen"
EDIT_SAVE = "Opslaan"
EDIT_BACK = "Terug zonder wijzigen"

# The short line that replaces a card once it is answered: no content, and no finding.
DONE_LINES: dict[str, str] = {
    "acute": "Vraag over acuut gevaar beantwoord.",
    "danger": "Advies over 112 gelezen.",
    "report": "Melding ingevuld.",
    "cancelled": "Melding geannuleerd: er is niets opgeslagen of verstuurd.",
    "expired": "Onafgemaakte melding verwijderd: er is niets verstuurd.",
    "stopped": "Gestopt. Bel 112 als er gevaar is.",
    "moved": "Verder gegaan in een nieuw bericht hieronder.",
}

RECEIPT_TITLE = "Je melding is ontvangen: {case_number}"
# What happens next, per route the signal took ("taakaccenthouder" or an escalation reason).
RECEIPT_NEXT: dict[str, str] = {
    "taakaccenthouder": (
        "De taakaccenthouder van je afdeling neemt contact met je op om het signaal te bespreken "
        "en stuurt het daarna door naar de aandachtsfunctionaris mensenhandel."
    ),
    "reporter_choice": (
        "Je melding gaat, zoals je koos, direct naar de aandachtsfunctionaris mensenhandel; je "
        "taakaccenthouder krijgt hem niet te zien. Heeft de aandachtsfunctionaris vragen, dan "
        "neemt die contact met je op."
    ),
    "urgent": (
        "Omdat het dringend is, gaat je melding direct naar de aandachtsfunctionaris "
        "mensenhandel, zonder op je taakaccenthouder te wachten. Heeft de aandachtsfunctionaris "
        "vragen, dan neemt die contact met je op."
    ),
    "no_taakaccenthouder": (
        "Je afdeling heeft (nog) geen taakaccenthouder, dus je melding gaat direct naar de "
        "aandachtsfunctionaris mensenhandel. Heeft die vragen, dan neemt die contact met je op."
    ),
}
RECEIPT_FEEDBACK = "Als de zaak is afgerond, krijg je hier een korte terugkoppeling."
RECEIPT_ACUTE = "Is er nog steeds gevaar? Bel 112: niemand leest je melding meteen."
# The meldcode step that applies when the person may be under 18, for the reporter and for
# the taakaccenthouder (who hears of the urgent signal without its content).
MINOR_STEP = (
    "Het gaat mogelijk om iemand onder de 18, dus de meldcode geldt ook. Je hoeft zelf niet bij "
    "Veilig Thuis te melden: de aandachtsfunctionaris weegt, zo nodig met Veilig Thuis, of er "
    "een melding komt (meldcode stap 4 en 5). Wil je zelf advies? Bel Veilig Thuis: 0800-2000 "
    "(gratis, dag en nacht)."
)
TAH_NOTICES: dict[str, str] = {
    "urgent": (
        "Er is een dringend signaal uit je afdeling direct naar de aandachtsfunctionaris gegaan "
        "({case_number}). Je hoeft niets te doen. Je ziet geen naam en geen inhoud; spreekt de "
        "melder je aan, verwijs dan naar de aandachtsfunctionaris."
    ),
    "urgent_minor": (
        "Er is een dringend signaal uit je afdeling direct naar de aandachtsfunctionaris gegaan "
        "({case_number}). Het gaat mogelijk om iemand onder de 18, dus de meldcode geldt ook: de "
        "aandachtsfunctionaris weegt, zo nodig met Veilig Thuis, of er een melding komt. Je hoeft "
        "niets te doen en ziet geen naam en geen inhoud. Vraagt iemand je om advies, wijs dan op "
        "Veilig Thuis: 0800-2000 (gratis, dag en nacht)."
    ),
}
ROUTE_SHORT: dict[str, str] = {
    "taakaccenthouder": "de taakaccenthouder",
    "coordinator": "direct de aandachtsfunctionaris (keuze van de melder)",
    "urgent": "niemand eerst: het gaat direct naar de aandachtsfunctionaris, want het is dringend",
    "no_taakaccenthouder": (
        "niemand eerst: je afdeling heeft geen taakaccenthouder, het gaat direct naar de "
        "aandachtsfunctionaris"
    ),
}
MY_REPORTS_WHO_KNOWS: dict[str, str] = {
    "taakaccenthouder": "je naam is bekend bij je taakaccenthouder, om het signaal met je te bespreken",
    "coordinator": "je naam is alleen met een reden op te vragen door de aandachtsfunctionaris",
}
MY_REPORTS_REVEALED = "de aandachtsfunctionaris heeft je naam op {date} opgevraagd"
ACTION_REFUSED_LIST = "Dit overzicht is alleen voor de aandachtsfunctionarissen mensenhandel."
DETAIL_ROUTE = "Naam melder bekend bij"
DETAIL_ROUTE_LABELS: dict[str, str] = {
    "taakaccenthouder": "de taakaccenthouder (om het signaal met de melder te bespreken)",
    "coordinator": "niemand buiten de aandachtsfunctionarissen (alleen op te vragen)",
    "intake": "de aandachtsfunctionaris die het registreerde (de melder is van buiten)",
}
DETAIL_ROUTE_REVEALED = "; opgevraagd op {date}"

# --- re-prompts: what is expected --------------------------------------------------------
EXPECTATIONS: dict[str, str] = {
    "expect_text": "Vul hier tekst in.",
    "expect_open_question": "Deze vraag is al beantwoord of bestaat niet meer.",
    "expect_meeting_held": (
        "Het overleg waarvoor deze zaak op de agenda staat, is nog niet geweest. Leg de uitkomst "
        "vast na het overleg."
    ),
    "expect_addition": "Vul ten minste één veld in met wat je nieuw wilt melden.",
    "expect_no_reporter_name": (
        "Deze tekst is niet opgeslagen: er staat de naam van de melder in. Notities lezen meer "
        "mensen dan de melder koos; laat de naam weg. Namen van slachtoffer of verdachte horen in "
        "de melding zelf."
    ),
    "expect_plain_text": (
        "Gebruik gewone tekst: er staan onzichtbare stuurtekens in (bijvoorbeeld uit een kopie). "
        "Typ de tekst opnieuw of plak hem zonder opmaak."
    ),
    "expect_short_text": "Dit veld mag hoogstens 200 tekens hebben.",
    "expect_shorter_text": "Dit veld mag hoogstens 4000 tekens hebben.",
    "expect_date": "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 03-11-2026.",
    "expect_past_date": "Vul een datum in die niet in de toekomst ligt.",
    "expect_time": "Vul een tijd in als uu:mm, bijvoorbeeld 14:30.",
    "expect_postcode": "Vul een postcode in als 1234 AB.",
    "expect_house_number": "Vul een huisnummer in, eventueel met toevoeging (bijv. 12 of 12A).",
    "expect_kvk": "Een KvK-nummer heeft precies 8 cijfers.",
    "expect_age": "Vul een leeftijd in jaren in (0-120), of een bereik zoals 16-18.",
    "expect_choice": "Kies een van de mogelijkheden.",
    "expect_some_signal": "Vink minstens één signaal aan, of beschrijf het bij 'Anders, namelijk'.",
    "expect_account": "Beschrijf bij 'Wat zag of hoorde je zelf?' (of bij 'Feiten') wat er gebeurde.",
    "expect_form_input": "Gebruik de kaart hierboven en klik op de knop onderaan.",
    "expect_partner_name": "Vul de naam van de partner in waarvan het signaal kwam.",
    "expect_open_request": (
        "Kies een partner aan wie om terugkoppeling is gevraagd en die nog niet heeft gereageerd."
    ),
    "expect_future_date": "Kies vandaag of een datum in de toekomst.",
}
REPROMPT_INTRO = "Niet alles is goed ingevuld:"

# --- help per step ------------------------------------------------------------------------
HELP: dict[str, str] = {
    "acute": "Geef aan of er nu iemand in gevaar is. Zo ja, bel dan eerst 112.",
    "danger": "Bel 112 bij acuut gevaar. Daarna kun je de melding afmaken, of stoppen.",
    "report": (
        "Vul op de kaart in wat je weet: de vorm (kies 'Weet ik niet' bij twijfel), de signalen, "
        "wat je zag of hoorde, of je de persoon sprak en je afdeling. De onderdelen die "
        "optioneel zijn, klap je open als je er iets over weet. Jij hoeft niets te bewijzen: de "
        "aandachtsfunctionaris beoordeelt het signaal."
    ),
    "summary": (
        "Lees na wat je invulde. Klopt het, kies dan 'Melding versturen'. Met 'Wijzigen' pas je "
        "een onderdeel aan."
    ),
    "form": "Kies de vorm die het best past. Weet je het niet, kies dan 'Weet ik niet'.",
    "signals": "Vink de signalen aan die je zelf zag of hoorde. Beschrijf andere bij 'Anders, namelijk'.",
    "account": (
        "Schrijf op wat je zelf zag of hoorde, zo feitelijk mogelijk. Je eigen interpretatie kun "
        "je apart kwijt. Dat helpt de aandachtsfunctionaris het signaal te wegen."
    ),
    "where_when": "Waar en wanneer zag je het? Vul in wat je weet; alles is optioneel.",
    "victim": "Beschrijf de persoon om wie je je zorgen maakt. Een naam is niet nodig.",
    "suspect": "Vul alleen in wat je al weet. Ga niet zelf op zoek naar gegevens.",
    "contact": "Heb je de persoon gesproken? Kies 'bewust niet' als praten niet veilig was.",
    "department": "Kies je eigen afdeling en met wie je het signaal eerst bespreekt.",
    "intake": (
        "Leg vast hoe het signaal binnenkwam (mailbox, telefoon, partner) en, als je dat wilt, "
        "wie het meldde. Die gegevens worden apart bewaard, net als de naam van een melder."
    ),
    "resume": "Ga verder met je onafgemaakte melding of verwijder die.",
    "question": (
        "Typ je vraag in het formulier. Ik zoek eerst in de kennisbank; daarna kun je kiezen voor "
        "een persoon. Typ 'stop' om te stoppen."
    ),
}
HELP_GENERAL = (
    "Met Meldroute meld je een signaal van mogelijke mensenhandel of stel je een vraag. Typ "
    "'signaal melden' om te beginnen, typ je vraag gewoon in, of typ 'menu' voor de keuzes. "
    "Bij acuut gevaar: bel 112."
)

# --- the route: states, reasons, partners ----------------------------------------------------
STATE_LABELS: dict[str, str] = {
    "received": "Bij taakaccenthouder",
    "with_coordinator": "Nieuw, nog niet opgepakt",
    "in_progress": "In behandeling",
    "handed_over": "Overgedragen aan ketenpartner",
    "closed": "Afgesloten",
}
REPORTER_PHASE_LABELS: dict[str, str] = {
    "received": "Ontvangen, bij de taakaccenthouder",
    "with_coordinator": "Bij de aandachtsfunctionaris",
    "handed_over": "Overgedragen aan een ketenpartner",
    "closed": "Afgerond",
}
ESCALATION_LABELS: dict[str, str] = {
    "urgent": "Dringend (acuut gevaar, mogelijk minderjarig of door de melder zo aangemerkt)",
    "no_taakaccenthouder": "De afdeling heeft geen taakaccenthouder",
    "not_forwarded_in_time": "Niet op tijd doorgestuurd door de taakaccenthouder",
    "reporter_choice": "Op verzoek van de melder direct hierheen",
}
URGENT_YES = "Dringend"
URGENT_NO = "Normaal"
NOBODY = "Niemand"
TAH_ROLE_NAME = "taakaccenthouder"

# --- taakaccenthouder --------------------------------------------------------------------------
TAH_CARD_TITLE = "Nieuw signaal uit je afdeling: {case_number}"
TAH_CARD_BODY = (
    "Bespreek het signaal met de melder en stuur het door naar de aandachtsfunctionaris. "
    "Deel de inhoud niet verder."
)
TAH_REPORTER = "Gemeld door"
TAH_DEPARTMENT = "Afdeling"
TAH_FORM = "Vorm"
TAH_RECEIVED = "Ontvangen"
TAH_ALREADY_ESCALATED = "Al doorgestuurd naar de aandachtsfunctionaris: {reason}."
TAH_VIEW = "Melding bekijken"
TAH_PHASE_TITLE = "Signaal {case_number} uit je afdeling"
TAH_PHASE = "Fase"
TAH_PHASE_BODY = (
    "Dit signaal ligt niet meer bij jou. Je ziet daarom alleen nog de fase, niet meer wie het "
    "meldde of wat erin staat."
)
TAH_NO_LONGER_YOURS = (
    "Dit signaal ligt niet meer bij jou; je ziet alleen nog de fase. Er is niets gewijzigd."
)
TAH_NOTE_LABEL = (
    "Notitie voor de aandachtsfunctionaris (optioneel; niet de naam van de melder, namen van "
    "slachtoffer of verdachte horen in de melding zelf)"
)
TAH_SAVE_NOTE = "Notitie opslaan"
TAH_FORWARD = "Doorsturen naar aandachtsfunctionaris"
TAH_FORWARDED = "Doorgestuurd naar de aandachtsfunctionaris. Dank je wel."
TAH_NOTE_SAVED = "Notitie opgeslagen."
MY_SIGNALS_TITLE = "Mijn signalen"
MY_SIGNALS_HINT = (
    "Signalen en vragen uit je afdeling die op jou wachten. Alleen jij ziet deze lijst."
)
MY_SIGNALS_SIGNALS = "Signalen om te bespreken"
MY_SIGNALS_NO_SIGNALS = "Er wachten geen signalen op je."
MY_SIGNALS_QUESTIONS = "Open vragen"
MY_SIGNALS_NO_QUESTIONS = "Er staan geen vragen open."
MY_SIGNALS_LINE = "**{number}** {department}, sinds {when}"
MY_SIGNALS_MORE = "En nog {count} meer."
MY_SIGNALS_NOT_TAH = (
    "Je bent geen taakaccenthouder in de routering, dus er zijn geen signalen voor je. "
    "Typ 'menu' voor de keuzes."
)
OPEN_CASES_FOR_TAH = (
    "Open zaken zijn er alleen voor de aandachtsfunctionarissen. Jouw signalen en vragen vind je "
    "onder 'mijn signalen'."
)
TAH_CASE_CLOSED = (
    "Zaak {case_number} uit je afdeling is afgesloten. De melder heeft een terugkoppeling gekregen."
)

# --- channel ------------------------------------------------------------------------------------
POINTER_TITLE = "Signaal {case_number}"
POINTER_FORM = "Vorm"
POINTER_URGENCY = "Urgentie"
POINTER_STATE = "Status"
POINTER_ASSIGNEE = "Behandelaar"
POINTER_SINCE = "Binnen sinds"
POINTER_CLOSED_ON = "Afgesloten op"
POINTER_SOURCE = "Binnengekomen via"
POINTER_MEETING = "Signaleringsoverleg"
POINTER_OUTCOME_MISSING = "geweest, uitkomst nog niet vastgelegd"
POINTER_PARTNER_DUE = "Terugkoppeling partner"
POINTER_OVERDUE = "te laat"
DUE_BY = "uiterlijk {date}"
POINTER_REASON = "Waarom hier"
POINTER_MINOR = "Mogelijk minderjarig"
POINTER_MINOR_VALUE = "Ja: de meldcode geldt ook"
POINTER_OPEN = "Details openen"
POINTER_NOTE = (
    "Details zijn alleen zichtbaar voor aandachtsfunctionarissen, en alleen voor wie ze opent."
)
AGE_DAYS = "{days} dagen"
AGE_HOURS = "{hours} uur"
AGE_NEW = "net binnen"
CHANNEL_LINKED = (
    "Dit kanaal is gekoppeld. Nieuwe signalen verschijnen hier als kaart zonder persoonsgegevens."
)
CHANNEL_LINK_REFUSED = "Alleen een aandachtsfunctionaris kan dit kanaal koppelen."
# Teams lets bots be added to private and shared channels but not post there.
CHANNEL_NOT_STANDARD = (
    "Dit kanaal is niet gekoppeld: het is een privékanaal of gedeeld kanaal, en daarin kan "
    "Meldroute geen berichten plaatsen. Koppel een standaardkanaal in een team waarvan alleen de "
    "aandachtsfunctionarissen lid zijn."
)
TEAM_WELCOME = (
    "Meldroute is aan dit team toegevoegd. Signalen van mensenhandel verschijnen als kaart zonder "
    "persoonsgegevens in het kanaal van de aandachtsfunctionarissen. Om dat kanaal te koppelen "
    "typt een aandachtsfunctionaris in dat kanaal: @Meldroute koppel dit kanaal. Alleen "
    "aandachtsfunctionarissen kunnen dat. Kies een standaardkanaal in een team waarvan alleen de "
    "aandachtsfunctionarissen lid zijn: in een privékanaal of gedeeld kanaal kan Meldroute geen "
    "berichten plaatsen. Een signaal melden of een vraag stellen doe je in de persoonlijke chat "
    "met Meldroute."
)
CHANNEL_HELP = (
    "In dit kanaal verschijnen signalen als kaart zonder persoonsgegevens. Typ '@Meldroute koppel dit "
    "kanaal' (aandachtsfunctionaris) of '@Meldroute open zaken'."
)
OPEN_CASES_TITLE = "Open zaken"
OPEN_CASES_NONE = "Er zijn geen open zaken."
OPEN_CASES_MORE = "En nog {count} andere open zaken."
REMINDER_UNCLAIMED = "Herinnering: {case_number} is sinds {hours} uur niet opgepakt."
REMINDER_STALE = (
    "Herinnering: {case_number} staat open en heeft al {days} dagen geen nieuwe stap gehad. "
    "Open zaken worden nooit vanzelf verwijderd: sluit de zaak af of leg de volgende stap vast."
)
REMINDER_PARTNER_FEEDBACK = (
    "Herinnering: voor {case_number} had de terugkoppeling van de ketenpartner er uiterlijk "
    "{due} moeten zijn. Open de zaak om de terugkoppeling vast te leggen of opnieuw te vragen."
)
REMINDER_AGENDA_OUTCOME = (
    "Herinnering: {case_number} stond op de agenda van het signaleringsoverleg van {date}, maar "
    "de uitkomst is nog niet vastgelegd. Open de zaak om die vast te leggen."
)
REMINDER_NO_FEEDBACK = (
    "Herinnering: {case_number} loopt al {days} dagen zonder terugkoppeling aan de melder. "
    "De uiterste termijn is drie maanden."
)
DEAD_LETTER = (
    "Let op: een bericht over {case_number} kon niet worden bezorgd ({what}). Reden: {reason}. "
    "Typ 'niet bezorgd' in je eigen chat met Meldroute voor het overzicht."
)
DEAD_LETTER_WHAT: dict[str, str] = {
    "tah_card": "kaart aan de taakaccenthouder",
    "tah_notice": "bericht aan de taakaccenthouder",
    "channel_card": "kaart in het kanaal",
    "reporter_text": "bericht aan de melder",
    "user_text": "bericht aan een collega",
    "channel_text": "bericht in het kanaal",
    "question_card": "vraag aan de taakaccenthouder",
    "asker_text": "antwoord aan de vraagsteller",
    "question_pointer": "vraagkaart in het kanaal",
    "draft_card": "kaart van een onafgemaakte melding",
    "reporter_question": "vraag aan de melder",
}
# Why a message did not arrive; no names, no content.
UNDELIVERED_REASONS: dict[str, str] = {
    "identity_deleted": "de gegevens van de ontvanger zijn volgens de bewaartermijn verwijderd",
    "not_in_routing": "de ontvanger heeft deze rol niet meer in de routering",
    "not_reachable": "de ontvanger is al lange tijd niet bereikbaar in Teams",
    "failed": "Teams weigerde het bericht",
    "error": "technische fout na herhaalde pogingen",
}
ROUTING_INVALID = (
    "Let op: het gewijzigde routeringsbestand is ongeldig en niet toegepast; de vorige routering "
    "blijft gelden. De functioneel beheerder vindt de reden in het logboek."
)
UNDELIVERED_TITLE = "Niet bezorgde berichten"
UNDELIVERED_NONE = "Er zijn geen berichten die niet konden worden bezorgd."
UNDELIVERED_LINE = "{date} - {what} ({number}): {reason}"
REPEAT_NOTICE = (
    "Mogelijk heb je dit bericht al eerder gekregen: na een storing is het opnieuw verstuurd."
)
FEEDBACK_WAITING_REMINDER = (
    "Let op: de terugkoppeling over {case_number} wacht al {days} dagen op de melder, die nog niet "
    "bereikbaar is in Teams. Overweeg de melder op een andere manier te informeren."
)
FEEDBACK_NO_IDENTITY = (
    "De terugkoppeling over {case_number} kan niet worden bezorgd: de gegevens van de melder zijn "
    "volgens de bewaartermijn al verwijderd."
)
FEEDBACK_STATES: dict[str, str] = {
    "pending": "wordt verstuurd",
    "delivered": "bezorgd",
    "waiting": "wacht: de melder is nog niet bereikbaar in Teams",
    "failed": "kon niet worden bezorgd",
    "outside": "gaat buiten Meldroute om (geregistreerd signaal)",
}
DETAIL_FEEDBACK_STATE = "Terugkoppeling aan melder"

# --- coordinator detail view -------------------------------------------------------------------
DETAIL_TITLE = "Zaak {case_number}"
DETAIL_ONLY_YOU = "Alleen jij ziet deze weergave."
DETAIL_CONTENT = "Melding"
DETAIL_HISTORY = "Verloop"
DETAIL_CASE = "Zaak"
DETAIL_NEXT_STEP = "Volgende stap"
DETAIL_REFRESH = "Vernieuwen"
DETAIL_OTHER_STEPS = "Andere stappen"
DETAIL_RECEIVED = "Binnengekomen op"
DETAIL_REQUESTS = "Terugkoppeling van partners"
REQUEST_LINE = "{partner}: gevraagd op {asked}, uiterlijk {due}: {status}"
REQUEST_OPEN = "nog niet ontvangen"
REQUEST_OVERDUE = "te laat"
REQUEST_ANSWERED = "ontvangen op {date}"
DETAIL_RELATED = "Andere signalen met overeenkomende gegevens"
DETAIL_RELATED_NONE = (
    "Geen andere signalen over dezelfde persoon, hetzelfde slachtoffer, adres, bedrijf of "
    "dezelfde organisatie."
)
RELATED_OPEN = "Openen"
# Which field matched; never the value itself.
RELATED_KIND_LABELS: dict[str, str] = {
    "person": "zelfde mogelijke uitbuiter (naam en geboortedatum)",
    "victim": "zelfde slachtoffer (naam en geboortedatum)",
    "address": "zelfde adres",
    "company": "zelfde bedrijf (KvK-nummer)",
    "organisation": "zelfde organisatie",
}
DETAIL_REPORTER = "Melder"
DETAIL_REPORTER_HIDDEN = "Verborgen. Opvragen wordt vastgelegd."
DETAIL_REPORTER_EXTERNAL = "Melder van buiten, verborgen. Opvragen wordt vastgelegd."
DETAIL_REPORTER_NONE = "Niet vastgelegd, of volgens de bewaartermijn verwijderd."
ACTION_LABELS: dict[str, str] = {
    "claim": "Oppakken",
    "assign": "Toewijzen",
    "note": "Notitie toevoegen",
    "enrich": "Verrijking vastleggen",
    "agenda": "Op agenda signaleringsoverleg",
    "agenda_outcome": "Uitkomst overleg vastleggen",
    "hand_over": "Overdragen aan ketenpartner",
    "handover_summary": "Overdrachtstekst",
    "request_feedback": "Terugkoppeling vragen",
    "record_feedback": "Terugkoppeling vastleggen",
    "register": "Geregistreerd",
    "close": "Afsluiten",
    "reopen": "Heropenen",
    "reveal_reporter": "Melder tonen",
    "ask_reporter": "Vraag aan melder",
    "reporter_answer": "Antwoord van de melder",
    "add_to_report": "Aanvulling van de melder",
    "forward": "Doorgestuurd",
    "escalate": "Automatisch doorgezet",
    "tah_note": "Notitie taakaccenthouder",
    "view": "Bekeken",
}
INPUT_NOTE = "Notitie (geen naam van de melder)"
INPUT_REVEAL_REASON = "Waarom heb je de naam van de melder nodig?"
INPUT_REVEAL_NOTE = "Toelichting (verplicht bij 'anders')"
REVEAL_REASONS: dict[str, str] = {
    "contact": "Ik moet de melder spreken voor aanvullende informatie",
    "safety": "De veiligheid van de melder of een ander vraagt erom",
    "partner": "Een ketenpartner vraagt erom, met een wettelijke grondslag",
    "own_request": "De melder vraagt zelf om inzage",
    "other": "Anders",
}
REVEAL_NO_IDENTITY = (
    "De gegevens van de melder zijn volgens de bewaartermijn al verwijderd. Er is niets getoond."
)
INPUT_ASSIGNEE = "Toewijzen aan"
INPUT_PARTNER = "Ketenpartner"
INPUT_HANDOVER_DATE = "Datum overdracht"
INPUT_REFERENCE = "Kenmerk bij de partner"
INPUT_FEEDBACK_SHORT = "Terugkoppeling"
INPUT_PARTNER_FEEDBACK = "Terugkoppeling van de partner"
INPUT_AGENDA_DATE = "Datum signaleringsoverleg"
INPUT_MEETING = "Signaleringsoverleg van"
INPUT_OTHER_MEETING = "Of een andere datum"
INPUT_AGENDA_OUTCOME = "Uitkomst"
INPUT_OUTCOME_NOTE = "Wat kwam eruit? (optioneel; geen naam van de melder)"
OUTCOME_FOR = "Signaleringsoverleg van {date}"
AGENDA_OUTCOMES: dict[str, str] = {
    "discussed": "Besproken, informatie aangevuld",
    "no_information": "Besproken, geen aanvullende informatie",
    "postponed": "Niet besproken, door naar het volgende overleg",
    "withdrawn": "Van de agenda gehaald",
}
INPUT_DUE_DATE = "Terugkoppeling uiterlijk op"
INPUT_ENRICH_NOTE = "Wat weet de gemeente al? (optioneel; bijv. uit BRP of eigen systemen)"
ENRICH_HINT = (
    "Andere signalen met overeenkomende gegevens staan hieronder bij de zaak; ze worden bij het "
    "vastleggen meegenomen."
)
HANDOVER_SUMMARY_HINT = (
    "Met 'Overdrachtstekst maken' krijg je de tekst voor de partner om in een beveiligde mail te "
    "plakken. Die wordt vastgelegd als verstrekking."
)
INPUT_INCLUDE_REPORTER = (
    "De melder opnemen in de overdrachtstekst (alleen als je de melder al hebt opgevraagd)"
)
HANDOVER_SUMMARY_BUTTON = "Overdrachtstekst maken"
HANDOVER_RECORD_BUTTON = "Overdracht vastleggen"
CLOSE_REGISTERED_HINT = (
    "Dit signaal kwam buiten Meldroute binnen. De terugkoppeling aan wie het meldde gaat daarom "
    "buiten Meldroute om, bijvoorbeeld per mail of telefoon."
)
INPUT_CLOSE_NOTE = "Notitie over de terugkoppeling (optioneel)"
INPUT_CLOSE_REASON = "Reden van afsluiten"
INPUT_REPORTER_FEEDBACK = (
    "Korte, algemene terugkoppeling aan de melder (geen details over personen)"
)
CLOSE_REASONS: dict[str, str] = {
    "handed_over_done": "Overgedragen en afgehandeld door partner",
    "no_grounds": "Onvoldoende aanleiding",
    "other_problem": "Ander probleem, elders opgepakt",
    "duplicate": "Dubbele melding",
}
ACTION_DONE = "{action}: vastgelegd voor {case_number}."
ACTION_DONE_TEXTS: dict[str, str] = {
    "claim": "Je hebt {case_number} opgepakt.",
    "assign": "{case_number} is toegewezen.",
    "note": "Je notitie bij {case_number} is opgeslagen.",
    "enrich": "De verrijking van {case_number} is vastgelegd.",
    "agenda": "{case_number} staat op de agenda van het signaleringsoverleg van {date}.",
    "agenda_outcome": "De uitkomst van het signaleringsoverleg is vastgelegd voor {case_number}.",
    "hand_over": "De overdracht van {case_number} is vastgelegd.",
    "request_feedback": (
        "Vastgelegd: terugkoppeling gevraagd, uiterlijk {date}. Blijft die uit, dan krijgen de "
        "aandachtsfunctionarissen een herinnering."
    ),
    "record_feedback": "De terugkoppeling van de partner is vastgelegd voor {case_number}.",
    "close": "{case_number} is afgesloten.",
    "reopen": "{case_number} is heropend.",
}
ACTION_REFUSED_NOT_YET: dict[str, str] = {
    "ask_reporter": (
        "Dit signaal kwam buiten Meldroute binnen: wie het meldde is niet via Meldroute te "
        "bereiken. Er is niets verstuurd."
    ),
    "agenda_outcome": (
        "Deze zaak staat niet op de agenda van een signaleringsoverleg. Er is niets gewijzigd."
    ),
    "record_feedback": (
        "Er is geen openstaande vraag om terugkoppeling aan een partner. Vraag eerst om "
        "terugkoppeling. Er is niets gewijzigd."
    ),
}
SUMMARY_REVEAL_FIRST = (
    "Je kunt de melder alleen in de overdrachtstekst opnemen als je de melder eerst zelf hebt "
    "opgevraagd (Melder tonen, met een reden). Er is niets gemaakt."
)
ACTION_REFUSED_ROLE = "Dit mag alleen een aandachtsfunctionaris. Er is niets gewijzigd."
ACTION_REFUSED_REPORTER = "Dit kan alleen de melder van deze zaak. Er is niets gewijzigd."
ADD_TO_CLOSED_CASE = (
    "Deze zaak is afgesloten en kan niet meer worden aangevuld. Heb je iets nieuws gezien? "
    "Meld het dan als nieuw signaal."
)
ASK_REPORTER_NO_IDENTITY = (
    "De gegevens van de melder zijn volgens de bewaartermijn verwijderd; een vraag kan de melder "
    "niet meer bereiken. Er is niets verstuurd."
)
INPUT_REPORTER_QUESTION = "Vraag aan de melder (zonder namen)"
INPUT_REPORTER_ANSWER = "Je antwoord"
REPORTER_ANSWERED = (
    "{case_number}: de melder heeft een vraag beantwoord. Open de zaak voor het antwoord."
)
REPORTER_ADDED = (
    "{case_number}: de melder heeft de melding aangevuld. Open de zaak voor de aanvulling."
)
REPORTER_QUESTION_TITLE = "Een vraag over je melding {case_number}"
REPORTER_QUESTION_INTRO = (
    "De aandachtsfunctionaris mensenhandel heeft een vraag over je melding. Je antwoord komt bij "
    "de aandachtsfunctionaris zonder je naam. Weet je het niet of wil je liever niet antwoorden, "
    "dan is dat ook goed."
)
REPORTER_QUESTION_SEND = "Antwoord versturen"
REPORTER_QUESTION_DONT_KNOW = "Weet ik niet"
REPORTER_QUESTION_DECLINE = "Liever niet"
REPORTER_QUESTION_DONE = "Je antwoord op de vraag over {case_number} is doorgegeven. Dank je wel."
REPORTER_QUESTION_REMINDER = (
    "Herinnering: er ligt nog een vraag over je melding {case_number} voor je klaar (hierboven in "
    "deze chat). Antwoorden is niet verplicht."
)
ADD_TITLE = "Melding {case_number} aanvullen"
ADD_HINT = (
    "Vul alleen in wat nieuw is. Namen van anderen horen niet in het feitenveld; wat je zag, waar "
    "en wanneer wel."
)
ADD_BUTTON = "Aanvullen"
ADD_SEND = "Aanvulling versturen"
ADD_DONE = "Je aanvulling op {case_number} is ontvangen. De inhoud staat niet meer in deze chat."
ANSWER_KIND_LABELS: dict[str, str] = {
    "answer": "antwoord",
    "dont_know": "weet het niet",
    "decline": "wil liever niet antwoorden",
}
OPEN_REPORTER_QUESTIONS = "Open vragen aan de melder"
ACTION_REFUSED_TAH = "Dit mag alleen de taakaccenthouder van deze afdeling. Er is niets gewijzigd."
ACTION_REFUSED_STATE = "Dat kan niet meer: de zaak staat op '{state}'. Er is niets gewijzigd."
ACTION_REFUSED_UNKNOWN = "Die zaak bestaat niet. Er is niets gewijzigd."
ACTION_REFUSED_CHANGED = "De zaak is net door iemand anders gewijzigd. Open de details opnieuw."
ACTION_NEEDS_INPUT = "Vul eerst in: {field}."

# --- reporter -----------------------------------------------------------------------------------
MY_REPORTS_TITLE = "Mijn meldingen"
MY_REPORTS_NONE = "Je hebt nog geen meldingen gedaan (of ze zijn na afronding verwijderd)."
MY_REPORTS_MORE = "En nog {count} eerdere meldingen."
ADD_WHICH = "Welke melding vul je aan?"
MY_REPORTS_RECEIVED = "ontvangen {date}"
MY_REPORTS_UPDATED = "laatste stap {date}"
FEEDBACK_TO_REPORTER = (
    "Terugkoppeling over je melding {case_number}: {feedback}\n\n"
    "Heb je nog een vraag over deze melding? Neem contact op met de aandachtsfunctionaris; wie "
    "dat is, lees je als je 'wie is de aandachtsfunctionaris' typt."
)

FIELD_LABELS: dict[str, str] = {
    "acute": "Acuut gevaar gemeld",
    "form": "Vorm",
    "signals": "Signalen",
    "signals_other": "Anders, namelijk",
    "facts": "Feiten",
    "observations": "Waarnemingen",
    "interpretation": "Interpretatie melder",
    "source": "Opgevangen",
    "place": "Plaats",
    "postcode": "Postcode",
    "house_number": "Huisnummer",
    "date": "Datum",
    "time": "Tijd",
    "licence_plate": "Kenteken",
    "victim_description": "Beschrijving slachtoffer",
    "victim_name": "Naam slachtoffer",
    "victim_dob": "Geboortedatum slachtoffer",
    "victim_age": "Geschatte leeftijd",
    "victim_minor": "Mogelijk minderjarig",
    "suspect_name": "Naam mogelijke uitbuiter",
    "suspect_dob": "Geboortedatum",
    "suspect_postcode": "Postcode uitbuiter/organisatie",
    "suspect_house_number": "Huisnummer uitbuiter/organisatie",
    "organisation": "Organisatie",
    "kvk": "KvK-nummer",
    "suspect_description": "Beschrijving uitbuiter",
    "contact": "Gesproken met persoon",
    "department": "Afdeling",
    "urgent": "Dringend",
    "route": "Eerst besproken met",
    "intake_source": "Binnengekomen via",
    "intake_partner": "Naam partner",
    "external_organisation": "Organisatie van de melder",
    "external_contact": "Contactpersoon",
}

# --- quick questions and the knowledge base ------------------------------------------------------
ASK_TITLE = "Stel je vraag"
ASK_HINT = (
    "Ik zoek eerst een antwoord in de kennisbank. Wil je daarna met iemand overleggen, dan gaat je "
    "vraag naar de taakaccenthouder van je afdeling (of, als die er niet is, naar de "
    "aandachtsfunctionaris). Noem geen namen als dat niet nodig is."
)
ASK_LABEL = "Je vraag"
ASK_BUTTON = "Zoek antwoord"
ASK_EMPTY = "Typ eerst je vraag in het tekstvak."
ASK_TOO_LONG = "Je vraag is te lang (hoogstens 1000 tekens). Maak hem korter, of doe een melding als het om een signaal gaat."
ASK_NO_WORDS = "Ik kan alleen vragen in woorden lezen. Typ je vraag in tekst."
ASK_RECEIPT = "Vraag ontvangen"
QUESTION_CANCELLED = "Je vraag is niet verstuurd. Typ 'menu' voor de keuzes."
SIGNAL_LIKE_TITLE = "Dit klinkt als een signaal"
SIGNAL_LIKE_BODY = (
    "Het lijkt erop dat je iets hebt gezien of gehoord. Wil je daar een melding van maken? Dan komt "
    "het veilig bij de taakaccenthouder of de aandachtsfunctionaris terecht. Er wordt niets "
    "opgeslagen tot je de melding zelf verstuurt."
)
SIGNAL_LIKE_DONE = "Gekozen: melden."
QUESTION_LIKE_DONE = "Gekozen: het is een vraag."
SIGNAL_LIKE_REPORT = "Ja, signaal melden"
SIGNAL_LIKE_QUESTION = "Nee, het is een vraag"
RESULTS_TITLE = "Dit vond ik in de kennisbank"
RESULTS_NONE = (
    "Ik heb hierover niets gevonden in de kennisbank; die gaat over signalen van mensenhandel "
    "en de meldroute. Stel je vraag eens in andere woorden, of vraag het aan een persoon."
)
RESULTS_NONE_TITLE = "Dat weet ik niet"
RESULTS_UNSURE_TITLE = "Bedoel je een van deze onderwerpen?"
RESULTS_UNSURE = (
    "Ik weet niet zeker wat je bedoelt. Open een onderwerp om het antwoord te lezen. Staat je "
    "vraag er niet bij, vraag het dan aan een persoon."
)
RESULTS_MORE = "Misschien bedoel je ook:"
RESULTS_YOUR_QUESTION = 'Je vraag: "{question}"'
RESULTS_OPEN = "Lees"  # folds an entry's answer open on the card
RESULTS_CLOSE = "Sluit"  # folds it shut again
# Above the choices when a question has emergency words but may be about something else.
RESULTS_DANGER = "Is iemand nu in gevaar? Bel direct 112. Deze bot is geen noodlijn."
RESULTS_HELPS = "Dit helpt"
RESULTS_PERSON = "Ik wil een persoon spreken"
RESULTS_AGAIN = "Andere vraag"
RESULTS_THANKS = "Fijn dat het helpt. Typ 'menu' als je nog iets wilt doen."
PERSON_TITLE = "Naar welke afdeling mag je vraag?"
PERSON_DEPARTMENT = "Je afdeling"
PERSON_CHOSEN = "Afdeling voor je vraag gekozen."
PERSON_HINT = (
    "Je vraag gaat met je naam naar de taakaccenthouder mensenhandel van deze afdeling. Heeft "
    "je afdeling er (nog) geen, dan gaat hij naar de aandachtsfunctionaris."
)
PERSON_BUTTON = "Vraag versturen"
PERSON_SENT = (
    "Je vraag {number} is doorgestuurd naar de taakaccenthouder van {department}. "
    "Het antwoord krijg je hier in deze chat."
)
PERSON_SENT_COORDINATOR = (
    "Je vraag {number} is doorgestuurd naar de aandachtsfunctionaris mensenhandel, omdat je afdeling geen "
    "taakaccenthouder heeft. Het antwoord krijg je hier in deze chat."
)
# Filled into knowledge-base answers from the routing file ({routing:...}).
ROUTING_TAH_HEADER = "**Taakaccenthouders per afdeling**"
ROUTING_TAH_LINE = "- {department}: {people}"
ROUTING_TAH_NAMELESS_ONE = "één taakaccenthouder"
ROUTING_TAH_NAMELESS = "{count} taakaccenthouders"
ROUTING_TAH_NONE = "nog geen; je vraag of melding gaat dan naar de aandachtsfunctionaris"
ROUTING_COORDINATORS = "De aandachtsfunctionarissen mensenhandel zijn {names}."
ROUTING_AND = " en "
WHO_IS_TAH = (
    "Ik weet niet bij welke afdeling je werkt, dus hier zijn ze allemaal. Bij een afdeling "
    "zonder taakaccenthouder gaat je melding direct naar de aandachtsfunctionaris."
)
WHO_IS_COORDINATOR = (
    "Een melding die je hier doet, komt bij hen; een vraag gaat eerst naar de taakaccenthouder van "
    "je afdeling (of naar hen als je afdeling er geen heeft)."
)
# Said above knowledge-base answers when the conversation is not in Dutch; empty in Dutch.
KB_LANGUAGE_NOTE = ""
KB_MENU_TITLE = "Wat is mensenhandel? Kies een onderwerp"
KB_MENU_LABEL = "Onderwerp"
KB_MENU_BUTTON = "Lees"
KB_BACK = "Andere onderwerpen"
KB_ASK = "Vraag stellen"
KB_UNKNOWN = "Dat onderwerp ken ik niet (meer). Kies een ander onderwerp."
QUESTION_CARD_TITLE = "Vraag {number} van {asker}"
QUESTION_CARD_DEPARTMENT = "Afdeling"
QUESTION_CARD_ASKED = "Gesteld"
QUESTION_CARD_ANSWER_LABEL = "Je antwoord"
QUESTION_CARD_ANSWER = "Antwoord versturen"
QUESTION_CARD_SUGGESTIONS = (
    "Past een antwoord uit de kennisbank? Stuur het met één klik (wat je hieronder typt, gaat "
    "erboven mee):"
)
QUESTION_CARD_SEND_ENTRY = "Stuur dit"
QUESTION_CARD_SEEN = "_Stond al op de kaart van de vrager._"
QUESTION_CARD_ANSWERED = "Beantwoord door {name}."
QUESTION_CARD_SENT = "Dit is verstuurd:"
QUESTION_CARD_ESCALATED = "Nog niet beantwoord; ook doorgezet naar de aandachtsfunctionaris."
# Kept for answers already waiting in the outbox when the question began to be quoted.
QUESTION_ANSWER_TO_ASKER = "Antwoord op je vraag {number}:\n\n{answer}"
QUESTION_ANSWER_WITH_QUESTION = 'Antwoord op je vraag {number} ("{question}"):\n\n{answer}'
QUESTION_ANSWER_SENT = "Je antwoord is verstuurd."
QUESTION_ALREADY_ANSWERED = "Deze vraag is al beantwoord door {name}. Er is niets gewijzigd."
QUESTION_REFUSED = "Alleen de taakaccenthouder van deze afdeling of een aandachtsfunctionaris kan deze vraag beantwoorden. Er is niets gewijzigd."
QUESTION_UNKNOWN = "Die vraag bestaat niet. Er is niets gewijzigd."
QUESTION_ANSWER_EMPTY = "Typ eerst een antwoord."
QUESTION_REMINDER = "Herinnering: vraag {number} wacht al {hours} uur op een antwoord."
QUESTION_POINTER_TITLE = "Vraag {number} wacht op antwoord"
QUESTION_POINTER_BODY = "Leeftijd: {age}. De taakaccenthouder heeft nog niet geantwoord. De vraag is alleen zichtbaar voor aandachtsfunctionarissen."
QUESTION_POINTER_OPEN = "Vraag openen"
QUESTION_POINTER_ANSWERED = "Vraag {number} is beantwoord."
SOMEONE = "een collega"

# --- the aandachtsfunctionaris's workbench ----------------------------------------------------------
COORDINATOR_ROLE_NAME = "aandachtsfunctionaris"
INTAKE_TITLE = "Hoe kwam het signaal binnen?"
INTAKE_HINT = (
    "Je registreert een signaal dat buiten Meldroute binnenkwam. Het gaat niet langs een "
    "taakaccenthouder: jij bent de behandelaar. Vul daarna de melding in zoals je die kreeg."
)
INTAKE_SOURCE = "Binnengekomen via"
INTAKE_SOURCE_LABELS: dict[str, str] = {
    "mailbox": "Het algemene mailadres",
    "phone": "Telefoon",
    "partner": "Een (keten)partner",
    "other": "Anders",
    "teams": "Meldroute (medewerker)",
}
INTAKE_PARTNER = "Naam van de partner (als het van een partner kwam, bijv. Veilig Thuis)"
INTAKE_EXTERNAL_HINT = (
    "Wie meldde het? Optioneel. Dit wordt apart bewaard zoals de naam van een melder: alleen "
    "op te vragen met een reden, en op tijd verwijderd."
)
INTAKE_EXTERNAL_ORGANISATION = "Organisatie van de melder"
INTAKE_EXTERNAL_CONTACT = "Contactpersoon (naam, telefoon of mail)"
INTAKE_URGENT = "Dringend"
INTAKE_SUBMIT = "Signaal registreren"
INTAKE_CARD_TITLE = "Signaal registreren"
INTAKE_REFUSED = (
    "Alleen een aandachtsfunctionaris kan een signaal registreren. Er is niets opgeslagen."
)
INTAKE_RECEIPT_TITLE = "Signaal geregistreerd: {case_number}"
INTAKE_RECEIPT_BODY = (
    "Het signaal staat in het register en is aan jou toegewezen. In het kanaal verschijnt een "
    "kaart zonder persoonsgegevens. Open de zaak voor de volgende stap."
)

# The history of a case, one sentence per step: "<date> - <who> <sentence>".
HISTORY_PERSON = "{name} ({role})"
HISTORY_TAH_UNNAMED = "Een taakaccenthouder"
HISTORY_SYSTEM = "Meldroute"
HISTORY_SOMEONE = "Een (voormalig) collega"
HISTORY_OTHER = "deed: {action}"
HISTORY_SENTENCES: dict[str, str] = {
    "register": "registreerde het signaal (binnengekomen via: {intake})",
    "tah_note": "schreef een notitie voor de aandachtsfunctionaris",
    "forward": "stuurde het signaal door naar de aandachtsfunctionarissen",
    "escalate": "zette het signaal automatisch door naar de aandachtsfunctionarissen",
    "claim": "pakte de zaak op",
    "assign": "wees de zaak toe aan {assignee}",
    "note": "schreef een notitie",
    "enrich": "legde de verrijking vast",
    "agenda": "zette de zaak op de agenda van het signaleringsoverleg van {date}",
    "agenda_outcome": "legde de uitkomst van het signaleringsoverleg van {date} vast: {outcome}",
    "hand_over": "droeg de zaak op {date} over aan {partner}",
    "handover_summary": "maakte de overdrachtstekst voor {partner}",
    "request_feedback": "vroeg {partner} om terugkoppeling, uiterlijk {due}",
    "record_feedback": "legde de terugkoppeling van {partner} vast",
    "close": "sloot de zaak af ({reason})",
    "reopen": "heropende de zaak",
    "reveal_reporter": "vroeg op wie het signaal meldde (reden: {reason})",
    "ask_reporter": "stelde de melder een vraag (zonder te zeggen wie)",
    "reporter_answer": "beantwoordde een vraag",
    "add_to_report": "vulde de melding aan",
}
HISTORY_ANSWERS: dict[str, str] = {
    "answer": "beantwoordde een vraag",
    "dont_know": "antwoordde op een vraag: weet het niet",
    "decline": "antwoordde op een vraag: wil liever niet antwoorden",
}
HISTORY_REPORTER = "De melder"
# A sentence that says more when the step recorded more: the first detail present wins.
HISTORY_VARIANTS: dict[str, dict[str, str]] = {
    "escalate": {
        "reason": "zette het signaal automatisch door naar de aandachtsfunctionarissen ({reason})"
    },
    "hand_over": {"reference": "droeg de zaak op {date} over aan {partner} (kenmerk {reference})"},
    "agenda_outcome": {
        "next": (
            "legde de uitkomst van het signaleringsoverleg van {date} vast: {outcome}; de zaak "
            "staat nu op de agenda van {next}"
        )
    },
    "handover_summary": {
        "with_reporter": "maakte de overdrachtstekst voor {partner}, met de melder erin"
    },
}
HISTORY_TEXT_LABELS: dict[str, str] = {
    "note": "Notitie",
    "feedback": "Terugkoppeling",
    "question": "Vraag",
    "answer": "Antwoord",
}
HISTORY_FOUND = "Andere signalen: {found}"
HISTORY_FOUND_NONE = "Geen andere signalen gevonden"
HISTORY_FEEDBACK_OUTSIDE = "De terugkoppeling aan de melder gaat buiten Meldroute om"

# Long texts in a view: Teams takes messages up to about 100 KB, so the longest are shortened.
TEXT_SHORTENED = "… (ingekort)"
TEXTS_SHORTENED_NOTE = (
    "Lange teksten zijn ingekort zodat de zaak in Teams past. Met 'Volledige tekst' zie je ze "
    "helemaal."
)
HISTORY_EARLIER = "{count} eerdere stappen staan onder 'Volledige tekst'."
HISTORY_PAGE = "Eerdere stappen {first} tot en met {last}"
DETAIL_ACUTE = (
    "De melder gaf aan dat er acuut gevaar was (en kreeg het advies eerst 112 te bellen)."
)
HISTORY_EMPTY = "Nog geen stappen."
FULL_TEXT_BUTTON = "Volledige tekst"
FULL_TEXT_CHOOSE = "Welke tekst wil je helemaal zien?"
FULL_TEXT_SHOW = "Tonen"
FULL_TEXT_TITLE = "Volledige tekst {case_number}"
FULL_TEXT_BACK = "Terug naar de zaak"
FULL_TEXT_UNKNOWN = "Die tekst staat niet (meer) bij deze zaak. Open de zaak opnieuw."
CARD_TOO_LARGE_TITLE = "Te groot om te tonen"
CARD_TOO_LARGE = (
    "Deze kaart is te groot voor Teams. Er is niets verloren gegaan; meld het aan de "
    "functioneel beheerder."
)

# The text for a chain partner (copied into a secure mail by the aandachtsfunctionaris).
HANDOVER_LONG = "De tekst is lang: lees en kopieer hem uit het veld hieronder."
HANDOVER_TITLE = "Overdrachtstekst {case_number}"
HANDOVER_INSTRUCTION = (
    "Kopieer deze tekst naar een beveiligde mail aan de partner. Stuur hem niet via Teams of "
    "gewone mail. Dat je deze tekst hebt gemaakt, is vastgelegd."
)
HANDOVER_FIELD = "Dezelfde tekst om te kopiëren (alles selecteren en kopiëren)"
HANDOVER_BACK = "Terug naar de zaak"
HANDOVER_HEADER = "Overdracht van een signaal van mogelijke mensenhandel aan {partner}"
HANDOVER_CASE = "Zaaknummer gemeente: {case_number} (overdracht {date})"
HANDOVER_RECEIVED = "Signaal binnengekomen bij de gemeente op {date}"
HANDOVER_SEEN = "Wat is gezien"
HANDOVER_WHEN = "Wanneer"
HANDOVER_WHERE = "Waar"
HANDOVER_WHO = "Wie"
HANDOVER_KNOWN = "Wat de gemeente al weet"
HANDOVER_NOTHING = "- niet bekend"
HANDOVER_RELATED = "- {kind}: {count} ander(e) signaal/signalen bij de gemeente ({numbers})"
HANDOVER_ENRICHMENT = "Verrijking"
HANDOVER_MEETING = "Signaleringsoverleg ondermijning {date}"
HANDOVER_REPORTER_TITLE = "Melder"
HANDOVER_REPORTER_OMITTED = (
    "- niet opgenomen; de aandachtsfunctionaris kan contact leggen als dat nodig is"
)
HANDOVER_REPORTER_INCLUDED = "- {reporter}"
HANDOVER_FOOTER = "Contact: {name}, aandachtsfunctionaris mensenhandel"

# The signaleringsoverleg's agenda, finding a case.
AGENDA_TITLE = "Agenda signaleringsoverleg {date}"
AGENDA_TITLE_NONE = "Agenda signaleringsoverleg"
AGENDA_EMPTY = "Er staan nog geen zaken op de agenda van dit overleg."
AGENDA_NO_MEETING = (
    "Er is geen volgend overleg bekend. Zet een zaak op de agenda met een datum, of laat de "
    "functioneel beheerder de data in het routeringsbestand zetten."
)
AGENDA_MISSED = "Overleg geweest, uitkomst nog niet vastgelegd"
AGENDA_NOTE = "Alleen zaaknummers; de details open je per zaak, alleen voor jezelf."
LIST_SINCE = "binnen sinds {date}"
SEARCH_TITLE = "Zaak zoeken"
SEARCH_HINT = (
    "Zoek op zaaknummer (MH-2026-0042), op postcode en huisnummer (3431 AB 12) of op "
    "KvK-nummer (8 cijfers). Je zoekt in versleutelde sleutels: er wordt niets ontsleuteld."
)
SEARCH_LABEL = "Zaaknummer, postcode en huisnummer, of KvK-nummer"
SEARCH_BUTTON = "Zoeken"
SEARCH_RESULTS = "Gevonden zaken"
SEARCH_NONE = "Geen zaken gevonden."
SEARCH_REFUSED = "Zaken zoeken kan alleen een aandachtsfunctionaris mensenhandel."
SEARCH_NOT_UNDERSTOOD = (
    "Dat is geen zaaknummer, postcode met huisnummer of KvK-nummer. Probeer bijvoorbeeld "
    "'zoek 3431 AB 12'."
)

# --- yearly evaluation: key figures in Teams and the full report ----------------------------------
MENU_KEY_FIGURES = "Jaaroverzicht"
MONTH_NAMES: tuple[str, ...] = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTH_SHORT: tuple[str, ...] = (
    "jan",
    "feb",
    "mrt",
    "apr",
    "mei",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
)
PERIOD_RANGE = "{first} t/m {last}"
SUPPRESSION_NOTE = (
    "Om niemand herkenbaar te maken staat elk aantal onder de {threshold} (ook nul) als "
    "'< {threshold}', is een ander getal verborgen (×) waar een totaal zo'n aantal anders zou "
    "verraden, en vallen afdelingen, ketenpartners en onderwerpen met minder dan {threshold} "
    "onder 'overig'."
)
KEY_FIGURES_TITLE = "Kerncijfers meldroute {period}"
KEY_FIGURES_REFUSED = "Alleen een aandachtsfunctionaris kan het jaaroverzicht opvragen."
KEY_FIGURES_BAD_PERIOD = (
    "Die periode ken ik niet. Typ bijvoorbeeld 'jaaroverzicht 2026', 'jaaroverzicht 2026-03' of "
    "'jaaroverzicht 2026-01 2026-06'. De cijfers worden per maand bijgehouden."
)
KEY_FIGURES_NO_DATA = "Over deze periode is (nog) niets vastgelegd."
KEY_FIGURES_FULL_REPORT = (
    "Het volledige rapport over {year}, met grafieken, doorlooptijden en een vergelijking met het "
    "jaar ervoor, vraag je aan de functioneel beheerder: één bestand dat je vanuit de browser als "
    "PDF afdrukt."
)
NOT_AVAILABLE = "niet te tonen"
DAYS_VALUE = "{days} dagen"
PERCENT_VALUE = "{percent}%"
FIGURE_LABELS: dict[str, str] = {
    "signals": "Signalen ontvangen",
    "urgent": "waarvan dringend",
    "minor": "waarvan mogelijk minderjarige",
    "acute": "waarvan acuut gevaar aangegeven",
    "via_tah": "waarvan via de taakaccenthouder",
    "handed_over": "Overdrachten aan ketenpartners",
    "closed": "Zaken afgesloten",
    "feedback_delivered_share": "Melder kreeg terugkoppeling",
    "feedback_in_time_share": "Terugkoppeling binnen de termijn",
    "feedback_median_days": "Mediane tijd tot terugkoppeling",
    "reminders": "Herinneringen verstuurd",
    "questions_asked": "Vragen gesteld",
    "questions_helped": "waarvan geholpen door de kennisbank",
    "questions_answered": "Vragen beantwoord door een collega",
}
OTHER_LABEL = "overig"
UNKNOWN_LABEL = "onbekend"
TOTAL_LABEL = "Totaal"
YES_NO_LABELS: dict[str, str] = {"yes": "ja", "no": "nee"}
MINOR_STAT_LABELS: dict[str, str] = {"yes": "ja", "no": "nee", "unknown": "weet niet / leeg"}
INTAKE_LABELS: dict[str, str] = {
    "teams": "Melding in Teams",
    "mailbox": "Mailbox",
    "phone": "Telefoon",
    "partner": "Via een ketenpartner",
    "other": "Anders",
}
FORWARD_ROUTE_LABELS: dict[str, str] = {
    "taakaccenthouder": "Doorgestuurd door de taakaccenthouder",
    "not_forwarded_in_time": "Automatisch: niet op tijd doorgestuurd",
    "urgent": "Direct: dringend (acuut gevaar, mogelijk minderjarige of door de melder)",
    "reporter_choice": "Direct: de melder koos de aandachtsfunctionaris",
    "no_taakaccenthouder": "Direct: afdeling zonder taakaccenthouder",
    "registered": "Geregistreerd door de aandachtsfunctionaris (mailbox, telefoon, partner)",
}
REMINDER_LABELS: dict[str, str] = {
    "claim": "Zaak nog niet opgepakt",
    "feedback": "Nog geen terugkoppeling aan de melder",
    "question": "Vraag nog niet beantwoord",
}
FEEDBACK_LABELS: dict[str, str] = {
    "in_time": "Binnen {days} dagen (termijn)",
    "within_outer_bound": "Na {days} dagen, binnen 3 maanden",
    "late": "Na meer dan 3 maanden",
    "none": "Geen terugkoppeling bezorgd",
}
LEAD_TIME_LABELS: dict[str, str] = {
    "forwarded": "Ontvangen → bij aandachtsfunctionaris",
    "claimed": "Bij aandachtsfunctionaris → opgepakt",
    "handed_over": "Opgepakt → overgedragen",
    "partner_feedback": "Overgedragen → terugkoppeling partner",
    "closed": "Opgepakt → afgesloten",
    "feedback_delivered": "Afgesloten → terugkoppeling melder",
    "closed_total": "Ontvangen → afgesloten",
    "feedback_total": "Ontvangen → terugkoppeling melder",
    "question_answered": "Vraag gesteld → beantwoord",
}
LEAD_TIME_DEADLINES: dict[str, str] = {
    "forwarded": "{forward_hours} uur (daarna automatisch)",
    "claimed": "herinnering na {claim_hours} uur",
    "feedback_total": "{feedback_days} dagen (instelling); uiterlijk 90 dagen (EU-richtlijn)",
}
NO_TOPIC_LABEL = "Geen passend antwoord in de kennisbank"
REPORTER_CONTACT_LABELS: dict[str, str] = {
    "asked": "Vragen van een aandachtsfunctionaris aan een melder",
    "answer": "Beantwoord",
    "dont_know": "Melder wist het niet",
    "decline": "Melder wilde liever niet antwoorden",
    "answered": "Antwoorden samen",
    "added": "Aanvullingen door melders op hun melding",
}
QUESTION_FIGURE_LABELS: dict[str, str] = {
    "asked": "Vragen gesteld aan de kennisbank",
    "helped": "'Dit helpt' gekozen",
    "to_person": "Doorgestuurd naar een collega",
    "answered": "Beantwoord door een collega",
    "answered_from_knowledge": "waarvan met een kennisbankantwoord",
    "escalated": "Na de termijn naar de aandachtsfunctionaris",
}


def number(value: float, decimals: int = 0) -> str:
    """A number the Dutch way: 1.234 and 3,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def month_label(month: str, *, short: bool = False) -> str:
    """'2026-03' as 'maart 2026' (or 'mrt' when short)."""
    index = int(month[5:7]) - 1
    return MONTH_SHORT[index] if short else f"{MONTH_NAMES[index]} {month[:4]}"


def period_label(first: str, last: str) -> str:
    """A period of whole months: '2026' for a calendar year, else 'maart 2026 t/m mei 2026'."""
    if first.endswith("-01") and last == first[:4] + "-12":
        return first[:4]
    if first == last:
        return month_label(first)
    return PERIOD_RANGE.format(first=month_label(first), last=month_label(last))


def figure_value(count: str | None, percent: float | None, days: float | None) -> str:
    """A key figure as shown: a count (already suppressed), a share or a number of days."""
    if count is not None:
        return count
    if percent is not None:
        return PERCENT_VALUE.format(percent=number(percent))
    if days is not None:
        return DAYS_VALUE.format(days=number(days, 1 if days % 1 else 0))
    return NOT_AVAILABLE


TOO_FEW_OBSERVATIONS = "te weinig waarnemingen (< {threshold})"

# The full report (tools/evaluation_report.py).
REPORT_TITLE = "Evaluatie meldroute mensenhandel {period}"
REPORT_INTRO = (
    "Dit overzicht telt wat er in {period} langs de interne meldroute ging: signalen, "
    "overdrachten, terugkoppeling en vragen. Het is gemaakt uit de feiten die Meldroute bij elke "
    "stap vastlegt: per maand, zonder namen, zaaknummers of andere persoonsgegevens, en ze blijven "
    "bewaard als de zaken zelf al zijn verwijderd. Elke stap telt in de maand waarin hij gebeurde; "
    "terugkoppeling aan de melder telt in de maand waarin de zaak werd afgesloten."
)
REPORT_SMALL_COUNTS = "Kleine aantallen."
REPORT_COMPARED = "Ter vergelijking staat de periode ervoor ernaast, op dezelfde manier geteld."
REPORT_NOT_COMPARED = "Over de periode ervoor is niets vastgelegd; er is dus geen vergelijking."
REPORT_SECTIONS: dict[str, str] = {
    "key_figures": "1. Kerncijfers",
    "months": "2. Signalen per maand en vorm van uitbuiting",
    "departments": "3. Signalen per afdeling",
    "intake": "4. Hoe de signalen binnenkwamen",
    "lead_times": "5. Doorlooptijden",
    "partners": "6. Overdrachten aan ketenpartners en afsluiting",
    "feedback": "7. Terugkoppeling aan de melders",
    "questions": "8. Vragen",
}
REPORT_SUBHEADINGS: dict[str, str] = {
    "forwarded": "Hoe de signalen bij de aandachtsfunctionaris kwamen",
    "traits": "Kenmerken",
    "urgent": "Dringend",
    "minor": "Mogelijk minderjarige",
    "acute": "Acuut gevaar aangegeven",
    "via_tah": "Via de taakaccenthouder",
    "close_reasons": "Afgesloten zaken naar reden",
    "reminders": "Herinneringen die de bot verstuurde",
    "topics": "Waar de vragen over gingen (beste antwoord uit de kennisbank)",
    "reporter_contact": "Contact met melders zonder hun naam te kennen",
}
REPORT_CHART_TITLES: dict[str, str] = {
    "months": "Signalen per maand, naar vorm van uitbuiting",
    "departments": "Signalen per afdeling",
    "intake": "Hoe het signaal binnenkwam",
    "lead_times": "Doorlooptijden per stap (dagen)",
    "partners": "Overdrachten per ketenpartner",
    "feedback": "Terugkoppeling aan de melder",
    "questions": "Vragen en hoe ze werden beantwoord",
    "topics": "Onderwerpen van de vragen",
}
REPORT_COLUMNS: dict[str, str] = {
    "count": "Aantal",
    "share": "Aandeel",
    "figure": "Kerncijfer",
    "month": "Maand",
    "department": "Afdeling",
    "intake": "Binnengekomen via",
    "route": "Route",
    "step": "Stap",
    "median": "Mediaan (dagen)",
    "p90": "90e percentiel (dagen)",
    "deadline": "Termijn",
    "partner": "Ketenpartner",
    "reason": "Reden",
    "feedback": "Terugkoppeling",
    "reminder": "Herinnering",
    "questions": "Vragen",
    "topic": "Onderwerp",
    "days": "Dagen",
    "contact": "Contact met melders",
}
REPORT_LEAD_TIMES_INTRO = (
    "Per stap het aantal keren dat hij werd gezet, de mediaan (de helft was sneller) en het 90e "
    "percentiel (9 van de 10 waren sneller), in hele dagen. De terugkoppeling aan de melder hoort "
    "binnen {days} dagen (instelling) te komen, en uiterlijk binnen drie maanden (de termijn van "
    "de EU-klokkenluidersrichtlijn). Een mediaan staat er alleen bij {threshold} of meer "
    "waarnemingen."
)
REPORT_FEEDBACK_INTRO = (
    "Van de zaken die in deze periode werden afgesloten: kreeg de melder terugkoppeling, en hoe "
    "lang na het signaal?"
)
REPORT_FEEDBACK_SHARE = "{percent}% van de melders kreeg terugkoppeling."
REPORT_LEGEND_MEDIAN = "mediaan"
REPORT_LEGEND_P90 = "90e percentiel"
REPORT_DEADLINE_MARK = "termijn {days} d"
REPORT_OUTER_MARK = "EU: {days} d"
REPORT_FOOTER = "Gemaakt op {moment} met Meldroute. Drempel voor kleine aantallen: {threshold}."
CHART_SUPPRESSION_KEY = (
    "< {threshold}: minder dan {threshold} (ook 0)    ×: verborgen om een klein aantal elders te "
    "beschermen"
)
