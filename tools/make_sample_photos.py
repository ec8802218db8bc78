"""Draw the sample post's photos (resources/sample/site/static/images/...).

They are generated rather than shot so the repository carries no one's private pictures: a stage
with a speaker, slides and a crowd, drawn with Pillow. Run from the repository root:
``python tools/make_sample_photos.py``.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "resources/sample/site/static/images/pdx-cloud-native-october-2026"


def scene(seed: int, size: tuple[int, int], slide: tuple[int, int, int], title_bars: int) -> Image.Image:
    rng = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    for y in range(h):  # warm room light falling off towards the floor
        t = y / h
        draw.line([(0, y), (w, y)], fill=(int(58 + 40 * t), int(48 + 22 * t), int(70 - 20 * t)))
    sx0, sy0, sx1, sy1 = int(w * .18), int(h * .1), int(w * .82), int(h * .55)
    draw.rectangle([sx0 - 6, sy0 - 6, sx1 + 6, sy1 + 6], fill=(30, 30, 34))
    draw.rectangle([sx0, sy0, sx1, sy1], fill=slide)
    for i in range(title_bars):  # lines of slide text
        y = sy0 + 30 + i * 34
        draw.rectangle([sx0 + 30, y, sx0 + 30 + rng.randint(120, sx1 - sx0 - 80), y + 14],
                       fill=(255, 255, 255) if i == 0 else (235, 240, 245))
    px = int(w * rng.uniform(.2, .3))  # the speaker at the lectern
    draw.ellipse([px - 22, int(h * .5), px + 22, int(h * .5) + 44], fill=(224, 180, 150))
    draw.rectangle([px - 34, int(h * .5) + 44, px + 34, int(h * .78)], fill=(40, 90, 140))
    draw.rectangle([px - 50, int(h * .66), px + 50, int(h * .8)], fill=(110, 74, 46))
    for _ in range(70):  # heads in the audience
        x, y = rng.randint(0, w), rng.randint(int(h * .78), h + 20)
        r = rng.randint(18, 30)
        tone = rng.choice([(60, 40, 30), (120, 90, 60), (200, 160, 120), (30, 30, 30), (150, 110, 70)])
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tone)
    return img.filter(ImageFilter.GaussianBlur(0.8))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    shots = {
        "opening-keynote.jpg": (1, (1200, 800), (38, 110, 180), 4),
        "gitops-demo.jpg": (2, (960, 720), (34, 139, 84), 5),
        "lightning-talks.jpg": (3, (960, 720), (170, 60, 60), 3),
    }
    for name, (seed, size, colour, bars) in shots.items():
        scene(seed, size, colour, bars).save(OUT / name, quality=82, optimize=True, progressive=True)
        print(OUT / name, (OUT / name).stat().st_size)


if __name__ == "__main__":
    main()
