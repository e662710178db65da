"""Files → model. Collects every author error of a run before giving up."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from courseforge.errors import (
    AuthorError,
    CourseError,
    SourceLocation,
    display_path,
    not_utf8,
)
from courseforge.i18n import SOURCE_LANGUAGE, course_messages, messages_for
from courseforge.loader.course_checks import check_course, check_course_size, collect_assets
from courseforge.loader.glossary_loader import glossary_module, load_glossary
from courseforge.loader.limits import MAX_COURSE_BYTES, MAX_FILE_BYTES
from courseforge.loader.pydantic_errors import located_errors
from courseforge.loader.yaml_source import SourceMap, YamlSyntaxError, load_yaml
from courseforge.model.course import (
    LESSON_SUFFIX,
    QUIZ_SUFFIX,
    Course,
    CourseSettings,
    Lesson,
    LessonFrontMatter,
    Module,
    ModuleFile,
    Page,
    Quiz,
    QuizFile,
)

M = TypeVar("M", bound=BaseModel)


class _Reader:
    """Reads course files, keeping their source maps and every error met on the way."""

    def __init__(self, root: Path):
        self.root = root
        self.errors: list[AuthorError] = []
        self.source_maps: dict[Path, SourceMap] = {}
        self.raw: dict[Path, Any] = {}
        self.pages_missing = False  # a listed page failed to load, so cross-checks go easy
        self.resolved_root = root.resolve()
        self._folders: dict[Path, Path] = {}  # a folder → its resolved path (see _resolve)
        self.bytes_read = 0  # of every course text file, for MAX_COURSE_BYTES
        self.listed: dict[str, SourceLocation] = {}  # module folders and pages, where first listed

    def first_listing(self, path: Path, where: SourceLocation, field: str, what: str) -> bool:
        """Whether `path` is listed here for the first time; a repeat is an error at its place.

        A repeat is read once only: read again it would count twice toward the course limit and
        clash with itself as a duplicate id.
        """
        first = self.listed.setdefault(os.path.normpath(path), where)
        if first is where:
            return True
        self.errors.append(
            AuthorError(where, field, f"{what} is listed again (first at {first}); list it once")
        )
        return False

    def read_text(
        self, path: Path, referenced_at: SourceLocation | None = None, field: str = "pages"
    ) -> str | None:
        """Return a course text file, or None after recording why it cannot be one.

        The file must resolve inside the course folder (symlinks included), be a regular file
        and stay within the size limits (loader/limits.py).
        """
        field = field if referenced_at else ""

        def where() -> SourceLocation:  # only on errors: display_path costs, 1,000s of files
            return referenced_at or SourceLocation(display_path(path))

        try:
            data = self._read_bytes(path, where, field)
        except FileNotFoundError:
            self.errors.append(
                AuthorError(
                    where(), field, f"file not found; expected {display_path(path)} to exist"
                )
            )
            return None
        except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
            cause = getattr(exc, "strerror", None) or "symlink loop"
            self.errors.append(AuthorError(where(), field, f"cannot read file: {cause}"))
            return None
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.errors.append(not_utf8(path, exc))
        return None

    def _resolve(self, path: Path) -> tuple[Path, os.stat_result]:
        """Return path.resolve(strict=True) and the stat of what it leads to.

        A module's pages share its folder: the folder is resolved once, then only the file
        itself is looked at (and resolved in full when it is a symlink).
        """
        if path.name in ("", ".", ".."):
            resolved = path.resolve(strict=True)
            return resolved, resolved.stat()
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = path.parent.resolve(strict=True)
        candidate = folder / path.name
        status = os.lstat(candidate)
        if stat.S_ISLNK(status.st_mode):
            resolved = candidate.resolve(strict=True)
            return resolved, resolved.stat()
        return candidate, status

    def _read_bytes(
        self, path: Path, where: Callable[[], SourceLocation], field: str
    ) -> bytes | None:
        resolved, status = self._resolve(path)
        if not resolved.is_relative_to(self.resolved_root):
            self.errors.append(
                AuthorError(
                    where(),
                    field,
                    f"expected a file inside the course folder, got {display_path(path)} "
                    f"(it leads to {resolved})",
                )
            )
            return None
        if not stat.S_ISREG(status.st_mode):
            self.errors.append(
                AuthorError(
                    where(), field, f"expected a file, got {display_path(path)}, which is not"
                )
            )
            return None

        def too_large() -> AuthorError:
            return AuthorError(
                SourceLocation(display_path(path), 1, 1),
                "",
                f"file is larger than the {MAX_FILE_BYTES:,}-byte limit for a course file; "
                "split it into several lessons or quizzes",
            )

        if status.st_size > MAX_FILE_BYTES:
            self.errors.append(too_large())
            return None
        with open(resolved, "rb") as handle:
            # Sized by the stat, not by the limit: a 1 MiB buffer per file cost more than reading.
            data = handle.read(status.st_size + 1)
            if len(data) > status.st_size:  # it grew since the stat: read on, up to the limit
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
        if len(data) > MAX_FILE_BYTES:
            self.errors.append(too_large())
            return None
        self.bytes_read += len(data)
        if self.bytes_read > MAX_COURSE_BYTES:
            self.errors.append(
                AuthorError(
                    SourceLocation(display_path(path), 1, 1),
                    "",
                    f"the course's files pass the {MAX_COURSE_BYTES:,}-byte limit here",
                )
            )
            return None
        return data

    def parse(
        self, model: type[M], text: str, path: Path, line_offset: int = 0, extra: dict | None = None
    ) -> M | None:
        """Parse YAML text into `model`, recording located errors."""
        try:
            data, source_map, problems = load_yaml(text, display_path(path), line_offset)
        except YamlSyntaxError as exc:
            self.errors.append(exc.error)
            return None
        self.source_maps[path] = source_map
        self.raw[path] = data
        self.errors.extend(problems)
        if not isinstance(data, dict):
            self.errors.append(
                AuthorError(
                    source_map.locate(()),
                    "",
                    f"expected a mapping of keys to values, got {_kind_of(data)}",
                )
            )
            return None
        try:
            return model.model_validate({**data, **(extra or {})})
        except ValidationError as exc:
            self.errors.extend(located_errors(exc, model, data, source_map))
            return None


def load_course(course_dir: Path | str, targets: Sequence[str] | None = None) -> Course:
    """Load and check a whole course.

    Args:
        targets: the targets it will be built for, when not its course.yaml `targets`
            (`build --target`); the page ids they reserve are author errors.

    Raises:
        CourseError: with every author error found, each located in its file.
    """
    root = Path(course_dir)
    reader = _Reader(root)
    course_file = root / "course.yaml"
    if not root.is_dir():
        raise CourseError(
            [
                AuthorError(
                    SourceLocation(display_path(root)), "", "expected a course folder, got none"
                )
            ]
        )
    text = reader.read_text(course_file)
    settings = reader.parse(CourseSettings, text, course_file) if text is not None else None
    if course_file not in reader.source_maps:
        raise CourseError(reader.errors)

    # Read the modules even when course.yaml has errors, so the author sees everything at once.
    course_map = reader.source_maps[course_file]
    raw_modules = (
        list(enumerate(settings.modules)) if settings else _listed_modules(reader.raw[course_file])
    )
    modules = []
    for index, module_id in raw_modules:
        folder, where = root / "modules" / module_id, course_map.locate(("modules", index))
        if not reader.first_listing(folder, where, f"modules[{index}]", f"module {module_id!r}"):
            continue
        module = _load_module(reader, folder, where)
        if module is not None:
            modules.append(module)
    all_loaded = len(modules) == len(raw_modules) and not reader.pages_missing
    glossary = load_glossary(reader, root)
    if glossary:  # its page comes last in every target's menu; its id is checked like others
        # Its titles in the course's language; English while course.yaml has errors.
        messages = course_messages(settings) if settings else messages_for(SOURCE_LANGUAGE)
        modules.append(glossary_module(glossary, root, messages))
    errors = reader.errors + check_course(
        settings, modules, root, reader.source_maps, all_modules_loaded=all_loaded, targets=targets
    )
    if errors or settings is None:
        raise CourseError(errors)
    course = Course(**dict(settings) | {"modules": modules, "root": root, "glossary": glossary})
    course = course.model_copy(update={"assets": collect_assets(course)})
    size_errors = check_course_size(course)
    if size_errors:
        raise CourseError(size_errors)
    return course


def _load_module(reader: _Reader, folder: Path, referenced_at: SourceLocation) -> Module | None:
    module_file = folder / "module.yaml"
    if not module_file.is_file():
        reader.errors.append(
            AuthorError(
                referenced_at,
                "modules",
                f"module not found; expected {display_path(module_file)} to exist",
            )
        )
        return None
    text = reader.read_text(module_file, referenced_at, field="modules")
    spec = reader.parse(ModuleFile, text, module_file) if text is not None else None
    if spec is None:
        return None
    module_map = reader.source_maps[module_file]
    pages: list[Page] = []
    for index, name in enumerate(spec.pages):
        where = module_map.locate(("pages", index))
        if not reader.first_listing(folder / name, where, f"pages[{index}]", f"page {name!r}"):
            continue
        page = _load_page(reader, folder / name, where)
        if page is None:
            reader.pages_missing = True
        else:
            pages.append(page)
    return Module(id=spec.id, title=spec.title, pages=pages, source=module_file)


def _load_page(reader: _Reader, path: Path, referenced_at: SourceLocation) -> Page | None:
    if path.name.endswith(QUIZ_SUFFIX):
        text = reader.read_text(path, referenced_at)
        quiz = reader.parse(QuizFile, text, path) if text is not None else None
        return Quiz(**dict(quiz), source=path) if quiz is not None else None
    if path.suffix == LESSON_SUFFIX:
        text = reader.read_text(path, referenced_at)
        return _load_lesson(reader, path, text) if text is not None else None
    reader.errors.append(
        AuthorError(
            referenced_at,
            "pages",
            f"expected a lesson (*.md) or a quiz (*.quiz.yaml), got {path.name!r}",
        )
    )
    return None


def _load_lesson(reader: _Reader, path: Path, text: str) -> Lesson | None:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        reader.errors.append(
            AuthorError(
                SourceLocation(display_path(path), 1, 1),
                "",
                "expected YAML front matter between '---' lines (with id and title), got none",
            )
        )
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        reader.errors.append(
            AuthorError(
                SourceLocation(display_path(path), 1, 1),
                "",
                "expected a closing '---' after the front matter, got the end of the file",
            )
        )
        return None
    front = reader.parse(LessonFrontMatter, "".join(lines[1:end]), path, line_offset=1)
    if front is None:
        return None
    body = "".join(lines[end + 1 :])
    return Lesson(id=front.id, title=front.title, body=body, body_line=end + 2, source=path)


def _listed_modules(data: Any) -> list[tuple[int, str]]:
    """Return (place in the list, name) of each module a broken course.yaml names plainly."""
    modules = data.get("modules") if isinstance(data, dict) else None
    if not isinstance(modules, list):
        return []
    return [
        (index, m)
        for index, m in enumerate(modules)
        if isinstance(m, str) and m and "/" not in m and ".." not in m
    ]


def _kind_of(data: Any) -> str:
    if data is None:
        return "an empty file"
    if isinstance(data, list):
        return "a list"
    return f"{type(data).__name__} {data!r}"[:60]
