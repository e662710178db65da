"""The runtime's message lookup, for tests that drive an adapter without the runtime."""

from __future__ import annotations

from courseforge.i18n import messages_for

# Plural messages take their last ("other") form: enough for a status line's check.
_LOOKUP = """texts => {
    window.courseforgeText = (id, args = {}) => {
        const text = [].concat(texts[id]).pop();
        return text.replace(/\\{([a-z_]+)\\}/g, (whole, name) => String(args[name] ?? whole));
    };
}"""


def install_text_lookup(frame, language: str = "en") -> None:
    """Give the adapters in a page (or frame) window.courseforgeText, as the runtime does."""
    frame.evaluate(_LOOKUP, messages_for(language).runtime_data()["texts"])
