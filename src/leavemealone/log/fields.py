"""An incident's fields, defined once: the question, the option, the import column, the label.

``log add`` and ``log amend`` build their options from here, the guided flow
and ``log add`` in a terminal ask these questions, ``log import`` accepts these
columns, and ``log show`` and the exports label the fields with these words.
Change a field's wording here and it changes everywhere. Standard library
only: the CLI reads it while building ``--help``.
"""

from __future__ import annotations

from dataclasses import dataclass

from leavemealone.log.model import CHANNEL_LABELS, CHANNELS


@dataclass(frozen=True)
class IncidentField:
    """One field of an incident.

    ``kind`` says how it is asked and kept: ``time``, ``text``, ``channels``
    (some of ``CHANNELS``), ``names`` (several lines of text) or ``files``.
    ``column`` is its name in an import file (None: not importable);
    ``empty`` is what an empty answer stands for, said at the prompt.
    """

    name: str
    kind: str
    label: str
    prompt: str
    help: str
    option: str
    metavar: str
    column: str | None = None
    required: bool = False
    empty: str = ""


WHEN = IncidentField(
    "when",
    "time",
    "When",
    "When did it happen? Month first: 11/29/2026 10:30 pm, or yesterday 9pm",
    'When it happened: "11/29/2026 10:30 pm", "yesterday 9pm", "2026-11-29 22:30", or just the day '
    "(default: now). Dates are month/day/year; nothing else is guessed.",
    "--when",
    "WHEN",
    column="when",
    empty="right now",
)
WHAT = IncidentField(
    "what",
    "text",
    "What happened",
    "What happened? In your own words: what they did or said.",
    "What happened, in your own words.",
    "--what",
    "TEXT",
    column="what",
    required=True,
)
WHERE = IncidentField(
    "where", "text", "Where", "Where did it happen?", "Where it happened.", "--where", "PLACE", column="where"
)
CHANNELS_FIELD = IncidentField(
    "channels",
    "channels",
    "Channel",
    "How did it reach you?",
    "How it reached you; repeat for more than one: " + ", ".join(CHANNELS) + ".",
    "--channel",
    "CHANNEL",
    column="channel",
)
WITNESSES = IncidentField(
    "witnesses",
    "names",
    "Witnesses",
    "Did anyone see or hear it? Names and how to reach them, separated by ';'",
    "Someone who saw or heard it, and how to reach them (repeatable).",
    "--witness",
    "NAME",
    column="witnesses",
)
POLICE_REPORT = IncidentField(
    "police_report",
    "text",
    "Police report",
    "Police report number, if there is one",
    "The police report number, if there is one.",
    "--police-report",
    "NUMBER",
    column="police_report",
)
OFFICER = IncidentField(
    "officer",
    "text",
    "Officer",
    "Officer's name and badge number",
    "The officer's name and badge number.",
    "--officer",
    "NAME",
    column="officer",
)
EVIDENCE = IncidentField(
    "evidence",
    "files",
    "Evidence",
    "A file to keep with it (screenshot, photo, recording)",
    "A file to keep a sealed copy of (repeatable). The original is never changed.",
    "--evidence",
    "FILE",
)

FIELDS: tuple[IncidentField, ...] = (
    WHEN,
    WHAT,
    WHERE,
    CHANNELS_FIELD,
    WITNESSES,
    POLICE_REPORT,
    OFFICER,
    EVIDENCE,
)
BY_NAME = {field.name: field for field in FIELDS}
IMPORT_COLUMNS = tuple(field.column for field in FIELDS if field.column)
CHANNEL_CHOICES = tuple((channel, CHANNEL_LABELS[channel]) for channel in CHANNELS)
