"""The validated model of a course, shared by every target."""

from courseforge.model.course import Course, CourseSettings, Lesson, Module, ModuleFile, Page, Quiz
from courseforge.model.questions import (
    CHOICE_ID_ALPHABET,
    Choice,
    FillInQuestion,
    MatchingPair,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    NumericRange,
    Question,
    QuestionFeedback,
    SequencingQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

__all__ = [
    "CHOICE_ID_ALPHABET",
    "Choice",
    "Course",
    "CourseSettings",
    "FillInQuestion",
    "Lesson",
    "MatchingPair",
    "MatchingQuestion",
    "Module",
    "ModuleFile",
    "MultipleResponseQuestion",
    "NumericQuestion",
    "NumericRange",
    "Page",
    "Question",
    "QuestionFeedback",
    "Quiz",
    "SequencingQuestion",
    "SingleChoiceQuestion",
    "TrueFalseQuestion",
]
