"""All English user-facing text of Meldroute: the same names as `texts.nl`, in English.

For staff whose Teams is set to English. The Dutch role titles (taakaccenthouder,
aandachtsfunctionaris) and the names of Dutch organisations are kept, with a short explanation
where they first appear, because that is what colleagues and posters call them. The knowledge
base stays Dutch for now; `KB_LANGUAGE_NOTE` says so above its answers.
"""

from __future__ import annotations

# --- welcome and menu -------------------------------------------------------------------
WELCOME_TITLE = "Meldroute: human trafficking"
WELCOME_BODY = (
    "Did you see or hear something at work that may point to human trafficking or "
    "exploitation? Report it here. You usually discuss it first with your department's "
    "taakaccenthouder (the department's contact for human trafficking); it then goes to the "
    "human trafficking coordinator (aandachtsfunctionaris). You can also just type a question."
)
WELCOME_ACUTE = "Is there acute danger now? Call 112 first. This bot is not an emergency line."
MENU_REPORT = "Report a signal"
MENU_QUESTION = "Ask a question"
MENU_MY_REPORTS = "My reports"
MENU_WHAT_IS = "What is human trafficking?"
MENU_MY_SIGNALS = "My signals"
MENU_OPEN_CASES = "Open cases"
MENU_UNDELIVERED = "Undelivered"
MENU_AS_TAH = "As taakaccenthouder"
MENU_AS_TAH_BODY = "The signals and questions from your department that are waiting for you."
MENU_AS_COORDINATOR = "As coordinator (aandachtsfunctionaris)"
MENU_AS_COORDINATOR_BODY = "The open cases, and messages that could not be delivered."
MENU_HINT = "Type 'menu' for the choices, or 'report' to start a report."
NOT_UNDERSTOOD = "I don't understand. Type 'menu' for the choices, or 'report' to start a report."
PERSONAL_CHAT_ONLY = (
    "Reports and questions go in a personal chat with Meldroute, not in a channel or group "
    "chat. Open the chat with Meldroute to report."
)
UNKNOWN_ACTION = "This button no longer belongs to a step in progress. Nothing was changed."
QUESTION_NOT_SENT = "This question was not sent."
QUESTION_CARD_EARLIER = (
    "This button belongs to an earlier question; nothing was changed. Use the buttons on the "
    "card of your latest question, or type 'ask a question' for a new one."
)
MALFORMED_ACTIVITY = "I could not process this message. Nothing was changed."
BUSY = "Your previous message is still being processed. Please try again in a moment."
TECHNICAL_ERROR = (
    "Something went wrong on our side. Nothing that was already saved has been lost. Please try "
    "again in a few minutes."
)

# --- draft handling -----------------------------------------------------------------------
DRAFT_RESUME_QUESTION = "You have a report that is not finished. What would you like to do?"
DRAFT_RESUME = "Continue"
DRAFT_DISCARD = "Delete"
DRAFT_RESUMED = "You carry on with your report."
DRAFT_DISCARDED = "Your unfinished report was deleted. Nothing was saved or sent."
DRAFT_EXPIRED = (
    "Your unfinished report was not added to for more than {hours} hours and has been deleted. "
    "Nothing was sent. Start again with 'report'."
)
CANCELLED = "The report was cancelled. Nothing was saved or sent."
NOTHING_TO_CANCEL = "There is nothing to cancel right now. Type 'menu' for the choices."
STOP_HINT = "Type 'stop' to cancel or 'help' for an explanation of this step."

# --- the report -----------------------------------------------------------------------------
STEP_OF = "Step {n} of {total}"
BUTTON_CANCEL = "Cancel"
BUTTON_YES = "Yes"
BUTTON_NO = "No"
REQUIRED_NOTE = "Fields marked * are needed. Everything else may stay empty."

# The first card: danger first, before anything is asked.
ACUTE_TITLE = "Is there acute danger now?"
ACUTE_BODY = (
    "Acute danger means: someone is in danger at this moment, or something is happening now "
    "that cannot wait."
)
ACUTE_YES = "Yes, there is danger now"
ACUTE_NO = "No, continue reporting"

DANGER_TITLE = "Call 112 now"
DANGER_BODY = (
    "In acute danger, call 112 straight away. This bot is not an emergency line and nobody "
    "reads your report at once. Do not investigate yourself and do not approach a possible "
    "offender."
)
DANGER_AFTER = (
    "Have you called, or is help already there? Then you can make your report next. It will be "
    "treated as urgent."
)
DANGER_CONTINUE = "I have called, continue the report"
DANGER_STOP = "Stop"
DANGER_STOPPED = (
    "All right. Call 112 if there is danger. You can always report later with 'report'."
)

# The report card: every section on one card, the optional ones folded open on the card.
REPORT_CARD_TITLE = "What did you notice?"
REPORT_CARD_INTRO = (
    "Fill in what you know; you do not need to be sure of anything. Before you send it, you "
    "will see everything once more."
)
REPORT_CHECK = "Continue to check"
REPORT_FIX_TITLE = "Almost done: please correct this"
REPORT_FIX_KEPT = "The rest of your report has been kept. You will see everything before sending."
# A button that folds a part of the card open.
FOLD = "+ {title}"
OPTIONAL_INTRO = "Know more? Fill it in here; it may also stay empty."

FORM_TITLE = "What form of exploitation might this be?"
FORM_CHOICE_LABEL = "Form of exploitation"
FORM_HINT = "Not sure? Choose 'I don't know'."
FORM_EXPLAIN = "About the forms"
FORM_LABELS: dict[str, str] = {
    "sexual": "Sexual exploitation",
    "labour": "Labour exploitation",
    "criminal": "Criminal exploitation",
    "organ": "Forced organ removal",
    "unknown": "I don't know",
}
FORM_EXPLANATIONS: dict[str, str] = {
    "sexual": "Someone is forced to have sex with others, or has to hand over the money from it.",
    "labour": "Someone works under coercion or in very bad conditions, often for (almost) nothing.",
    "criminal": "Someone is forced to commit crimes, such as carrying drugs or stealing.",
    "organ": "Someone is forced to give up an organ.",
    "unknown": "You see signals but do not know which form it is.",
}
SMUGGLING_NOTE = (
    "Note: human smuggling is something else. In smuggling, a person pays to cross a border "
    "illegally. Human trafficking involves coercion with exploitation as its aim. Smuggling can "
    "turn into exploitation after arrival."
)

SIGNALS_TITLE = "Which signals did you see or hear?"
SIGNALS_HINT = (
    "Tick what you saw or heard yourself. One signal says little on its own; what matters is the "
    "whole picture. Signals can also point to other problems. Tick at least one signal, or "
    "describe it under 'Other, namely'."
)
SIGNALS_MORE = "More signals:"
SIGNALS_OTHER = "Other, namely"
SIGNAL_GROUP_LABELS: dict[str, str] = {
    "general": "General",
    "dependency": "Dependency and coercion",
    "sexual": "Sexual exploitation",
    "minors": "Young people, school and contacts",
    "criminal": "Criminal exploitation",
    "labour": "Labour exploitation",
    "counter": "Counter and registration",
    "organ": "Organ removal",
}
SIGNAL_LABELS: dict[str, str] = {
    "forced_sex_or_money": "Has to have sex or hand over money from sex",
    "dangerous_work_long_days": "Dangerous or unhealthy work, very long days",
    "unpaid_or_underpaid": "Is not paid, paid late or paid far too little",
    "no_own_passport": "Does not hold their own passport or ID",
    "false_promises": "Came to the Netherlands on false promises",
    "abused_or_threatened": "Is abused, blackmailed or threatened",
    "debt_to_employer": "Has a large debt to the employer or an intermediary",
    "no_control_bank_account": "Has no control over their own bank account",
    "paid_off_books": "Is paid off the books, not insured",
    "lives_at_workplace": "Lives at the workplace or in bad housing",
    "does_not_know_address": "Does not know their own address",
    "others_arrange_housing_transport": "Someone else arranges housing, clothing or transport",
    "did_not_arrange_own_travel": "Did not arrange their own travel or visa",
    "false_papers": "Has false papers",
    "fear_deportation_or_violence": "Is afraid of deportation or violence",
    "socially_isolated": "Is socially isolated",
    "debt_taken_over": "Someone paid money to 'take over' the person",
    "no_contact_outside": "Is not allowed contact with the outside world",
    "medical_care_withheld": "Gets no medical care",
    "no_freedom_of_movement": "Cannot come and go freely",
    "earnings_handed_over": "Has to hand over (a large part of) their earnings",
    "threats_against_family": "Family is threatened",
    "sudden_provocative_appearance": "Suddenly provocative clothing or make-up",
    "physical_complaints_or_injuries": "Tired, thin, physical complaints or injuries",
    "name_tattoo": "Tattoo with a name or symbol",
    "withdrawn_or_emotional": "Withdrawn, little self-esteem, suddenly angry or sad",
    "sudden_money_or_goods": "Suddenly has money or expensive things",
    "drugs_or_alcohol": "Uses drugs or alcohol",
    "called_very_often": "Is called very often",
    "many_visitors_at_dwelling": "Many changing visitors at a home address",
    "ads_always_available": "Ads saying '24/7 available'",
    "truancy": "Misses school, especially around the weekend",
    "must_always_be_reachable": "Must always be reachable, has several phones",
    "expensive_gifts": "Expensive clothes or gifts",
    "older_controlling_contacts": "Many older or controlling contacts, is picked up",
    "runs_away": "Runs away from home or care",
    "night_side_jobs": "Has 'side jobs' at night",
    "asked_to_deliver_or_lend_card": "Has to deliver 'a package' or lend their bank card",
    "accounts_or_contracts_in_name": "Accounts, cars or subscriptions in their own name",
    "imposed_debt_fine": "Has an imposed debt (a 'street fine')",
    "blackmail_debts_or_images": "Is blackmailed with debts or nude images",
    "vulnerable_person": "Is vulnerable (e.g. mild intellectual disability, addiction, debts)",
    "employer_is_landlord": "Employer or agency is also the landlord and arranges insurance",
    "many_registrations_one_address": "Remarkably many registrations at one address",
    "frequent_moves": "Frequently registers in and out",
    "overcrowding": "Possible overcrowding",
    "false_documents_at_counter": "Possibly false documents at the counter",
    "someone_else_talks_or_holds_id": "Someone else does the talking or holds the ID",
    "organ_removal": "Indication that someone has to give up an organ",
}

