"""A small flow for testing the engine's mechanics apart from the shipped content."""

from __future__ import annotations

from pathlib import Path

SMALL_FLOW = """\
flow: small
title: A small flow
orders:
  - when: urgent
    steps: [first, third, second]
  - steps: [first, second, third]
steps:
  - id: first
    title: First things
    items:
      - ask: urgent
        kind: confirm
        prompt: Is it urgent?
        default: false
      - say: Call for help now.
        when: urgent
        show: emergency_numbers
      - ask: colour
        kind: select
        prompt: Pick a colour
        choices:
          - value: red
            label: Red
          - value: blue
            label: Blue
  - id: second
    title: Second things
    when: colour == 'red'
    items:
      - say: Red guidance.
      - ask: name
        kind: text
        prompt: Your name?
        required: false
    checklist:
      - id: paint
        text: Paint it red.
  - id: third
    title: Third things
    items:
      - ask: day
        kind: date
        prompt: Which day?
        default: today
    checklist:
      - id: rest
        text: Rest.
        when: urgent
"""


def write_small_flow(folder: Path) -> Path:
    path = folder / "small.yaml"
    path.write_text(SMALL_FLOW, encoding="utf-8")
    return path
