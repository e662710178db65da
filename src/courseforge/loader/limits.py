"""The size limits of a course, each reported as a located author error.

They stop hostile or accidental input (an alias bomb, a 2 GB file, 10,000 nested quotes) within
milliseconds and bounded memory, far above anything a real course needs (README: Limits).
"""

MIB = 1024 * 1024

# One course text file (course.yaml, module.yaml, a lesson, a quiz).
MAX_FILE_BYTES = 1 * MIB
# Every course text file a build reads into memory together.
MAX_COURSE_BYTES = 256 * MIB
# Every asset the lessons use: streamed from disk into each package, never held in memory,
# so only the packages' size bounds them (ZIP64 is written above 4 GiB; LMSs refuse far less).
MAX_ASSET_BYTES = 4 * 1024 * MIB
# Mappings and lists inside one another in a YAML file (a quiz needs about 6).
MAX_YAML_DEPTH = 32
# YAML nodes a file's aliases (*name) may add on top of the nodes written out: aliases can
# repeat a feedback text, never multiply a file into millions of values.
MAX_ALIAS_NODES = 10_000
# Blocks and inline spans inside one another in a Markdown text (a nested list of 5 levels
# is 11: each level is a list and an item; quotes and emphasis add one each).
MAX_MARKDOWN_DEPTH = 32