ACCOUNT_TITLE = "What happened?"
ACCOUNT_HINT = (
    "Write down what you saw or heard as factually as you can. Your own interpretation has its "
    "own field."
)
ACCOUNT_OBSERVATIONS = "What did you see or hear yourself?"
ACCOUNT_MORE = "Facts and your interpretation apart"
ACCOUNT_FACTS = "Facts: what happened?"
ACCOUNT_INTERPRETATION = "Your own interpretation"
ACCOUNT_SOURCE = "How did the signal reach you?"
SOURCE_LABELS: dict[str, str] = {
    "counter": "At the counter",
    "enforcement": "During supervision or enforcement",
    "home_visit": "During a home visit (e.g. Wmo)",
    "phone_or_mail": "By phone or email",
    "other": "Other",
}

WHERE_TITLE = "Where and when"
WHERE_PLACE = "Address, place or location"
WHERE_POSTCODE = "Postcode (e.g. 3431 AB)"
WHERE_HOUSE_NUMBER = "House number"
WHERE_DATE = "Date"
WHERE_TIME = "Time (e.g. 14:30)"
WHERE_PLATE = "Licence plate (if you saw it)"

VICTIM_TITLE = "Possible victim"
VICTIM_HINT = "Only fill in what you know. A description is enough; a name is not needed."
VICTIM_DESCRIPTION = "Description (appearance, language, behaviour)"
VICTIM_NAME = "Name (only if you know it)"
VICTIM_AGE = "Estimated age (e.g. 17 or 16-18)"
VICTIM_MINOR = "Might the person be under 18?"
MINOR_LABELS: dict[str, str] = {"yes": "Yes", "no": "No", "unknown": "I don't know"}
MINOR_NOTE = (
    "For someone under 18, coercion does not have to be shown, and the meldcode (the Dutch "
    "reporting code for domestic violence and child abuse) applies too. Your report is then "
    "treated as urgent."
)

SUSPECT_TITLE = "Possible exploiter, company or address"
SUSPECT_HINT = "Only what you already know. Do not investigate yourself and do not approach anyone."
SUSPECT_NAME = "Name"
SUSPECT_DOB = "Date of birth"
SUSPECT_POSTCODE = "Postcode"
SUSPECT_HOUSE_NUMBER = "House number"
SUSPECT_ORGANISATION = "Name of organisation or company"
SUSPECT_KVK = "KvK number (Chamber of Commerce, 8 digits)"
SUSPECT_DESCRIPTION = "Description"

CONTACT_TITLE = "Did you speak with the person?"
CONTACT_LABELS: dict[str, str] = {
    "yes": "Yes",
    "no": "No",
    "not_for_safety": "Deliberately not, for safety",
}

DEPARTMENT_HEADING = "Where does your report go?"
DEPARTMENT_TITLE = "Which department are you reporting from?"
DEPARTMENT_HINT = (
    "Choose your own department. If it has a taakaccenthouder for human trafficking, you usually "
    "discuss the signal with them first."
)
DEPARTMENT_WITHOUT_TAH = "{name} (no taakaccenthouder yet)"
ROUTE_LABEL = "Who do you discuss this signal with first?"
ROUTE_CHOICES: dict[str, str] = {
    "taakaccenthouder": "With my department's taakaccenthouder (the usual way)",
    "coordinator": (
        "Directly with the coordinator (aandachtsfunctionaris), without my taakaccenthouder (for "
        "instance if they are involved or family). You do not have to say why."
    ),
}
URGENT_LABEL = "This is urgent: send it straight to the coordinator"

# The summary: what was entered, section by section, before it is sent.
# The same cards when an aandachtsfunctionaris registers a signal that came in another way.
INTAKE_SIGNALS_HINT = (
    "Tick what the person who reported saw or heard. One signal says little on its own; it is "
    "the whole that counts. Tick at least one signal, or describe it under 'Other, namely'."
)
INTAKE_ACCOUNT_HINT = "Write down as factually as you can what the person told you."
INTAKE_ACCOUNT_OBSERVATIONS = "What did the person see or hear?"
INTAKE_ACCOUNT_INTERPRETATION = "The person's interpretation"
INTAKE_SUMMARY_TITLE = "Check the registration"
INTAKE_SIGNALS_TITLE = "Which signals did the person who reported see or hear?"
INTAKE_ACCOUNT_MORE = "Facts and the person's interpretation apart"
INTAKE_CONTACT_TITLE = "Did the person who reported speak with the person?"
INTAKE_MINOR_NOTE = (
    "For someone under 18, coercion does not have to be shown, and the meldcode applies too. The "
    "signal is then marked urgent."
)
INTAKE_SUMMARY_LABELS: dict[str, str] = {
    "observations": "What the person saw or heard",
    "interpretation": "The person's interpretation",
}
INTAKE_SUMMARY_HINT = "This is what you filled in. Is it right? Then register the signal."
SUMMARY_TITLE = "Check your report"
SUMMARY_HINT = (
    "This is what you filled in. Is it right? Then send your report. Use 'Change' to adjust a part."
)
SUMMARY_EMPTY = "Not filled in"
# The summary's short labels per field; empty: the section's heading says it already.
SUMMARY_LABELS: dict[str, str] = {
    "form": "",
    "signals": "",
    "signals_other": "Other",
    "observations": "What you saw or heard",
    "facts": "Facts",
    "interpretation": "Your interpretation",
    "source": "Came in",
    "place": "Place",
    "postcode": "Postcode",
    "house_number": "House number",
    "date": "Date",
    "time": "Time",
    "licence_plate": "Licence plate",
    "victim_minor": "Under 18",
    "victim_age": "Estimated age",
    "victim_description": "Description",
    "victim_name": "Name",
    "victim_dob": "Date of birth",
    "intake_source": "Came in through",
    "intake_partner": "Partner",
    "external_organisation": "Reporter's organisation",
    "external_contact": "Reporter's contact",
    "suspect_name": "Name",
    "suspect_dob": "Date of birth",
    "suspect_postcode": "Postcode",
    "suspect_house_number": "House number",
    "organisation": "Organisation",
    "kvk": "KvK number",
    "suspect_description": "Description",
    "contact": "",
    "department": "Department",
    "route": "First discuss with",
    "urgent": "Urgent",
}
SUMMARY_CUT = "(shortened; shown in full under 'Change')"
SUMMARY_SUBMIT = "Send report"
SUMMARY_CHANGE_BUTTON = "Change"
SUMMARY_URGENT_BECAUSE = "Your report will be treated as urgent: {reasons}."
URGENCY_REASONS: dict[str, str] = {
    "acute": "you said there is acute danger",
    "minor": "the person may be under 18",
    "marked": "you marked it as urgent",
}
SUMMARY_WHO_TITLE = "Who will know your name?"
# Who will know the reporter's name, per route the signal will take (one sentence; the
# sentence about Meld Misdaad Anoniem follows it).
WHO_KNOWS: dict[str, str] = {
    "taakaccenthouder": (
        "Your department's taakaccenthouder knows your name, because you discuss the signal with "
        "them; the coordinator can only look up your name with a reason, and that is recorded."
    ),
    "reporter_choice": (
        "Your taakaccenthouder will not see this report; the coordinator can only look up your "
        "name with a reason, and that is recorded."
    ),
    "urgent": (
        "Because it is urgent, your report goes straight to the coordinator, who can only look "
        "up your name with a reason that is recorded; your taakaccenthouder only hears that there "
        "is an urgent signal, without your name or the content."
    ),
    "no_taakaccenthouder": (
        "Your department has no taakaccenthouder (yet), so your report goes straight to the "
        "coordinator, who can only look up your name with a reason that is recorded."
    ),
}
ANONYMOUS = (
    "To report fully anonymously, outside the municipality, you can call Meld Misdaad Anoniem "
    "(Report Crime Anonymously): 0800-7000."
)
SECTION_LABELS: dict[str, str] = {
    "acute": "Acute danger",
    "danger": "Acute danger",
    "report": "Report",
    "summary": "Check",
    "form": "Form",
    "signals": "Signals",
    "account": "What happened",
    "where_when": "Where and when",
    "victim": "Possible victim",
    "suspect": "Possible exploiter",
    "contact": "Talk with the person",
    "department": "Department",
    "intake": "Came in",
}
EDIT_TITLE = "Change: {section}"
EDIT_SAVE = "Save"
EDIT_BACK = "Back without changes"

