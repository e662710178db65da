"""The `qti21` target: an IMS QTI 2.1 content package of every question and quiz.

One assessmentItem per question (items/), one assessmentTest per quiz (assessments/), the
images items show (media/) and imsmanifest.xml. Every item, test and the manifest is
validated against the official IMS schemas before anything is written; scoring is written as
explicit response processing, so an item scores exactly as courseforge's quiz engine does.
"""

from __future__ import annotations

from urllib.parse import quote

from lxml import etree

from courseforge.errors import BuildError
from courseforge.model import (
    ClozeQuestion,
    FillInQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    NumericQuestion,
    SequencingQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from courseforge.model.text_answer import export_answers
from courseforge.package.output import Output
from courseforge.questionbank import Asset, BankHtml, BankQuestion, BankQuiz, number_text
from courseforge.questionbank import qti_scoring as scoring
from courseforge.questionbank.qti_html import QTI_NS, XML_LANG, append_html, qti
from courseforge.questions.cloze import passage_with_tokens, split_at_blanks
from courseforge.standards.xsd import validate_manifest
from courseforge.targets.question_bank import QuestionBankTarget

CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
MD_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
ITEM_TYPE = "imsqti_item_xmlv2p1"
TEST_TYPE = "imsqti_test_xmlv2p1"
ITEMS, TESTS, MEDIA = "items", "assessments", "media"


def item_identifier(question_id: str) -> str:
    """QTI identifiers must not start with a digit; courseforge ids may."""
    return f"q-{question_id}"


def choice_identifier(choice_id: str) -> str:
    return f"c-{choice_id}"


class Qti21Target(QuestionBankTarget):
    """A QTI 2.1 package: items, a test per quiz, media and the manifest, in one zip."""

    name = "qti21"
    product_suffix = ".zip"

    def file_name(self) -> str:
        return self.package_name()

    def bank_outputs(self, quizzes: list[BankQuiz]) -> list[Output]:
        files: dict[str, bytes] = {}
        resources: list[etree._Element] = []
        for quiz in quizzes:
            items = []
            for question in quiz.questions:
                path = f"{ITEMS}/{question.question.id}.xml"
                document, assets = self.item(question)
                files[path] = self._valid(document, "qti21", question)
                for asset in assets:
                    files[f"{MEDIA}/{asset.path}"] = asset.file.read_bytes()
                media = [f"{MEDIA}/{asset.path}" for asset in assets]
                items.append(_resource(f"item-{question.question.id}", ITEM_TYPE, path, media))
            path = f"{TESTS}/{quiz.quiz.id}.xml"
            files[path] = self._valid(self.test(quiz), "qti21", None)
            test = _resource(f"test-{quiz.quiz.id}", TEST_TYPE, path, [])
            for item in items:
                etree.SubElement(
                    test, f"{{{CP_NS}}}dependency", identifierref=item.get("identifier")
                )
            resources += [test, *items]
        files["imsmanifest.xml"] = self._valid(self.manifest(resources), "qti21_manifest", None)
        return [Output(self.file_name(), files, kind="zip", target=self.name)]

    def _valid(self, root: etree._Element, kind, question: BankQuestion | None) -> bytes:
        etree.cleanup_namespaces(root)
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        problems = validate_manifest(data, kind)
        if problems:
            where = f"{question.location}: {question.field}: " if question else ""
            raise BuildError(
                f"{where}the QTI 2.1 export is not valid against the IMS schema:\n"
                + "\n".join(map(str, problems))
            )
        return data

    # Items ---------------------------------------------------------------------------------

    def item(self, bank: BankQuestion) -> tuple[etree._Element, list[Asset]]:
        question = bank.question
        assets: list[Asset] = []
        item = qti(
            "assessmentItem",
            identifier=item_identifier(question.id),
            title=bank.name,
            adaptive="false",
            timeDependent="false",
        )
        item.set(XML_LANG, self.course.language)
        item.set(f"{{{XSI}}}schemaLocation", f"{QTI_NS} {QTI_XSD}")

        def content(parent: etree._Element, html: BankHtml | None) -> None:
            if html is None:
                return
            bank.warn_missing_images(html)
            assets.extend(html.assets)
            by_src = {image.src: image.asset for image in html.images if image.asset}
            append_html(parent, html.html, lambda src: _media_src(by_src.get(src), src))

        response, body_interaction, condition, per_choice = self._interaction(bank, content)
        responses = response if isinstance(response, list) else [response]
        item.extend(responses)
        item.append(scoring.outcome("SCORE", "single", "float", "0"))
        item.append(scoring.outcome("MAXSCORE", "single", "float", str(question.points)))
        item.append(scoring.outcome("FEEDBACK", "single", "identifier", None))
        if per_choice:
            item.append(
                scoring.outcome("CHOICE_FEEDBACK", response.get("cardinality"), "identifier", None)
            )
        body = etree.SubElement(item, f"{{{QTI_NS}}}itemBody")
        content(etree.SubElement(body, f"{{{QTI_NS}}}div"), bank.block(question.prompt))
        body.append(body_interaction)
        item.append(scoring.response_processing(condition, per_choice))
        feedback = question.feedback
        for identifier, text in (
            ("correct", feedback.correct if feedback else None),
            ("incorrect", feedback.incorrect if feedback else None),
        ):
            if text:
                modal = qti("modalFeedback", outcomeIdentifier="FEEDBACK", identifier=identifier)
                modal.set("showHide", "show")
                content(modal, bank.block(text))
                item.append(modal)
        for choice_id, text in per_choice:
            modal = qti("modalFeedback", outcomeIdentifier="CHOICE_FEEDBACK", identifier=choice_id)
            modal.set("showHide", "show")
            content(modal, bank.block(text))
            item.append(modal)
        unique = {asset.path: asset for asset in assets}
        return item, [unique[path] for path in sorted(unique)]

    def _interaction(self, bank: BankQuestion, content):
        """Return (responseDeclaration, interaction block, correct-condition, choice feedback)."""
        question = bank.question
        shuffle = "true" if bank.quiz.shuffle_choices else "false"
        per_choice: list[tuple[str, str]] = []
        if isinstance(
            question, (SingleChoiceQuestion, MultipleResponseQuestion, TrueFalseQuestion)
        ):
            if isinstance(question, TrueFalseQuestion):
                options = [
                    ("true", "True", question.answer),
                    ("false", "False", not question.answer),
                ]
                multiple = False
                html_of = lambda text: BankHtml(text, text)  # noqa: E731 - plain words
            else:
                options = [
                    (choice_identifier(cid), c.text, c.correct)
                    for cid, c in zip(question.choice_ids(), question.choices, strict=True)
                ]
                per_choice = [
                    (choice_identifier(cid), c.feedback)
                    for cid, c in zip(question.choice_ids(), question.choices, strict=True)
                    if c.feedback
                ]
                multiple = isinstance(question, MultipleResponseQuestion)
                html_of = bank.inline
            response = scoring.response(
                "multiple" if multiple else "single",
                "identifier",
                [identifier for identifier, _text, correct in options if correct],
            )
            interaction = qti(
                "choiceInteraction",
                responseIdentifier="RESPONSE",
                shuffle=shuffle if not isinstance(question, TrueFalseQuestion) else "false",
                maxChoices="0" if multiple else "1",
            )
            for identifier, text, _correct in options:
                content(
                    etree.SubElement(
                        interaction, f"{{{QTI_NS}}}simpleChoice", identifier=identifier
                    ),
                    html_of(text),
                )
            return response, interaction, scoring.match(), per_choice
        if isinstance(question, FillInQuestion):
            keys = question.export_answers()
            response, condition = scoring.text_entry("RESPONSE", keys, question.case_sensitive)
            interaction = qti("textEntryInteraction", responseIdentifier="RESPONSE")
            interaction.set("expectedLength", str(max(len(k) for k in keys)))
            return response, scoring.paragraph(interaction), condition, per_choice
        if isinstance(question, ClozeQuestion):
            return (*self._cloze(bank, question, content), per_choice)
        if isinstance(question, NumericQuestion):
            low, high = question.bounds()
            middle = low if low == high else (low + high) / 2
            response = scoring.response("single", "float", [number_text(middle)])
            interaction = qti("textEntryInteraction", responseIdentifier="RESPONSE")
            condition = qti("and")
            for operator, bound in (("gte", low), ("lte", high)):
                compare = etree.SubElement(condition, f"{{{QTI_NS}}}{operator}")
                compare.append(qti("variable", identifier="RESPONSE"))
                compare.append(scoring.base("float", number_text(bound)))
            return response, scoring.paragraph(interaction), condition, per_choice
        if isinstance(question, MatchingQuestion):
            targets = list(dict.fromkeys(pair.target for pair in question.pairs))
            response = scoring.response(
                "multiple",
                "directedPair",
                [f"s{i + 1} t{targets.index(p.target) + 1}" for i, p in enumerate(question.pairs)],
            )
            interaction = qti(
                "matchInteraction",
                responseIdentifier="RESPONSE",
                shuffle=shuffle,
                maxAssociations=str(len(question.pairs)),
            )
            sources = etree.SubElement(interaction, f"{{{QTI_NS}}}simpleMatchSet")
            for i, pair in enumerate(question.pairs):
                choice = etree.SubElement(
                    sources,
                    f"{{{QTI_NS}}}simpleAssociableChoice",
                    identifier=f"s{i + 1}",
                    matchMax="1",
                )
                content(choice, bank.inline(pair.source))
            target_set = etree.SubElement(interaction, f"{{{QTI_NS}}}simpleMatchSet")
            for i, text in enumerate(targets):
                choice = etree.SubElement(
                    target_set,
                    f"{{{QTI_NS}}}simpleAssociableChoice",
                    identifier=f"t{i + 1}",
                    matchMax="0",
                )
                content(choice, bank.inline(text))
            return response, interaction, scoring.match(), per_choice
        assert isinstance(question, SequencingQuestion)
        response = scoring.response(
            "ordered", "identifier", [f"i{i + 1}" for i in range(len(question.order))]
        )
        interaction = qti("orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
        for i, item in enumerate(question.order):
            choice = etree.SubElement(
                interaction, f"{{{QTI_NS}}}simpleChoice", identifier=f"i{i + 1}"
            )
            content(choice, bank.inline(item))
        return response, interaction, scoring.match(), per_choice

    def _cloze(self, bank: BankQuestion, question: ClozeQuestion, content):
        """One item: the passage with a textEntry or inlineChoice interaction per blank."""
        responses, interactions = [], []
        condition = qti("and")
        for index, (_name, blank) in enumerate(question.ordered_blanks(), start=1):
            identifier = f"RESPONSE_{index}"
            if blank.choices is not None:
                ids = [f"B{index}_C{n}" for n in range(1, len(blank.choices) + 1)]
                right = ids[blank.choices.index(blank.answer or "")]
                responses.append(scoring.response("single", "identifier", [right], identifier))
                condition.append(scoring.match(identifier))
                interaction = qti(
                    "inlineChoiceInteraction", responseIdentifier=identifier, shuffle="false"
                )
                for choice_id, text in zip(ids, blank.choices, strict=True):
                    option = etree.SubElement(
                        interaction, f"{{{QTI_NS}}}inlineChoice", identifier=choice_id
                    )
                    option.text = bank.inline(text).plain
            else:
                keys = export_answers(blank.answers or [], case_sensitive=blank.case_sensitive)
                response, right = scoring.text_entry(identifier, keys, blank.case_sensitive)
                responses.append(response)
                condition.append(right)
                interaction = qti("textEntryInteraction", responseIdentifier=identifier)
                interaction.set("expectedLength", str(max(len(k) for k in keys)))
            interactions.append(interaction)
        marked, token = passage_with_tokens(question)
        passage = qti("div")
        content(passage, bank.block(marked))
        _place_blanks(passage, token, interactions)
        return responses, passage, condition

    # Tests and manifest --------------------------------------------------------------------

    def test(self, quiz: BankQuiz) -> etree._Element:
        model = quiz.quiz
        test = qti("assessmentTest", identifier=f"quiz-{model.id}", title=model.title)
        test.set(f"{{{XSI}}}schemaLocation", f"{QTI_NS} {QTI_XSD}")
        test.append(scoring.outcome("SCORE", "single", "float", "0"))
        test.append(scoring.outcome("PASS", "single", "boolean", None))
        part = etree.SubElement(
            test,
            f"{{{QTI_NS}}}testPart",
            identifier="part-1",
            navigationMode="nonlinear",
            submissionMode="individual",
        )
        section = etree.SubElement(
            part,
            f"{{{QTI_NS}}}assessmentSection",
            identifier=f"section-{model.id}",
            title=model.title,
        )
        section.set("visible", "true")
        etree.SubElement(
            section, f"{{{QTI_NS}}}ordering", shuffle="true" if model.shuffle else "false"
        )
        if model.intro and quiz.questions:
            rubric = etree.SubElement(section, f"{{{QTI_NS}}}rubricBlock", view="candidate")
            intro = quiz.questions[0].block(model.intro)
            if intro is not None:
                intro_div = etree.SubElement(rubric, f"{{{QTI_NS}}}div")
                append_html(intro_div, intro.without_images(), lambda src: src)
        for question in quiz.questions:
            etree.SubElement(
                section,
                f"{{{QTI_NS}}}assessmentItemRef",
                identifier=item_identifier(question.question.id),
                href=f"../{ITEMS}/{question.question.id}.xml",
            )
        processing = etree.SubElement(test, f"{{{QTI_NS}}}outcomeProcessing")
        total = etree.SubElement(processing, f"{{{QTI_NS}}}setOutcomeValue", identifier="SCORE")
        etree.SubElement(
            etree.SubElement(total, f"{{{QTI_NS}}}sum"),
            f"{{{QTI_NS}}}testVariables",
            variableIdentifier="SCORE",
        )
        passed = etree.SubElement(processing, f"{{{QTI_NS}}}setOutcomeValue", identifier="PASS")
        compare = etree.SubElement(passed, f"{{{QTI_NS}}}gte")
        compare.append(qti("variable", identifier="SCORE"))
        compare.append(scoring.base("float", str(model.points_to_pass(self.course.mastery_score))))
        return test

    def manifest(self, resources: list[etree._Element]) -> etree._Element:
        nsmap = {None: CP_NS, "imsmd": MD_NS, "xsi": XSI}
        root = etree.Element(
            f"{{{CP_NS}}}manifest", nsmap=nsmap, identifier=f"manifest-{self.course.id}"
        )
        root.set(
            f"{{{XSI}}}schemaLocation",
            f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd "
            f"{MD_NS} http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd",
        )
        metadata = etree.SubElement(root, f"{{{CP_NS}}}metadata")
        etree.SubElement(metadata, f"{{{CP_NS}}}schema").text = "QTIv2.1 Package"
        etree.SubElement(metadata, f"{{{CP_NS}}}schemaversion").text = "1.0.0"
        lom = etree.SubElement(metadata, f"{{{MD_NS}}}lom")
        title = etree.SubElement(etree.SubElement(lom, f"{{{MD_NS}}}general"), f"{{{MD_NS}}}title")
        langstring = etree.SubElement(title, f"{{{MD_NS}}}langstring")
        langstring.set(XML_LANG, self.course.language)
        langstring.text = self.course.title
        etree.SubElement(root, f"{{{CP_NS}}}organizations")
        holder = etree.SubElement(root, f"{{{CP_NS}}}resources")
        for resource in resources:
            holder.append(resource)
        return root


def _place_blanks(root: etree._Element, token: str, interactions: list[etree._Element]) -> None:
    """Put each blank's interaction where its token stands in the passage's text."""
    for element in list(root.iter()):
        for slot in ("text", "tail"):
            text = getattr(element, slot)
            if not text or token not in text:
                continue
            pieces = split_at_blanks(text, token)
            setattr(element, slot, pieces[0])
            anchor = element
            for index, rest in zip(pieces[1::2], pieces[2::2], strict=True):
                interaction = interactions[int(index)]
                interaction.tail = rest
                if slot == "text" and anchor is element:
                    element.insert(0, interaction)
                else:
                    anchor.addnext(interaction)
                anchor = interaction


def _media_src(asset: Asset | None, src: str) -> str:
    """An item lives in items/: its images are in ../media/."""
    return f"../{MEDIA}/{quote(asset.path)}" if asset else src


def _resource(identifier: str, kind: str, href: str, media: list[str]) -> etree._Element:
    resource = etree.Element(f"{{{CP_NS}}}resource", identifier=identifier, type=kind, href=href)
    for path in [href, *media]:
        etree.SubElement(resource, f"{{{CP_NS}}}file", href=path)
    return resource
