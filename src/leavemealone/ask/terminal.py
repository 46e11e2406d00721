"""Arrow-key prompts in a terminal, with questionary: the walk's questions, and one-line asks.

Every prompt takes Esc or Ctrl-B as "back", and lets Ctrl-C through as
``KeyboardInterrupt`` (the CLI saves and explains how to resume). Every
line is wrapped between words at the terminal's width before questionary
draws it (prompt_toolkit would cut a long line, or break it mid-word).
Nothing scrolls away unread: guidance taller than the screen is shown a
page at a time ("Read on?"), and a question that would push unread text
off the top waits for Enter first ("Press Enter to go on.").
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from leavemealone.ask.console import ConsoleAsker
from leavemealone.ask.kinds import BACK_HINT, KINDS, LONG_LIST, matching_choices
from leavemealone.ask.protocol import BACK, Back
from leavemealone.ask.steps import OUTCOME_CHOICES, OUTCOME_PROMPT, STOPPED_PROMPT, offer_prompt
from leavemealone.flow.model import ChecklistItem, Guidance, Offer, Question, Step

if TYPE_CHECKING:
    from questionary import Question as QuestionaryQuestion

_BACK_RESULT = "\x00back"
# Room each kind needs after its message on the same row: its instruction, or the typing.
_ROOM = {"confirm": 8, "select": 18, "multi": 34, "text": 24, "path": 24, "date": 24}
_SEARCH_ROOM = 34
# Said when the question that comes next would push unread text off the top of the screen.
PAUSE_LINE = "Press Enter to go on."


class QuestionaryAsker(ConsoleAsker):
    """Arrow-key prompts with questionary; Esc or Ctrl-B goes back."""

    keys_hint = BACK_HINT
    _rows_shown = 0  # rows printed since the user last answered

    def ask(self, question: Question, default: Any) -> Any:
        kind = KINDS[question.kind]
        notes = [question.help, kind.hint(question, default)]
        searchable = question.kind == "select" and len(question.choices) > LONG_LIST
        room = _SEARCH_ROOM if searchable else _ROOM[question.kind]
        title = self._title(question.prompt, *notes, room=room)
        prompt = kind.prompt(question, default, title)
        if searchable:
            _search_by_words(prompt, question)
            rows = self.console.height  # a long list takes the whole screen
        else:
            rows = _rows(title) + sum(self._choice_rows(choice.label) for choice in question.choices)
        answer = self._run(prompt, rows)
        if answer == _BACK_RESULT:
            return BACK
        return kind.result(question, answer)

    def show_guidance(self, guidance: Guidance, facts: str | None) -> None:
        if guidance.show == "emergency_numbers" or guidance.pause:
            # The numbers are never behind a "Read on?": drawn whole, at once.
            from rich.markdown import Markdown

            with self.console.capture() as drawn:
                self.console.print(Markdown(guidance.text))
                if facts:  # as the rows were laid out: no code-block frame, not a row more than needed
                    self.console.print(facts.replace("```", "").strip("\n"), markup=False, highlight=False)
            self._write(drawn.get())
            return
        super().show_guidance(guidance, facts)

    def show(self, *renderables: object, **options: Any) -> None:
        """Print, a screen at a time: past a screenful since the last answer, ask before going on.

        So nothing scrolls away unread. A piece that fits on a page starts
        a new one when this page is more than half full; a longer piece
        fills this page first. "No" skips the rest of this piece only. The
        question that follows gets its own check (``_run``).
        """
        import questionary

        with self.console.capture() as drawn:
            self.console.print(*renderables, **options)
        rows = drawn.get().splitlines(keepends=True)
        page = self._page()
        while self._rows_shown + len(rows) > page:
            fresh = len(rows) <= page and self._rows_shown * 2 > page
            fits = 0 if fresh else max(page - self._rows_shown, 0)
            self._write("".join(rows[:fits]))
            rows = rows[fits:]
            more = f"{len(rows)} more line{'s' if len(rows) != 1 else ''}. Read on?"
            self._rows_shown = 0
            if not questionary.confirm(more, default=True).unsafe_ask():
                self._write("(The rest of this part is skipped.)\n")
                return
        self._write("".join(rows))

    def ask_step_outcome(
        self, step: Step, checklist: list[ChecklistItem], *, default: str | None = None
    ) -> str | Back:
        import questionary

        self.show_checklist(checklist)
        choices = [questionary.Choice(label, value) for value, label in OUTCOME_CHOICES]
        prompt = questionary.select(
            OUTCOME_PROMPT, choices=choices, default=default, instruction="(arrows, Enter)"
        )
        answer = self._run(prompt, 1 + sum(self._choice_rows(label) for _, label in OUTCOME_CHOICES))
        return BACK if answer == _BACK_RESULT else str(answer)

    def ask_stopped(self) -> bool | Back:
        return self.ask_yes_no(STOPPED_PROMPT, default=False)

    def offer_document(self, offer: Offer, *, default: bool = True) -> bool | Back:
        return self.ask_yes_no(offer_prompt(offer), default=default)

    def ask_yes_no(self, message: str, *, default: bool) -> bool | Back:
        import questionary

        title = self._title(message, room=_ROOM["confirm"])
        answer = self._run(questionary.confirm(title, default=default), _rows(title))
        return BACK if answer == _BACK_RESULT else bool(answer)

    def confirm(self, message: str, *, default: bool) -> bool:
        import questionary

        title = self._title(message, room=_ROOM["confirm"])
        self._make_room(_rows(title))  # nothing to go back to here: Esc at the pause just goes on
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

    def _choice_rows(self, label: str) -> int:
        """The rows one choice takes in a list (its pointer and box, then the label, wrapped)."""
        return -(-(len(label) + 6) // max(self.console.width, 1))

    def _page(self) -> int:
        """The rows of text shown before a pause: the screen, less the row the pause is asked on."""
        return max(self.console.height - 1, 8)

    def _make_room(self, rows: int) -> bool:
        """Pause first if a prompt of ``rows`` rows would push unread text off the screen.

        False when the user pressed Esc or Ctrl-B at the pause (back).
        """
        if not self._rows_shown or self._rows_shown + rows <= self.console.height:
            return True
        import questionary

        pause = questionary.press_any_key_to_continue(PAUSE_LINE)
        _add_back_keys(pause)
        went_back = pause.unsafe_ask() == _BACK_RESULT
        self._rows_shown = 0
        return not went_back

    def _run(self, prompt: QuestionaryQuestion, rows: int) -> Any:
        """Ask ``prompt`` (``rows`` rows tall) with the back keys; after a pause if it would not fit."""
        if not self._make_room(rows):
            return _BACK_RESULT
        _add_back_keys(prompt)
        answer = prompt.unsafe_ask()
        self._rows_shown = 0  # what was on the screen has been seen
        return answer

    def _write(self, text: str) -> None:
        """Write rows drawn already, and count them as shown and not yet answered."""
        self.console.file.write(text)
        self.console.file.flush()
        self._rows_shown += text.count("\n")


def _rows(title: str) -> int:
    """The rows a prompt's title takes (``_title`` wraps it, so each row is one line)."""
    return title.count("\n") + 1


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