# The short line that replaces a card once it is answered: no content, and no finding.
DONE_LINES: dict[str, str] = {
    "acute": "Question about acute danger answered.",
    "danger": "Advice about 112 read.",
    "report": "Report filled in.",
    "cancelled": "Report cancelled: nothing was saved or sent.",
    "expired": "Unfinished report deleted: nothing was sent.",
    "stopped": "Stopped. Call 112 if there is danger.",
    "moved": "Continued in a new message below.",
}

RECEIPT_TITLE = "Your report has been received: {case_number}"
# What happens next, per route the signal took ("taakaccenthouder" or an escalation reason).
RECEIPT_NEXT: dict[str, str] = {
    "taakaccenthouder": (
        "Your department's taakaccenthouder will contact you to discuss the signal and will then "
        "forward it to the human trafficking coordinator."
    ),
    "reporter_choice": (
        "As you chose, your report goes straight to the human trafficking coordinator; your "
        "taakaccenthouder will not see it. If the coordinator has questions, they will contact "
        "you."
    ),
    "urgent": (
        "Because it is urgent, your report goes straight to the human trafficking coordinator, "
        "without waiting for your taakaccenthouder. If the coordinator has questions, they will "
        "contact you."
    ),
    "no_taakaccenthouder": (
        "Your department has no taakaccenthouder (yet), so your report goes straight to the "
        "human trafficking coordinator. If they have questions, they will contact you."
    ),
}
RECEIPT_FEEDBACK = "When the case is closed, you will get short feedback here."
RECEIPT_ACUTE = "Is there still danger? Call 112: nobody reads your report at once."
# The meldcode step that applies when the person may be under 18, for the reporter and for
# the taakaccenthouder (who hears of the urgent signal without its content).
MINOR_STEP = (
    "The person may be under 18, so the meldcode applies too. You do not have to report to "
    "Veilig Thuis (the advice and reporting centre for domestic violence and child abuse) "
    "yourself: the coordinator weighs, with Veilig Thuis where needed, whether a report is made "
    "(meldcode steps 4 and 5). Want advice yourself? Call Veilig Thuis: 0800-2000 (free, day "
    "and night)."
)
TAH_NOTICES: dict[str, str] = {
    "urgent": (
        "An urgent signal from your department went straight to the coordinator "
        "({case_number}). You do not need to do anything. You see no name and no content; if "
        "the reporter approaches you, refer them to the coordinator."
    ),
    "urgent_minor": (
        "An urgent signal from your department went straight to the coordinator "
        "({case_number}). The person may be under 18, so the meldcode applies too: the "
        "coordinator weighs, with Veilig Thuis where needed, whether a report is made. You do "
        "not need to do anything and see no name and no content. If someone asks you for "
        "advice, point them to Veilig Thuis: 0800-2000 (free, day and night)."
    ),
}
ROUTE_SHORT: dict[str, str] = {
    "taakaccenthouder": "the taakaccenthouder",
    "coordinator": "straight to the coordinator (the reporter's choice)",
    "urgent": "nobody first: it goes straight to the coordinator, because it is urgent",
    "no_taakaccenthouder": (
        "nobody first: your department has no taakaccenthouder, it goes straight to the coordinator"
    ),
}
MY_REPORTS_WHO_KNOWS: dict[str, str] = {
    "taakaccenthouder": "your taakaccenthouder knows your name, to discuss the signal with you",
    "coordinator": "only the coordinator can look up your name, with a reason",
}
MY_REPORTS_REVEALED = "the coordinator looked up your name on {date}"
ACTION_REFUSED_LIST = "This overview is for the human trafficking coordinators only."
DETAIL_ROUTE = "Reporter's name known to"
DETAIL_ROUTE_REVEALED = "; looked up on {date}"
DETAIL_ROUTE_LABELS: dict[str, str] = {
    "taakaccenthouder": "the taakaccenthouder (to discuss the signal with the reporter)",
    "coordinator": "nobody outside the coordinators (only to be looked up)",
    "intake": "the coordinator who registered it (the reporter is from outside)",
}

# --- re-prompts: what is expected --------------------------------------------------------
EXPECTATIONS: dict[str, str] = {
    "expect_text": "Please fill in some text here.",
    "expect_no_reporter_name": (
        "This text was not saved: it contains the reporter's name. Notes are read by more people "
        "than the reporter chose; leave the name out. Names of victim or suspect belong in the "
        "report itself."
    ),
    "expect_plain_text": (
        "Please use plain text: it contains invisible control characters (from a copy, for "
        "example). Type the text again or paste it without formatting."
    ),
    "expect_short_text": "This field can have at most 200 characters.",
    "expect_shorter_text": "This field can have at most 4000 characters.",
    "expect_date": "Enter a date as dd-mm-yyyy, for example 03-11-2026.",
    "expect_past_date": "Enter a date that is not in the future.",
    "expect_time": "Enter a time as hh:mm, for example 14:30.",
    "expect_postcode": "Enter a postcode like 1234 AB.",
    "expect_house_number": "Enter a house number, with an addition if needed (e.g. 12 or 12A).",
    "expect_kvk": "A KvK number has exactly 8 digits.",
    "expect_age": "Enter an age in years (0-120), or a range such as 16-18.",
    "expect_choice": "Choose one of the options.",
    "expect_some_signal": "Tick at least one signal, or describe it under 'Other, namely'.",
    "expect_account": (
        "Describe what happened under 'What did you see or hear yourself?' (or under 'Facts')."
    ),
    "expect_form_input": "Please use the card above and click the button at the bottom.",
    "expect_open_question": "This question has already been answered or no longer exists.",
    "expect_addition": "Fill in at least one field with what you want to add.",
    "expect_partner_name": "Fill in the name of the partner the signal came from.",
    "expect_open_request": (
        "Choose a partner who was asked for feedback and has not responded yet."
    ),
    "expect_future_date": "Choose today or a date in the future.",
    "expect_meeting_held": (
        "The meeting this case is on the agenda for has not taken place yet. Record the outcome "
        "after the meeting."
    ),
}
REPROMPT_INTRO = "Not everything is filled in correctly:"

# --- help per step ------------------------------------------------------------------------
HELP: dict[str, str] = {
    "acute": "Say whether someone is in danger right now. If so, call 112 first.",
    "danger": "Call 112 in acute danger. After that you can finish the report, or stop.",
    "report": (
        "Fill in on the card what you know: the form (choose 'I don't know' if unsure), the "
        "signals, what you saw or heard, whether you spoke with the person, and your department. "
        "Open the optional parts if you know something about them. You do not have to prove "
        "anything: the coordinator assesses the signal."
    ),
    "summary": (
        "Read what you filled in. If it is right, choose 'Send report'. Use 'Change' to adjust "
        "a part."
    ),
    "form": "Choose the form that fits best. If you don't know, choose 'I don't know'.",
    "signals": "Tick the signals you saw or heard yourself. Describe others under 'Other, namely'.",
    "account": (
        "Write down what you saw or heard yourself, as factually as you can. Your own "
        "interpretation has its own field. That helps the coordinator weigh the signal."
    ),
    "where_when": "Where and when did you see it? Fill in what you know; everything is optional.",
    "victim": "Describe the person you are worried about. A name is not needed.",
    "suspect": "Only fill in what you already know. Do not go looking for information.",
    "contact": "Did you speak with the person? Choose 'deliberately not' if talking was not safe.",
    "department": "Choose your own department and who you discuss the signal with first.",
    "resume": "Continue your unfinished report or delete it.",
    "question": (
        "Type your question in the form. I look in the knowledge base first; after that you can "
        "choose to ask a person. Type 'stop' to stop."
    ),
    "intake": (
        "Record how the signal came in (mailbox, phone, partner) and, if you wish, who reported "
        "it. Those details are kept apart, like a reporter's name."
    ),
}
HELP_GENERAL = (
    "With Meldroute you report a possible signal of human trafficking or ask a question. Type "
    "'report' to start, just type your question, or type 'menu' for the choices. In acute "
    "danger: call 112."
)

