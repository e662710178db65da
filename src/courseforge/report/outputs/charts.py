"""Inline SVG charts (no script, no CDN): each has a title and a description for screen readers,
and the report always shows the same figures in a table beside it."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 640, 220, 40
BAR = "#1f5fa8"  # 6.4:1 on white
MARK = "#8a3b00"  # reference lines


def _svg(chart_id: str, title: str, desc: str, body: list[str], height: int = HEIGHT) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: list[str],
    values: list[float],
    top: float | None = None,
    refs: tuple[float, ...] = (),
) -> Markup:
    top = top or max(values + [1e-9])
    n = max(len(values), 1)
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    step = inner_w / n
    body = [
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#333"/>'
    ]
    for ref in refs:
        y = HEIGHT - PAD - inner_h * ref / top
        body.append(
            f'<line x1="{PAD}" y1="{y:.1f}" x2="{WIDTH - PAD}" y2="{y:.1f}" stroke="{MARK}" '
            f'stroke-dasharray="4 3"/><text x="{WIDTH - PAD + 2}" y="{y + 4:.1f}" '
            f'font-size="11" fill="{MARK}">{ref:g}</text>'
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = inner_h * value / top if top else 0
        x = PAD + i * step + step * 0.15
        body.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - PAD - h:.1f}" width="{step * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{BAR}"/>'
        )
        if n <= 30:
            body.append(
                f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - PAD + 14}" font-size="11" '
                f'text-anchor="middle" fill="#222">{escape(label[:14])}</text>'
            )
    body.append(
        f'<text x="{PAD - 4}" y="{PAD}" font-size="11" text-anchor="end" fill="#222">{top:g}</text>'
        f'<text x="{PAD - 4}" y="{HEIGHT - PAD}" font-size="11" text-anchor="end" fill="#222">0</text>'
    )
    return _svg(chart_id, title, desc, body)
