"""What the question-bank targets (moodle-xml, gift, qti21) share: one view of every question.

A `BankQuestion` holds a question's texts as sanitized HTML (the learner pages' own renderer),
its place in the author's file for warnings, and the course files its images use. Each target
then writes that view in its format; docs/question-banks.md says what maps to what, and why.
"""

from courseforge.questionbank.content import Asset, BankHtml, RichText
from courseforge.questionbank.view import (
    MOODLE_FRACTIONS,
    BankQuestion,
    BankQuiz,
    bank_quizzes,
    category_path,
    choice_fractions,
    moodle_fraction,
    number_text,
)

__all__ = [
    "MOODLE_FRACTIONS",
    "Asset",
    "BankHtml",
    "BankQuestion",
    "BankQuiz",
    "RichText",
    "bank_quizzes",
    "category_path",
    "choice_fractions",
    "moodle_fraction",
    "number_text",
]