# --- the route: states, reasons, partners ----------------------------------------------------
STATE_LABELS: dict[str, str] = {
    "received": "With the taakaccenthouder",
    "with_coordinator": "New, not picked up yet",
    "in_progress": "In progress",
    "handed_over": "Handed over to a partner",
    "closed": "Closed",
}
REPORTER_PHASE_LABELS: dict[str, str] = {
    "received": "Received, with the taakaccenthouder",
    "with_coordinator": "With the coordinator",
    "handed_over": "Handed over to a partner organisation",
    "closed": "Completed",
}
ESCALATION_LABELS: dict[str, str] = {
    "urgent": "Urgent (acute danger, possibly a minor, or marked so by the reporter)",
    "no_taakaccenthouder": "The department has no taakaccenthouder",
    "not_forwarded_in_time": "Not forwarded in time by the taakaccenthouder",
    "reporter_choice": "Straight here at the reporter's request",
}
URGENT_YES = "Urgent"
URGENT_NO = "Normal"
NOBODY = "Nobody"
TAH_ROLE_NAME = "taakaccenthouder"

# --- taakaccenthouder --------------------------------------------------------------------------
TAH_CARD_TITLE = "New signal from your department: {case_number}"
TAH_CARD_BODY = (
    "Discuss the signal with the reporter and forward it to the coordinator. Do not share the "
    "content any further."
)
TAH_REPORTER = "Reported by"
TAH_DEPARTMENT = "Department"
TAH_FORM = "Form"
TAH_RECEIVED = "Received"
TAH_ALREADY_ESCALATED = "Already forwarded to the coordinator: {reason}."
TAH_VIEW = "View report"
TAH_PHASE_TITLE = "Signal {case_number} from your department"
TAH_PHASE = "Phase"
TAH_PHASE_BODY = (
    "This signal is no longer with you. So you only see its phase, no longer who reported it or "
    "what it says."
)
TAH_NO_LONGER_YOURS = (
    "This signal is no longer with you; you only see its phase. Nothing was changed."
)
TAH_NOTE_LABEL = (
    "Note for the coordinator (optional; not the reporter's name; names of victim or suspect "
    "belong in the report itself)"
)
TAH_SAVE_NOTE = "Save note"
TAH_FORWARD = "Forward to coordinator"
TAH_FORWARDED = "Forwarded to the coordinator. Thank you."
TAH_NOTE_SAVED = "Note saved."
MY_SIGNALS_TITLE = "My signals"
MY_SIGNALS_HINT = (
    "Signals and questions from your department that are waiting for you. Only you see this list."
)
MY_SIGNALS_SIGNALS = "Signals to discuss"
MY_SIGNALS_NO_SIGNALS = "No signals are waiting for you."
MY_SIGNALS_QUESTIONS = "Open questions"
MY_SIGNALS_NO_QUESTIONS = "There are no open questions."
MY_SIGNALS_LINE = "**{number}** {department}, since {when}"
MY_SIGNALS_MORE = "And {count} more."
MY_SIGNALS_NOT_TAH = (
    "You are not a taakaccenthouder in the routing, so there are no signals for you. Type "
    "'menu' for the choices."
)
OPEN_CASES_FOR_TAH = (
    "Open cases are for the coordinators only. You find your signals and questions under 'my "
    "signals'."
)
TAH_CASE_CLOSED = (
    "Case {case_number} from your department has been closed. The reporter has received feedback."
)

# --- channel ------------------------------------------------------------------------------------
POINTER_TITLE = "Signal {case_number}"
POINTER_FORM = "Form"
POINTER_URGENCY = "Urgency"
POINTER_STATE = "Status"
POINTER_ASSIGNEE = "Handled by"
POINTER_REASON = "Why here"
POINTER_MINOR = "Possibly a minor"
POINTER_MINOR_VALUE = "Yes: the meldcode applies too"
POINTER_OPEN = "Open details"
POINTER_NOTE = "Details are visible to coordinators only, and only to the one who opens them."
AGE_DAYS = "{days} days"
AGE_HOURS = "{hours} hours"
AGE_NEW = "just in"
CHANNEL_LINKED = "This channel is linked. New signals appear here as cards without personal data."
CHANNEL_LINK_REFUSED = "Only a coordinator can link this channel."
# Teams lets bots be added to private and shared channels but not post there.
CHANNEL_NOT_STANDARD = (
    "This channel was not linked: it is a private or shared channel, where Meldroute cannot "
    "post messages. Link a standard channel in a team whose only members are the coordinators."
)
TEAM_WELCOME = (
    "Meldroute has been added to this team. Signals of human trafficking appear as cards without "
    "personal data in the coordinators' channel. To link that channel, a coordinator types in "
    "it: @Meldroute link this channel. Only coordinators can do that. Choose a standard channel "
    "in a team whose only members are the coordinators: Meldroute cannot post in a private or "
    "shared channel. Reporting a signal or asking a question is done in the personal chat with "
    "Meldroute."
)
CHANNEL_HELP = (
    "In this channel, signals appear as cards without personal data. Type '@Meldroute link this "
    "channel' (coordinator) or '@Meldroute open cases'."
)
OPEN_CASES_TITLE = "Open cases"
OPEN_CASES_NONE = "There are no open cases."
OPEN_CASES_MORE = "And {count} other open cases."
REMINDER_UNCLAIMED = "Reminder: {case_number} has not been picked up for {hours} hours."
REMINDER_STALE = (
    "Reminder: {case_number} is open and has had no new step for {days} days. Open cases are "
    "never deleted by themselves: close the case or record the next step."
)
REMINDER_NO_FEEDBACK = (
    "Reminder: {case_number} has been running for {days} days without feedback to the reporter. "
    "The outer limit is three months."
)
DEAD_LETTER = (
    "Note: a message about {case_number} could not be delivered ({what}). Reason: {reason}. "
    "Type 'undelivered' in your own chat with Meldroute for the overview."
)
DEAD_LETTER_WHAT: dict[str, str] = {
    "tah_card": "card to the taakaccenthouder",
    "tah_notice": "message to the taakaccenthouder",
    "channel_card": "card in the channel",
    "reporter_text": "message to the reporter",
    "user_text": "message to a colleague",
    "channel_text": "message in the channel",
    "question_card": "question to the taakaccenthouder",
    "asker_text": "answer to the person who asked",
    "question_pointer": "question card in the channel",
    "draft_card": "card of an unfinished report",
    "reporter_question": "question to the reporter",
}
# Why a message did not arrive; no names, no content.
UNDELIVERED_REASONS: dict[str, str] = {
    "identity_deleted": "the recipient's details were deleted under the retention period",
    "not_in_routing": "the recipient no longer has this role in the routing",
    "not_reachable": "the recipient has not been reachable in Teams for a long time",
    "failed": "Teams refused the message",
    "error": "technical error after repeated attempts",
}
ROUTING_INVALID = (
    "Note: the changed routing file is invalid and was not applied; the previous routing stays "
    "in force. The functional administrator finds the reason in the log."
)
UNDELIVERED_TITLE = "Undelivered messages"
UNDELIVERED_NONE = "There are no messages that could not be delivered."
UNDELIVERED_LINE = "{date} - {what} ({number}): {reason}"
REPEAT_NOTICE = "You may have received this message before: it was sent again after a failure."
FEEDBACK_WAITING_REMINDER = (
    "Note: the feedback about {case_number} has been waiting {days} days for the reporter, who "
    "cannot be reached in Teams yet. Consider informing the reporter another way."
)
FEEDBACK_NO_IDENTITY = (
    "The feedback about {case_number} cannot be delivered: the reporter's details were already "
    "deleted under the retention period."
)
FEEDBACK_STATES: dict[str, str] = {
    "pending": "being sent",
    "delivered": "delivered",
    "waiting": "waiting: the reporter cannot be reached in Teams yet",
    "failed": "could not be delivered",
    "outside": "goes outside Meldroute (registered signal)",
}
DETAIL_FEEDBACK_STATE = "Feedback to reporter"

