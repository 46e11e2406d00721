"""Arrow-key prompts in a terminal, with questionary: the walk's questions, and one-line asks.

Every prompt takes Esc or Ctrl-B as "back", and lets Ctrl-C through as
``KeyboardInterrupt`` (the CLI saves and explains how to resume). Every
line is wrapped between words at the terminal's width before questionary
draws it (prompt_toolkit would cut a long line, or break it mid-word), and
guidance taller than the screen is shown a page at a time.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from leavemealone.ask.console import ConsoleAsker
from leavemealone.ask.kinds import BACK_HINT, KINDS, LONG_LIST, matching_choices
from leavemealone.ask.protocol import BACK, Back
from leavemealone.ask.steps import OUTCOME_CHOICES, OUTCOME_PROMPT, STOPPED_PROMPT
from leavemealone.flow.model import ChecklistItem, Guidance, Offer, Question, Step

if TYPE_CHECKING:
    from questionary import Question as QuestionaryQuestion

_BACK_RESULT = "\x00back"
# Rows kept free below a page of guidance: the "more" prompt, and the question's first lines.
_ROWS_FOR_THE_QUESTION = 6
# Rows a piece may run past a page before it is paged (no "1 more line. Read on?").
_SLACK = 4
# Room each kind needs after its message on the same row: its instruction, or the typing.
_ROOM = {"confirm": 8, "select": 18, "multi": 34, "text": 24, "path": 24, "date": 24}
_SEARCH_ROOM = 34


class QuestionaryAsker(ConsoleAsker):
    """Arrow-key prompts with questionary; Esc or Ctrl-B goes back."""

    keys_hint = BACK_HINT
    _rows_shown = 0  # rows printed since the user last answered

    def ask(self, question: Question, default: Any) -> Any:
        kind = KINDS[question.kind]
        notes = [question.help, kind.hint(question, default)]
        searchable = question.kind == "select" and len(question.choices) > LONG_LIST
        room = _SEARCH_ROOM if searchable else _ROOM[question.kind]
        prompt = kind.prompt(question, default, self._title(question.prompt, *notes, room=room))
        if searchable:
            _search_by_words(prompt, question)
        answer = self._run(prompt)
        if answer == _BACK_RESULT:
            return BACK
        return kind.result(question, answer)

    def show_guidance(self, guidance: Guidance, facts: str | None) -> None:
        if guidance.show == "emergency_numbers" or guidance.pause:
            # The numbers are never behind a "Read on?": drawn whole, at once.
            from rich.markdown import Markdown

            self.console.print(Markdown(guidance.text))
            if facts:  # as the rows were laid out: no code-block frame, not a row more than needed
                self.console.print(facts.replace("```", "").strip("\n"), markup=False, highlight=False)
            self._rows_shown = 0
            return
        super().show_guidance(guidance, facts)

    def show(self, *renderables: object, **options: Any) -> None:
        """Print, a screen at a time: past a screenful since the last answer, ask before going on.

        So nothing scrolls away unread, and the question that follows
        stays in view. "No" skips the rest of this piece of text only.
        """
        import questionary

        with self.console.capture() as drawn:
            self.console.print(*renderables, **options)
        rows = drawn.get().splitlines(keepends=True)
        room = max(self.console.height - _ROWS_FOR_THE_QUESTION, 8)
        while len(rows) > _SLACK and self._rows_shown + len(rows) > room + _SLACK:
            # A piece that fits a page starts on a fresh one; a longer one fills this page first.
            fits = 0 if len(rows) <= room else max(room - self._rows_shown, 0)
            self.console.file.write("".join(rows[:fits]))
            rows = rows[fits:]
            more = f"{len(rows)} more line{'s' if len(rows) != 1 else ''}. Read on?"
            self._rows_shown = 0
            if not questionary.confirm(more, default=True).unsafe_ask():
                self.console.file.write("(The rest of this part is skipped.)\n")
                self._rows_shown = 1
                return
        self.console.file.write("".join(rows))
        self.console.file.flush()
        self._rows_shown += len(rows)

    def ask_step_outcome(self, step: Step, checklist: list[ChecklistItem]) -> str | Back:
        import questionary

        self.show_checklist(checklist)
        choices = [questionary.Choice(label, value) for value, label in OUTCOME_CHOICES]
        prompt = questionary.select(OUTCOME_PROMPT, choices=choices, instruction="(arrows, Enter)")
        answer = self._run(prompt)
        return BACK if answer == _BACK_RESULT else str(answer)

    def ask_stopped(self) -> bool | Back:
        return self.ask_yes_no(STOPPED_PROMPT, default=False)

    def offer_document(self, offer: Offer) -> bool | Back:
        return self.ask_yes_no(f"Make {offer.label[:1].lower()}{offer.label[1:]} now?", default=True)

    def ask_yes_no(self, message: str, *, default: bool) -> bool | Back:
        import questionary

        answer = self._run(questionary.confirm(self._title(message, room=_ROOM["confirm"]), default=default))
        return BACK if answer == _BACK_RESULT else bool(answer)

    def confirm(self, message: str, *, default: bool) -> bool:
        import questionary

        title = self._title(message, room=_ROOM["confirm"])
        answer = bool(questionary.confirm(title, default=default).unsafe_ask())
        self._rows_shown = 0
        return answer

    def _title(self, message: str, *notes: str, room: int) -> str:
        """The message wrapped between words, each note indented under it.

        With notes, or a message too long to share its row with
        questionary's instruction, the instruction (and later the answer)
        goes on a row of its own.
        """
        width = max(self.console.width - 4, 30)
        # A path or an address is never split: at a hyphen it would read as two words.
        wrap = textwrap.TextWrapper(width, break_long_words=False, break_on_hyphens=False)
        rows = wrap.wrap(message) or [""]
        wrap.initial_indent = wrap.subsequent_indent = "  "
        for note in (note for note in notes if note):
            rows.extend(wrap.wrap(note))
        if len(rows) > 1 or len(rows[0]) + room > width:
            return "\n".join(rows) + "\n "
        return rows[0]

    def _run(self, prompt: QuestionaryQuestion) -> Any:
        _add_back_keys(prompt)
        answer = prompt.unsafe_ask()
        self._rows_shown = 0  # what was on the screen has been seen
        return answer


def _add_back_keys(prompt: QuestionaryQuestion) -> None:
    """Give any questionary prompt an Esc / Ctrl-B binding that leaves it with "back"."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()

    @bindings.add("escape", eager=True)
    @bindings.add("c-b", eager=True)
    def _go_back(event: Any) -> None:
        event.app.exit(result=_BACK_RESULT)

    application = prompt.application
    application.key_bindings = merge_key_bindings([application.key_bindings or KeyBindings(), bindings])


