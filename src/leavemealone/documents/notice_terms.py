"""What the no-contact notice forbids, fitted to the relationship so that it never contradicts it.

A coworker cannot be told to stay away from the workplace they share, nor a
roommate from the home they still live in: the notice then names the one
kind of contact still accepted (work that cannot be avoided, in writing or
through a manager; rent, bills, belongings or moving out, in writing). Someone
known only online is written to where they already are, about the accounts
they use. The letter, the email and the text message follow the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from leavemealone import safety
from leavemealone.answer_values import chosen

NOTICE_CHANNELS = ("letter", "email", "text")
TEXT_MESSAGE_LIMIT = 480

# answer value -> (what the notice forbids, what others are told has been happening)
CONTACT_WORDS: dict[str, tuple[str, str]] = {
    "phone": ("phone calls or voicemails", "calling me"),
    "text": ("text messages", "texting me"),
    "email": ("emails", "emailing me"),
    "social_media": ("messages, comments, tags or friend requests on social media",
                     "contacting me on social media"),
    "mail": ("letters, cards or notes", "sending me letters or notes"),
    "third_parties": ("messages passed on through friends, family or anyone else",
                      "sending me messages through other people"),
    "in_person": ("coming up to me or talking to me in person", "coming up to me in person"),
    "at_home": ("visits to my home", "coming to my home"),
    "at_work": ("visits or calls to my workplace", "coming to or calling my workplace"),
    "at_school": ("visits to my school", "coming to my school"),
    "gifts": ("gifts, packages or deliveries", "leaving or sending me gifts"),
    "following": ("following me, or waiting for me anywhere", "following me"),
}  # fmt: skip
ALWAYS_FORBIDDEN = ("phone", "text", "email", "social_media", "third_parties", "at_home", "gifts")
OTHER_ACCOUNTS = "messages from new or other accounts, under any name"

WORK_EXCEPTION = (
    "The only contact I will accept is about work that cannot be avoided, and only in writing "
    "or through my manager, ______________."
)
SCHOOL_EXCEPTION = (
    "The only contact I will accept is about schoolwork that cannot be avoided, and only in writing "
    "or through a teacher."
)
HOME_EXCEPTION = (
    "While we still share a home, the only contact I will accept is in writing, and only about rent, "
    "bills, belongings or moving out."
)
TEXT_EXCEPTIONS = {
    WORK_EXCEPTION: "Contact me only about work that cannot be avoided, in writing or through my manager.",
    SCHOOL_EXCEPTION: (
        "Contact me only about schoolwork that cannot be avoided, in writing or through a teacher."
    ),
    HOME_EXCEPTION: "While we share a home, write to me only about rent, bills, belongings or moving out.",
}


@dataclass(frozen=True)
class NoticeTerms:
    """What the notice forbids, the one contact it still accepts, and where they must not come."""

    forbidden: list[str]
    exception: str | None
    places: list[str]  # "my home", "my work", "my school": for the text message
    online: bool


def living_together(answers: Mapping[str, Any], options: Mapping[str, Any]) -> bool:
    """Whether the user still lives with the person (an option given for this run wins).

    The walk asks ``lives_with_them`` of partners, ex-partners, family,
    household and roommates. Without that answer (an older case, or an
    answers file): a roommate is someone you live with; a household or
    family member counts unless the user said they never lived together; a
    partner only when they said they live or lived together.
    """
    given = options.get("living_together")
    if isinstance(given, bool):
        return given
    said = answers.get("lives_with_them")
    if isinstance(said, bool):
        return said
    relationship = answers.get("relationship")
    if relationship == "roommate":
        return True
    if relationship in ("household", "family"):
        return answers.get("lived_together") is True or (
            relationship == "household" and answers.get("lived_together") is not False
        )
    if relationship == "partner":
        return "lived_together" in chosen(answers, "partner_tie")
    return False


def notice_terms(answers: Mapping[str, Any], options: Mapping[str, Any]) -> NoticeTerms:
    """The forbidden contacts and the accepted exception for this relationship."""
    relationship = answers.get("relationship")
    used = set(chosen(answers, "contact_channels"))
    online = relationship in safety.NEVER_IN_PERSON
    relevant = used | set(ALWAYS_FORBIDDEN)
    relevant |= {"at_work"} if answers.get("at_work") is True else set()
    relevant |= {"at_school"} if answers.get("at_school") is True else set()
    exception = None
    if relationship == "coworker":
        relevant.discard("at_work")
        exception = WORK_EXCEPTION
    elif relationship == "classmate":
        relevant.discard("at_school")
        exception = SCHOOL_EXCEPTION
    elif living_together(answers, options):
        relevant.discard("at_home")
        exception = HOME_EXCEPTION
    if online:  # someone who has never been near: no home, no gifts, unless that is what they did
        relevant -= {"at_home", "gifts"} - used
    forbidden = [CONTACT_WORDS[key][0] for key in CONTACT_WORDS if key in relevant]
    if online:
        forbidden.append(OTHER_ACCOUNTS)
    places = [place for key, place in PLACES.items() if key in relevant]
    return NoticeTerms(forbidden, exception, places, online)


PLACES = {"at_home": "my home", "at_work": "my work", "at_school": "my school"}


def text_message(context: Mapping[str, Any], terms: NoticeTerms, warnings: list[str]) -> str:
    """The notice as one text message, at most TEXT_MESSAGE_LIMIT characters when possible."""
    greeting = f"{context['their_name']}, this" if context["their_name"] else "This"
    parts = [
        f"{greeting} is {context['your_name'] or 'me'}.",
        "I do not want any contact with you, of any kind.",
        "Do not call, text, email or message me online.",
    ]
    if terms.online:
        parts.append("Do not contact me from another account, or pass messages to me through other people.")
    else:
        things = [f"come to {join_words(terms.places, 'or')}"] if terms.places else []
        things += ["send me gifts", "pass messages to me through other people"]
        parts.append("Do not " + join_words(things, "or") + ".")
    if terms.exception:
        parts.append(TEXT_EXCEPTIONS[terms.exception])
    final = ["If you contact me again, I will report it to the police and ask a court for an order."]
    closing = ["Do not reply to this message."]
    reason = [f"My reason: {context['reason']}"] if context["reason"] else []
    message = " ".join(parts + reason + (final if context["final"] else []) + closing)
    if reason and len(message) > TEXT_MESSAGE_LIMIT:
        message = " ".join(parts + (final if context["final"] else []) + closing)
        warnings.append("The reason was left out of the text message to keep it short enough.")
    if len(message) > TEXT_MESSAGE_LIMIT:
        warnings.append(
            f"The text message is {len(message)} characters long; some phones will split it into parts."
        )
    return message


def join_words(words: Iterable[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b, and c`` (or ``or``)."""
    items = list(words)
    if len(items) < 3:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f", {conjunction} " + items[-1]