# --- coordinator detail view -------------------------------------------------------------------
DETAIL_TITLE = "Case {case_number}"
DETAIL_ONLY_YOU = "Only you see this view."
DETAIL_CONTENT = "Report"
DETAIL_HISTORY = "History"
DETAIL_RELATED = "Earlier or other signals"
DETAIL_RELATED_NONE = "No other signals about the same person, address or company."
RELATED_KIND_LABELS: dict[str, str] = {
    "person": "same person (name and date of birth)",
    "address": "same address (postcode and house number)",
    "company": "same company (KvK number)",
    "victim": "same victim (name and date of birth)",
    "organisation": "same organisation",
}
DETAIL_REPORTER = "Reporter"
DETAIL_REPORTER_HIDDEN = "Hidden. Looking it up is recorded."
ACTION_LABELS: dict[str, str] = {
    "claim": "Pick up",
    "assign": "Assign",
    "note": "Add note",
    "enrich": "Record enrichment",
    "agenda": "Put on the signalling meeting agenda",
    "hand_over": "Hand over to partner",
    "request_feedback": "Feedback requested",
    "record_feedback": "Record partner feedback",
    "close": "Close",
    "reopen": "Reopen",
    "reveal_reporter": "Show reporter",
    "forward": "Forwarded",
    "escalate": "Forwarded automatically",
    "tah_note": "Taakaccenthouder note",
    "view": "Viewed",
    "ask_reporter": "Question to reporter",
    "reporter_answer": "Answer from the reporter",
    "add_to_report": "Addition from the reporter",
    "agenda_outcome": "Record meeting outcome",
    "handover_summary": "Hand-over text",
    "register": "Registered",
}
INPUT_NOTE = "Note (not the reporter's name)"
INPUT_REVEAL_REASON = "Why do you need the reporter's name?"
INPUT_REVEAL_NOTE = "Explanation (required for 'other')"
REVEAL_REASONS: dict[str, str] = {
    "contact": "I need to speak with the reporter for more information",
    "safety": "The safety of the reporter or someone else requires it",
    "partner": "A partner organisation asks for it, with a legal basis",
    "own_request": "The reporter asks for access themselves",
    "other": "Other",
}
REVEAL_NO_IDENTITY = (
    "The reporter's details were already deleted under the retention period. Nothing was shown."
)
INPUT_ASSIGNEE = "Assign to"
INPUT_PARTNER = "Partner organisation"
INPUT_HANDOVER_DATE = "Date of hand-over"
INPUT_REFERENCE = "Partner's reference"
INPUT_FEEDBACK_SHORT = "Feedback"
INPUT_PARTNER_FEEDBACK = "Feedback from the partner"
INPUT_AGENDA_DATE = "Date of the signalling meeting"
INPUT_CLOSE_REASON = "Reason for closing"
INPUT_REPORTER_FEEDBACK = "Short, general feedback to the reporter (no details about people)"
CLOSE_REASONS: dict[str, str] = {
    "handed_over_done": "Handed over and dealt with by the partner",
    "no_grounds": "Insufficient grounds",
    "other_problem": "Another problem, taken up elsewhere",
    "duplicate": "Duplicate report",
}
ACTION_DONE = "{action}: recorded for {case_number}."
ACTION_REFUSED_ROLE = "Only a coordinator may do this. Nothing was changed."
ACTION_REFUSED_TAH = "Only this department's taakaccenthouder may do this. Nothing was changed."
ACTION_REFUSED_STATE = "That is no longer possible: the case is at '{state}'. Nothing was changed."
ACTION_REFUSED_UNKNOWN = "That case does not exist. Nothing was changed."
ACTION_REFUSED_CHANGED = "Someone else just changed the case. Open the details again."
ACTION_NEEDS_INPUT = "Please fill in first: {field}."
ACTION_REFUSED_REPORTER = "Only the reporter of this case can do this. Nothing was changed."
ADD_TO_CLOSED_CASE = (
    "This case is closed and can no longer be added to. Have you seen something new? Then report "
    "it as a new signal."
)
ASK_REPORTER_NO_IDENTITY = (
    "The reporter's details were deleted under the retention period; a question can no longer "
    "reach them. Nothing was sent."
)
INPUT_REPORTER_QUESTION = "Question to the reporter (no names)"
INPUT_REPORTER_ANSWER = "Your answer"
REPORTER_ANSWERED = "{case_number}: the reporter answered a question. Open the case for the answer."
REPORTER_ADDED = "{case_number}: the reporter added to the report. Open the case for the addition."
REPORTER_QUESTION_TITLE = "A question about your report {case_number}"
REPORTER_QUESTION_INTRO = (
    "The human trafficking coordinator has a question about your report. Your answer reaches "
    "the coordinator without your name. If you don't know, or would rather not answer, that is "
    "fine too."
)
REPORTER_QUESTION_SEND = "Send answer"
REPORTER_QUESTION_DONT_KNOW = "I don't know"
REPORTER_QUESTION_DECLINE = "Rather not"
REPORTER_QUESTION_DONE = (
    "Your answer to the question about {case_number} has been passed on. Thank you."
)
REPORTER_QUESTION_REMINDER = (
    "Reminder: a question about your report {case_number} is still waiting for you (above in this "
    "chat). Answering is not required."
)
ADD_TITLE = "Add to report {case_number}"
ADD_HINT = (
    "Only fill in what is new. Names of others do not belong in the facts field; what you saw, "
    "where and when do."
)
ADD_BUTTON = "Add to it"
ADD_SEND = "Send addition"
ADD_DONE = (
    "Your addition to {case_number} has been received. The content is no longer in this chat."
)
ANSWER_KIND_LABELS: dict[str, str] = {
    "answer": "answer",
    "dont_know": "does not know",
    "decline": "would rather not answer",
}
OPEN_REPORTER_QUESTIONS = "Open questions to the reporter"

# --- reporter -----------------------------------------------------------------------------------
MY_REPORTS_TITLE = "My reports"
MY_REPORTS_NONE = "You have not made any reports yet (or they were deleted after completion)."
MY_REPORTS_MORE = "And {count} earlier reports."
ADD_WHICH = "Which report are you adding to?"
MY_REPORTS_RECEIVED = "received {date}"
MY_REPORTS_UPDATED = "last step {date}"
FEEDBACK_TO_REPORTER = (
    "Feedback on your report {case_number}: {feedback}\n\n"
    "Any more questions about this report? Contact the coordinator (aandachtsfunctionaris); type "
    "'who is the coordinator' to read who that is."
)

FIELD_LABELS: dict[str, str] = {
    "acute": "Acute danger reported",
    "form": "Form",
    "signals": "Signals",
    "signals_other": "Other, namely",
    "facts": "Facts",
    "observations": "Observations",
    "interpretation": "Reporter's interpretation",
    "source": "How it came in",
    "place": "Place",
    "postcode": "Postcode",
    "house_number": "House number",
    "date": "Date",
    "time": "Time",
    "licence_plate": "Licence plate",
    "victim_description": "Description of victim",
    "victim_name": "Name of victim",
    "victim_age": "Estimated age",
    "victim_minor": "Possibly a minor",
    "suspect_name": "Name of possible exploiter",
    "suspect_dob": "Date of birth",
    "suspect_postcode": "Postcode of exploiter/organisation",
    "suspect_house_number": "House number of exploiter/organisation",
    "organisation": "Organisation",
    "kvk": "KvK number",
    "suspect_description": "Description of exploiter",
    "contact": "Spoke with the person",
    "department": "Department",
    "urgent": "Urgent",
    "route": "First discussed with",
    "victim_dob": "Date of birth of victim",
    "intake_source": "Came in through",
    "intake_partner": "Name of partner",
    "external_organisation": "Reporter's organisation",
    "external_contact": "Contact person",
}