def _search_by_words(prompt: QuestionaryQuestion, question: Question) -> None:
    """Make a select's type-to-search match label words and values, and refuse Enter on no match.

    questionary alone matches only a substring of the label, and when
    nothing matches it shows every choice and Enter takes the first:
    "other" typed at the state question saved Alabama.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys
    from questionary.prompts.common import InquirerControl

    control = next(
        (
            window.content
            for window in prompt.application.layout.find_all_windows()
            if isinstance(window.content, InquirerControl)
        ),
        None,
    )
    if control is None:  # a questionary that draws its list differently: keep its own search
        return
    control.__class__ = _make_word_search(type(control), question)
    bindings = KeyBindings()

    @bindings.add(Keys.ControlM, eager=True, filter=_nothing_matches(control, question))
    def _refuse(event: Any) -> None:
        """Enter while nothing matches picks nothing; the search line says so."""

    application = prompt.application
    application.key_bindings = merge_key_bindings([application.key_bindings or KeyBindings(), bindings])


def _nothing_matches(control: Any, question: Question) -> Any:
    from prompt_toolkit.filters import Condition

    # Worked out afresh: found_in_search is only updated when the list is drawn.
    return Condition(
        lambda: bool(control.search_filter) and not matching_choices(question, control.search_filter)
    )


def _make_word_search(base: type, question: Question) -> type:
    class WordSearch(base):  # type: ignore[misc]
        @property
        def filtered_choices(self) -> list[Any]:
            if not self.search_filter:
                return list(self.choices)
            wanted = [choice.value for choice in matching_choices(question, self.search_filter)]
            order = {value: index for index, value in enumerate(wanted)}
            found = sorted(
                (choice for choice in self.choices if choice.value in order),
                key=lambda choice: order[choice.value],
            )
            self.found_in_search = bool(found)
            return found or list(self.choices)

        def get_search_string_tokens(self) -> list[tuple[str, str]] | None:
            tokens: list[tuple[str, str]] | None = super().get_search_string_tokens()
            if tokens and not self.found_in_search:
                tokens.append(("class:search_none", "  nothing fits; Backspace to change it"))
            return tokens

    return WordSearch


def ask_line(prompt: str, *, plain: bool = False, read_line: Any = input) -> str | None:
    """One line of text a command needs (a name for a letter); None when left empty.

    questionary in a terminal, a bare ``input`` line in plain mode. Ctrl-C
    comes through as ``KeyboardInterrupt``, like every other prompt here.
    """
    if plain:
        try:
            reply = str(read_line(f"{prompt}: "))
        except EOFError:
            raise KeyboardInterrupt from None
    else:
        import questionary

        reply = str(questionary.text(f"{prompt}:", instruction="(Ctrl-C: stop)").unsafe_ask() or "")
    return reply.strip() or None
