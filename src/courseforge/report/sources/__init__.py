"""Where the learners' data come from: statement files, an LRS, Moodle's CSV, Ralph's table."""