# --- quick questions and the knowledge base ------------------------------------------------------
ASK_TITLE = "Ask your question"
ASK_HINT = (
    "I look for an answer in the knowledge base first. If you then want to talk to someone, "
    "your question goes to your department's taakaccenthouder (or, if there is none, to the "
    "coordinator). Do not mention names unless you need to."
)
ASK_LABEL = "Your question"
ASK_BUTTON = "Find answer"
ASK_EMPTY = "Please type your question in the text box first."
ASK_TOO_LONG = (
    "Your question is too long (at most 1000 characters). Make it shorter, or make a report if "
    "it is about a signal."
)
ASK_NO_WORDS = "I can only read questions in words. Please type your question as text."
ASK_RECEIPT = "Question received"
QUESTION_CANCELLED = "Your question was not sent. Type 'menu' for the choices."
SIGNAL_LIKE_TITLE = "This sounds like a signal"
SIGNAL_LIKE_BODY = (
    "It looks like you saw or heard something. Would you like to report it? Then it reaches the "
    "taakaccenthouder or the coordinator safely. Nothing is saved until you send the report "
    "yourself."
)
SIGNAL_LIKE_DONE = "Chosen: report it."
QUESTION_LIKE_DONE = "Chosen: it is a question."
SIGNAL_LIKE_REPORT = "Yes, report a signal"
SIGNAL_LIKE_QUESTION = "No, it is a question"
RESULTS_TITLE = "This is what I found in the knowledge base"
RESULTS_NONE = (
    "I found nothing on this in the knowledge base, which covers signals of human trafficking "
    "and the reporting route. Try rephrasing your question, or ask a person."
)
RESULTS_NONE_TITLE = "I don't know"
RESULTS_UNSURE_TITLE = "Do you mean one of these topics?"
RESULTS_UNSURE = (
    "I am not sure what you mean. Open a topic to read the answer. If your question is not "
    "among them, ask a person."
)
RESULTS_MORE = "Perhaps you also mean:"
RESULTS_YOUR_QUESTION = 'Your question: "{question}"'
RESULTS_OPEN = "Read"  # folds an entry's answer open on the card
RESULTS_CLOSE = "Close"  # folds it shut again
RESULTS_DANGER = (
    "Is someone in danger right now? Call 112 at once. This bot is not an emergency line."
)
RESULTS_HELPS = "This helps"
RESULTS_PERSON = "I want to talk to a person"
RESULTS_AGAIN = "Another question"
RESULTS_THANKS = "Glad it helps. Type 'menu' if there is anything else."
PERSON_TITLE = "Which department should your question go to?"
PERSON_DEPARTMENT = "Your department"
PERSON_CHOSEN = "Department for your question chosen."
PERSON_HINT = (
    "Your question goes, with your name, to this department's taakaccenthouder for human "
    "trafficking. If your department has none (yet), it goes to the coordinator."
)
PERSON_BUTTON = "Send question"
PERSON_SENT = (
    "Your question {number} has been sent to the taakaccenthouder of {department}. You will get "
    "the answer here in this chat."
)
PERSON_SENT_COORDINATOR = (
    "Your question {number} has been sent to the human trafficking coordinator, because your "
    "department has no taakaccenthouder. You will get the answer here in this chat."
)
# Filled into knowledge-base answers from the routing file ({routing:...}).
ROUTING_TAH_HEADER = "**Taakaccenthouders per department**"
ROUTING_TAH_LINE = "- {department}: {people}"
ROUTING_TAH_NAMELESS_ONE = "one taakaccenthouder"
ROUTING_TAH_NAMELESS = "{count} taakaccenthouders"
ROUTING_TAH_NONE = "none yet; your question or report then goes to the coordinator"
ROUTING_COORDINATORS = "The human trafficking coordinators (aandachtsfunctionarissen) are {names}."
ROUTING_AND = " and "
WHO_IS_TAH = (
    "I do not know which department you work in, so here they all are. In a department without "
    "a taakaccenthouder, your report goes straight to the coordinator."
)
WHO_IS_COORDINATOR = (
    "A report you make here reaches them; a question goes to your department's taakaccenthouder "
    "first (or to them if your department has none)."
)
# Said above knowledge-base answers when the conversation is not in Dutch; empty in Dutch.
KB_LANGUAGE_NOTE = "The knowledge base is in Dutch for now. This is what it says:"
KB_MENU_TITLE = "What is human trafficking? Choose a topic"
KB_MENU_LABEL = "Topic"
KB_MENU_BUTTON = "Read"
KB_BACK = "Other topics"
KB_ASK = "Ask a question"
KB_UNKNOWN = "I do not know that topic (any more). Please choose another topic."
QUESTION_CARD_TITLE = "Question {number} from {asker}"
QUESTION_CARD_DEPARTMENT = "Department"
QUESTION_CARD_ASKED = "Asked"
QUESTION_CARD_ANSWER_LABEL = "Your answer"
QUESTION_CARD_ANSWER = "Send answer"
QUESTION_CARD_SUGGESTIONS = (
    "Does a knowledge-base answer fit? Send it with one click (what you type below goes "
    "with it, above it):"
)
QUESTION_CARD_SEND_ENTRY = "Send this"
QUESTION_CARD_SEEN = "_This was on the asker's card already._"
QUESTION_CARD_ANSWERED = "Answered by {name}."
QUESTION_CARD_SENT = "This was sent:"
QUESTION_CARD_ESCALATED = "Not answered yet; also passed on to the coordinator."
# Kept for answers already waiting in the outbox when the question began to be quoted.
QUESTION_ANSWER_TO_ASKER = "Answer to your question {number}:\n\n{answer}"
QUESTION_ANSWER_WITH_QUESTION = 'Answer to your question {number} ("{question}"):\n\n{answer}'
QUESTION_ANSWER_SENT = "Your answer has been sent."
QUESTION_ALREADY_ANSWERED = (
    "This question has already been answered by {name}. Nothing was changed."
)
QUESTION_REFUSED = (
    "Only this department's taakaccenthouder or a coordinator can answer this question. Nothing "
    "was changed."
)
QUESTION_UNKNOWN = "That question does not exist. Nothing was changed."
QUESTION_ANSWER_EMPTY = "Please type an answer first."
QUESTION_REMINDER = "Reminder: question {number} has been waiting {hours} hours for an answer."
QUESTION_POINTER_TITLE = "Question {number} is waiting for an answer"
QUESTION_POINTER_BODY = (
    "Age: {age}. The taakaccenthouder has not answered yet. The question is visible to "
    "coordinators only."
)
QUESTION_POINTER_OPEN = "Open question"
QUESTION_POINTER_ANSWERED = "Question {number} has been answered."
SOMEONE = "a colleague"

# --- yearly evaluation: key figures in Teams and the full report ----------------------------------
MENU_KEY_FIGURES = "Annual overview"
MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_SHORT: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
PERIOD_RANGE = "{first} to {last}"
SUPPRESSION_NOTE = (
    "So that nobody can be recognised, every count below {threshold} (zero included) is shown as "
    "'< {threshold}', another number is hidden (×) where a total would otherwise give such a "
    "count away, and departments, partners and topics with fewer than {threshold} fall under "
    "'other'."
)
KEY_FIGURES_TITLE = "Key figures of the reporting route {period}"
KEY_FIGURES_REFUSED = "Only a coordinator can ask for the annual overview."
KEY_FIGURES_BAD_PERIOD = (
    "I do not know that period. Type for example 'key figures 2026', 'key figures 2026-03' or "
    "'key figures 2026-01 2026-06'. The figures are kept per month."
)
KEY_FIGURES_NO_DATA = "Nothing has been recorded for this period (yet)."
KEY_FIGURES_FULL_REPORT = (
    "The full report on {year}, with charts, lead times and a comparison with the year before, "
    "comes from the functional administrator: one file that you print to PDF from the browser."
)
NOT_AVAILABLE = "cannot be shown"
DAYS_VALUE = "{days} days"
PERCENT_VALUE = "{percent}%"
FIGURE_LABELS: dict[str, str] = {
    "signals": "Signals received",
    "urgent": "of which urgent",
    "minor": "of which possibly a minor",
    "acute": "of which acute danger reported",
    "via_tah": "of which through the taakaccenthouder",
    "handed_over": "Hand-overs to partners",
    "closed": "Cases closed",
    "feedback_delivered_share": "Reporter received feedback",
    "feedback_in_time_share": "Feedback within the deadline",
    "feedback_median_days": "Median time to feedback",
    "reminders": "Reminders sent",
    "questions_asked": "Questions asked",
    "questions_helped": "of which helped by the knowledge base",
    "questions_answered": "Questions answered by a colleague",
}
OTHER_LABEL = "other"
UNKNOWN_LABEL = "unknown"
TOTAL_LABEL = "Total"
YES_NO_LABELS: dict[str, str] = {"yes": "yes", "no": "no"}
MINOR_STAT_LABELS: dict[str, str] = {"yes": "yes", "no": "no", "unknown": "don't know / empty"}
INTAKE_LABELS: dict[str, str] = {
    "teams": "Report in Teams",
    "mailbox": "Mailbox",
    "phone": "Phone",
    "partner": "Through a partner",
    "other": "Other",
}
FORWARD_ROUTE_LABELS: dict[str, str] = {
    "taakaccenthouder": "Forwarded by the taakaccenthouder",
    "not_forwarded_in_time": "Automatically: not forwarded in time",
    "urgent": "Straight away: urgent (acute danger, possibly a minor, or by the reporter)",
    "reporter_choice": "Straight away: the reporter chose the coordinator",
    "no_taakaccenthouder": "Straight away: department without a taakaccenthouder",
    "registered": "Registered by the coordinator (mailbox, phone, partner)",
}
REMINDER_LABELS: dict[str, str] = {
    "claim": "Case not picked up yet",
    "feedback": "No feedback to the reporter yet",
    "question": "Question not answered yet",
}
FEEDBACK_LABELS: dict[str, str] = {
    "in_time": "Within {days} days (deadline)",
    "within_outer_bound": "After {days} days, within 3 months",
    "late": "After more than 3 months",
    "none": "No feedback delivered",
}
LEAD_TIME_LABELS: dict[str, str] = {
    "forwarded": "Received → with the coordinator",
    "claimed": "With the coordinator → picked up",
    "handed_over": "Picked up → handed over",
    "partner_feedback": "Handed over → partner feedback",
    "closed": "Picked up → closed",
    "feedback_delivered": "Closed → feedback to reporter",
    "closed_total": "Received → closed",
    "feedback_total": "Received → feedback to reporter",
    "question_answered": "Question asked → answered",
}
LEAD_TIME_DEADLINES: dict[str, str] = {
    "forwarded": "{forward_hours} hours (then automatically)",
    "claimed": "reminder after {claim_hours} hours",
    "feedback_total": "{feedback_days} days (setting); at most 90 days (EU directive)",
}
NO_TOPIC_LABEL = "No fitting answer in the knowledge base"
REPORTER_CONTACT_LABELS: dict[str, str] = {
    "asked": "Questions from a coordinator to a reporter",
    "answer": "Answered",
    "dont_know": "Reporter did not know",
    "decline": "Reporter preferred not to answer",
    "answered": "Answers in all",
    "added": "Additions by reporters to their report",
}
QUESTION_FIGURE_LABELS: dict[str, str] = {
    "asked": "Questions asked to the knowledge base",
    "helped": "'This helps' chosen",
    "to_person": "Passed on to a colleague",
    "answered": "Answered by a colleague",
    "answered_from_knowledge": "of which with a knowledge-base answer",
    "escalated": "To the coordinator after the deadline",
}


