"""Read a screenshot's pixels (decoded by Chromium's own PNG decoder, in a blank page)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

# Counts colours over the whole image, quantised to 4 bits a channel so anti-aliasing
# does not split one colour into many.
PIXEL_SUMMARY = """async ([dataUrl, wanted]) => {
  const image = new Image();
  image.src = dataUrl;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const counts = new Map();
  const found = wanted.map(() => 0);  // pixels within 8 a channel of each wanted colour
  for (let i = 0; i < data.length; i += 4) {
    wanted.forEach(([r, g, b], w) => {
      if (Math.abs(data[i] - r) <= 8 && Math.abs(data[i + 1] - g) <= 8 && Math.abs(data[i + 2] - b) <= 8) found[w]++;
    });
    const key = ((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const [top, topCount] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
  let exact = null;  // the most common colour's exact value, from its first pixel
  for (let i = 0; i < data.length && !exact; i += 4) {
    const key = ((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4);
    if (key === top) exact = [data[i], data[i + 1], data[i + 2]];
  }
  return {width: canvas.width, height: canvas.height, background: exact,
          backgroundShare: topCount / (data.length / 4), colours: counts.size, found};
}"""


@dataclass(frozen=True)
class PixelSummary:
    width: int
    height: int
    background: tuple[int, int, int]  # the most common colour
    background_share: float  # of all pixels
    colours: int  # distinct colours, 4 bits a channel
    found: tuple[int, ...]  # pixels of each colour asked for (within 8 a channel)

    @property
    def background_luminance(self) -> float:
        """Relative luminance (WCAG) of the background, 0 black to 1 white."""

        def linear(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(c) for c in self.background)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b


def summarise(context, png: Path, colours=()) -> PixelSummary:
    """Decode png in a fresh page of the browser context and summarise its pixels.

    colours: (r, g, b) triples to count the pixels of.
    """
    page = context.new_page()
    try:
        url = "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")
        found = page.evaluate(PIXEL_SUMMARY, [url, [list(c) for c in colours]])
    finally:
        page.close()
    return PixelSummary(
        found["width"],
        found["height"],
        tuple(found["background"]),
        found["backgroundShare"],
        found["colours"],
        tuple(found["found"]),
    )
