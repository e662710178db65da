"""Small courses for render tests."""

EVERY_TYPE_QUIZ = """\
id: check
title: Check
graded: true
attempts: 3
questions:
  - id: single
    type: single_choice
    prompt: Pick one
    choices: [{text: A, correct: true}, {text: B}, {text: C}]
  - id: multiple
    type: multiple_response
    prompt: Pick some
    choices: [{text: A, correct: true}, {text: B, correct: true}, {text: C}]
  - id: judge
    type: true_false
    prompt: Sky is blue
    answer: true
  - id: word
    type: fill_in
    prompt: Tool?
    answers: [Docker]
  - id: count
    type: numeric
    prompt: How many?
    answer: 4
  - id: pairs
    type: matching
    prompt: Match
    points: 2
    pairs: [{source: a, target: x}, {source: b, target: y}, {source: c, target: z}]
  - id: order
    type: sequencing
    prompt: Order
    order: [one, two, three]
"""