def number(value: float, decimals: int = 0) -> str:
    """A number the English way: 1,234 and 3.5."""
    return f"{value:,.{decimals}f}"


def month_label(month: str, *, short: bool = False) -> str:
    """'2026-03' as 'March 2026' (or 'Mar' when short)."""
    index = int(month[5:7]) - 1
    return MONTH_SHORT[index] if short else f"{MONTH_NAMES[index]} {month[:4]}"


def period_label(first: str, last: str) -> str:
    """A period of whole months: '2026' for a calendar year, else 'March 2026 to May 2026'."""
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


TOO_FEW_OBSERVATIONS = "too few observations (< {threshold})"

# The full report (tools/evaluation_report.py).
REPORT_TITLE = "Evaluation of the human trafficking reporting route {period}"
REPORT_INTRO = (
    "This overview counts what went along the internal reporting route in {period}: signals, "
    "hand-overs, feedback and questions. It is made from the facts Meldroute records at every "
    "step: per month, without names, case numbers or other personal data, and they are kept when "
    "the cases themselves have been deleted. Each step counts in the month in which it happened; "
    "feedback to the reporter counts in the month in which the case was closed."
)
REPORT_SMALL_COUNTS = "Small counts."
REPORT_COMPARED = "For comparison, the period before is shown next to it, counted the same way."
REPORT_NOT_COMPARED = "Nothing was recorded for the period before, so there is no comparison."
REPORT_SECTIONS: dict[str, str] = {
    "key_figures": "1. Key figures",
    "months": "2. Signals per month and form of exploitation",
    "departments": "3. Signals per department",
    "intake": "4. How the signals came in",
    "lead_times": "5. Lead times",
    "partners": "6. Hand-overs to partners and closing",
    "feedback": "7. Feedback to the reporters",
    "questions": "8. Questions",
}
REPORT_SUBHEADINGS: dict[str, str] = {
    "forwarded": "How the signals reached the coordinator",
    "traits": "Characteristics",
    "urgent": "Urgent",
    "minor": "Possibly a minor",
    "acute": "Acute danger reported",
    "via_tah": "Through the taakaccenthouder",
    "close_reasons": "Closed cases by reason",
    "reminders": "Reminders the bot sent",
    "topics": "What the questions were about (best answer from the knowledge base)",
    "reporter_contact": "Contact with reporters without knowing their name",
}
REPORT_CHART_TITLES: dict[str, str] = {
    "months": "Signals per month, by form of exploitation",
    "departments": "Signals per department",
    "intake": "How the signal came in",
    "lead_times": "Lead times per step (days)",
    "partners": "Hand-overs per partner",
    "feedback": "Feedback to the reporter",
    "questions": "Questions and how they were answered",
    "topics": "Topics of the questions",
}
REPORT_COLUMNS: dict[str, str] = {
    "count": "Count",
    "share": "Share",
    "figure": "Key figure",
    "month": "Month",
    "department": "Department",
    "intake": "Came in through",
    "route": "Route",
    "step": "Step",
    "median": "Median (days)",
    "p90": "90th percentile (days)",
    "deadline": "Deadline",
    "partner": "Partner",
    "reason": "Reason",
    "feedback": "Feedback",
    "reminder": "Reminder",
    "questions": "Questions",
    "topic": "Topic",
    "days": "Days",
    "contact": "Contact with reporters",
}
REPORT_LEAD_TIMES_INTRO = (
    "Per step the number of times it was taken, the median (half were faster) and the 90th "
    "percentile (9 in 10 were faster), in whole days. Feedback to the reporter should come "
    "within {days} days (setting), and at the latest within three months (the deadline of the "
    "EU whistleblower directive). A median is only shown with {threshold} or more observations."
)
REPORT_FEEDBACK_INTRO = (
    "Of the cases closed in this period: did the reporter receive feedback, and how long after "
    "the signal?"
)
REPORT_FEEDBACK_SHARE = "{percent}% of the reporters received feedback."
REPORT_LEGEND_MEDIAN = "median"
REPORT_LEGEND_P90 = "90th percentile"
REPORT_DEADLINE_MARK = "deadline {days} d"
REPORT_OUTER_MARK = "EU: {days} d"
REPORT_FOOTER = "Made on {moment} with Meldroute. Threshold for small counts: {threshold}."
CHART_SUPPRESSION_KEY = (
    "< {threshold}: fewer than {threshold} (zero included)    ×: hidden to protect a small count "
    "elsewhere"
)

# --- the coordinators' workbench -------------------------------------------------------------------
MENU_REGISTER = "Register a signal"
MENU_AGENDA = "Meeting agenda"
MENU_SEARCH = "Find a case"
VICTIM_DOB = "Date of birth (only if you know it)"
POINTER_SINCE = "In since"
POINTER_CLOSED_ON = "Closed on"
POINTER_SOURCE = "Came in through"
POINTER_MEETING = "Signalling meeting"
POINTER_OUTCOME_MISSING = "held, outcome not recorded yet"
POINTER_PARTNER_DUE = "Partner feedback"
POINTER_OVERDUE = "overdue"
DUE_BY = "by {date}"
REMINDER_PARTNER_FEEDBACK = (
    "Reminder: for {case_number} the partner's feedback was due by {due}. Open the case to "
    "record the feedback or ask again."
)
REMINDER_AGENDA_OUTCOME = (
    "Reminder: {case_number} was on the agenda of the signalling meeting of {date}, but the "
    "outcome has not been recorded yet. Open the case to record it."
)
DETAIL_CASE = "Case"
DETAIL_NEXT_STEP = "Next step"
DETAIL_REFRESH = "Refresh"
DETAIL_OTHER_STEPS = "Other steps"
DETAIL_RECEIVED = "Came in on"
DETAIL_REQUESTS = "Feedback from partners"
REQUEST_LINE = "{partner}: asked on {asked}, due by {due}: {status}"
REQUEST_OPEN = "not received yet"
REQUEST_OVERDUE = "overdue"
REQUEST_ANSWERED = "received on {date}"
RELATED_OPEN = "Open"
DETAIL_REPORTER_EXTERNAL = "Reporter from outside, hidden. Looking it up is recorded."
DETAIL_REPORTER_NONE = "Not recorded, or deleted under the retention period."
INPUT_MEETING = "Signalling meeting of"
INPUT_OTHER_MEETING = "Or another date"
INPUT_AGENDA_OUTCOME = "Outcome"
INPUT_OUTCOME_NOTE = "What came of it? (optional; not the reporter's name)"
OUTCOME_FOR = "Signalling meeting of {date}"
AGENDA_OUTCOMES: dict[str, str] = {
    "discussed": "Discussed, information added",
    "no_information": "Discussed, no additional information",
    "postponed": "Not discussed, on to the next meeting",
    "withdrawn": "Taken off the agenda",
}
INPUT_DUE_DATE = "Feedback due by"
INPUT_ENRICH_NOTE = (
    "What does the municipality already know? (optional; e.g. from the BRP or own systems)"
)
ENRICH_HINT = (
    "Other signals with matching details are listed with the case below; they are included when "
    "you record."
)
HANDOVER_SUMMARY_HINT = (
    "'Make hand-over text' gives you the text for the partner to paste into a secure email. It "
    "is recorded as a disclosure."
)
INPUT_INCLUDE_REPORTER = (
    "Include the reporter in the hand-over text (only if you have already looked up the reporter)"
)
HANDOVER_SUMMARY_BUTTON = "Make hand-over text"
HANDOVER_RECORD_BUTTON = "Record hand-over"
CLOSE_REGISTERED_HINT = (
    "This signal came in outside Meldroute. Feedback to whoever reported it therefore goes "
    "outside Meldroute, for example by email or phone."
)
INPUT_CLOSE_NOTE = "Note about the feedback (optional)"
ACTION_DONE_TEXTS: dict[str, str] = {
    "claim": "You picked up {case_number}.",
    "assign": "{case_number} has been assigned.",
    "note": "Your note on {case_number} has been saved.",
    "enrich": "The enrichment of {case_number} has been recorded.",
    "agenda": "{case_number} is on the agenda of the signalling meeting of {date}.",
    "agenda_outcome": "The outcome of the signalling meeting has been recorded for {case_number}.",
    "hand_over": "The hand-over of {case_number} has been recorded.",
    "request_feedback": (
        "Recorded: feedback requested, due by {date}. If it does not come, the coordinators get "
        "a reminder."
    ),
    "record_feedback": "The partner's feedback has been recorded for {case_number}.",
    "close": "{case_number} has been closed.",
    "reopen": "{case_number} has been reopened.",
}
ACTION_REFUSED_NOT_YET: dict[str, str] = {
    "ask_reporter": (
        "This signal came in outside Meldroute: whoever reported it cannot be reached through "
        "Meldroute. Nothing was sent."
    ),
    "agenda_outcome": (
        "This case is not on the agenda of a signalling meeting. Nothing was changed."
    ),
    "record_feedback": (
        "There is no open request for feedback to a partner. Ask for feedback first. Nothing "
        "was changed."
    ),
}
SUMMARY_REVEAL_FIRST = (
    "You can only include the reporter in the hand-over text after looking up the reporter "
    "yourself (Show reporter, with a reason). Nothing was made."
)
COORDINATOR_ROLE_NAME = "coordinator"
INTAKE_TITLE = "How did the signal come in?"
INTAKE_HINT = (
    "You are registering a signal that came in outside Meldroute. It does not pass a "
    "taakaccenthouder: you are the handler. Then fill in the report as you received it."
)
INTAKE_SOURCE = "Came in through"
INTAKE_SOURCE_LABELS: dict[str, str] = {
    "mailbox": "The general email address",
    "phone": "Phone",
    "partner": "A (chain) partner",
    "other": "Other",
    "teams": "Meldroute (employee)",
}
INTAKE_PARTNER = "Name of the partner (if it came from a partner, e.g. Veilig Thuis)"
INTAKE_EXTERNAL_HINT = (
    "Who reported it? Optional. This is kept apart like a reporter's name: only to be looked up "
    "with a reason, and deleted in time."
)
INTAKE_EXTERNAL_ORGANISATION = "Reporter's organisation"
INTAKE_EXTERNAL_CONTACT = "Contact person (name, phone or email)"
INTAKE_URGENT = "Urgent"
INTAKE_SUBMIT = "Register signal"
INTAKE_CARD_TITLE = "Register a signal"
INTAKE_REFUSED = "Only a coordinator can register a signal. Nothing was saved."
INTAKE_RECEIPT_TITLE = "Signal registered: {case_number}"
INTAKE_RECEIPT_BODY = (
    "The signal is in the register and assigned to you. A card without personal data appears in "
    "the channel. Open the case for the next step."
)
HISTORY_PERSON = "{name} ({role})"
HISTORY_TAH_UNNAMED = "A taakaccenthouder"
HISTORY_SYSTEM = "Meldroute"
HISTORY_SOMEONE = "A (former) colleague"
HISTORY_OTHER = "did: {action}"
HISTORY_SENTENCES: dict[str, str] = {
    "register": "registered the signal (came in through: {intake})",
    "tah_note": "wrote a note for the coordinator",
    "forward": "forwarded the signal to the coordinators",
    "escalate": "forwarded the signal to the coordinators automatically",
    "claim": "picked up the case",
    "assign": "assigned the case to {assignee}",
    "note": "wrote a note",
    "enrich": "recorded the enrichment",
    "agenda": "put the case on the agenda of the signalling meeting of {date}",
    "agenda_outcome": "recorded the outcome of the signalling meeting of {date}: {outcome}",
    "hand_over": "handed the case over to {partner} on {date}",
    "handover_summary": "made the hand-over text for {partner}",
    "request_feedback": "asked {partner} for feedback, due by {due}",
    "record_feedback": "recorded the feedback from {partner}",
    "close": "closed the case ({reason})",
    "reopen": "reopened the case",
    "reveal_reporter": "looked up who reported the signal (reason: {reason})",
    "ask_reporter": "asked the reporter a question (without saying who)",
    "reporter_answer": "answered a question",
    "add_to_report": "added to the report",
}
HISTORY_ANSWERS: dict[str, str] = {
    "answer": "answered a question",
    "dont_know": "answered a question: does not know",
    "decline": "answered a question: would rather not answer",
}
HISTORY_REPORTER = "The reporter"
HISTORY_VARIANTS: dict[str, dict[str, str]] = {
    "escalate": {"reason": "forwarded the signal to the coordinators automatically ({reason})"},
    "hand_over": {
        "reference": "handed the case over to {partner} on {date} (reference {reference})"
    },
    "agenda_outcome": {
        "next": (
            "recorded the outcome of the signalling meeting of {date}: {outcome}; the case is "
            "now on the agenda of {next}"
        )
    },
    "handover_summary": {
        "with_reporter": "made the hand-over text for {partner}, with the reporter in it"
    },
}
HISTORY_TEXT_LABELS: dict[str, str] = {
    "note": "Note",
    "feedback": "Feedback",
    "question": "Question",
    "answer": "Answer",
}
HISTORY_FOUND = "Other signals: {found}"
HISTORY_FOUND_NONE = "No other signals found"
HISTORY_FEEDBACK_OUTSIDE = "Feedback to the reporter goes outside Meldroute"

# Long texts in a view: Teams takes messages up to about 100 KB, so the longest are shortened.
TEXT_SHORTENED = "… (shortened)"
TEXTS_SHORTENED_NOTE = (
    "Long texts are shortened so the case fits in Teams. 'Full text' shows any of them whole."
)
HISTORY_EARLIER = "{count} earlier steps are under 'Full text'."
HISTORY_PAGE = "Earlier steps {first} to {last}"
DETAIL_ACUTE = "The reporter said there was acute danger (and was advised to call 112 first)."
HISTORY_EMPTY = "No steps yet."
FULL_TEXT_BUTTON = "Full text"
FULL_TEXT_CHOOSE = "Which text do you want to see whole?"
FULL_TEXT_SHOW = "Show"
FULL_TEXT_TITLE = "Full text {case_number}"
FULL_TEXT_BACK = "Back to the case"
FULL_TEXT_UNKNOWN = "That text is not (or no longer) part of this case. Open the case again."
CARD_TOO_LARGE_TITLE = "Too large to show"
CARD_TOO_LARGE = (
    "This card is too large for Teams. Nothing was lost; please tell the functional administrator."
)
HANDOVER_LONG = "The text is long: read and copy it from the field below."
HANDOVER_TITLE = "Hand-over text {case_number}"
HANDOVER_INSTRUCTION = (
    "Copy this text into a secure email to the partner. Do not send it through Teams or plain "
    "email. That you made this text has been recorded."
)
HANDOVER_FIELD = "The same text to copy (select all and copy)"
HANDOVER_BACK = "Back to the case"
# The hand-over text goes to a Dutch partner: the text itself stays Dutch (texts.nl), only the
# card around it follows the coordinator's language.
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
AGENDA_TITLE = "Signalling meeting agenda {date}"
AGENDA_TITLE_NONE = "Signalling meeting agenda"
AGENDA_EMPTY = "There are no cases on the agenda of this meeting yet."
AGENDA_NO_MEETING = (
    "No next meeting is known. Put a case on the agenda with a date, or have the functional "
    "administrator put the dates in the routing file."
)
AGENDA_MISSED = "Meeting held, outcome not recorded yet"
AGENDA_NOTE = "Case numbers only; you open the details per case, for yourself only."
LIST_SINCE = "in since {date}"
SEARCH_TITLE = "Find a case"
SEARCH_HINT = (
    "Search by case number (MH-2026-0042), by postcode and house number (3431 AB 12) or by KvK "
    "number (8 digits). You search in encrypted keys: nothing is decrypted."
)
SEARCH_LABEL = "Case number, postcode and house number, or KvK number"
SEARCH_BUTTON = "Search"
SEARCH_RESULTS = "Cases found"
SEARCH_NONE = "No cases found."
SEARCH_REFUSED = "Only a human trafficking coordinator can search for cases."
SEARCH_NOT_UNDERSTOOD = (
    "That is not a case number, postcode with house number or KvK number. Try for example "
    "'zoek 3431 AB 12'."
)
