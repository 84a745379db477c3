"""The button icons, served by the meeting's server instead of a CDN.

Voila's page template links Font Awesome from ``cdn.jsdelivr.net``: a third party would see
every visit, and a meeting without internet would have no icons. The workbench template drops
those links and links ``icons.css`` (beside the template) instead: the icons the apps and the
widgets use, with a font cut down to those glyphs inside it (~4 KB, kept a year by the phone).

``python -m workbench.serve.icons`` writes ``icons.css`` again, from the Font Awesome Free 5
files that Voila ships (its front end bundles the stylesheet and the fonts): run it after
adding a button with a new ``icon=``. ``tests/test_serve.py`` checks that every icon the
package names is in it.
"""
from __future__ import annotations

import base64
import hashlib
import io
import re
import sys
from pathlib import Path

from workbench.serve import TEMPLATE, TEMPLATE_ROOT

ICONS_CSS = TEMPLATE_ROOT / "voila" / "templates" / TEMPLATE / "icons.css"
#: Icons the widgets draw themselves (accordion carets, Valid, Play).
WIDGET_ICONS = ("caret-down", "caret-right", "check", "times", "play", "pause", "stop", "retweet")
#: A button's icon argument with a literal name, in the package's source.
ICON_ARGUMENT = re.compile(r"""\bicon\s*=\s*["']([a-z0-9-]+)["']""")
FAMILY = "wb-icons"


def icons_version() -> str:
    """The ``?v=`` of the link to ``icons.css``: the start of its content's hash."""
    return hashlib.sha256(ICONS_CSS.read_bytes()).hexdigest()[:16]


def icons_in_source(package: Path | None = None) -> set[str]:
    """Every icon named by an ``icon=`` argument in the package's Python files."""
    package = package or Path(__file__).resolve().parents[1]
    found: set[str] = set()
    for path in package.rglob("*.py"):
        found.update(ICON_ARGUMENT.findall(path.read_text(encoding="utf-8")))
    return found


def icons_in_css(text: str | None = None) -> set[str]:
    """The icons ``icons.css`` has."""
    text = ICONS_CSS.read_text(encoding="utf-8") if text is None else text
    return set(re.findall(r"\.fa-([a-z0-9-]+):before", text))


def _voila_static() -> list[Path]:
    from voila.paths import collect_static_paths
    return [Path(p) for p in collect_static_paths(["voila"], "base") if Path(p).is_dir()]


def codepoints(static: list[Path]) -> tuple[dict[str, int], str]:
    """Icon name → code point, from the Font Awesome stylesheet inside Voila's front end, and
    the stylesheet's first line (its version)."""
    names: dict[str, int] = {}
    version = ""
    selector = r"(?:\.fa)?\.fa-[a-z0-9-]+:before"
    rule = re.compile(rf'({selector}(?:,{selector})*)\{{content:"\\+([0-9a-f]{{4}})"\}}')
    for folder in static:
        for path in sorted(folder.glob("*.js")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if "Font Awesome Free 5" not in text:
                continue
            version = version or re.search(r"Font Awesome Free [0-9.]+", text).group(0)
            for selectors, code in rule.findall(text):
                for name in re.findall(r"\.fa-([a-z0-9-]+):before", selectors):
                    names.setdefault(name, int(code, 16))
    return names, version


def solid_font(static: list[Path]):
    """Font Awesome's solid font (weight 900) among Voila's files."""
    from fontTools.ttLib import TTFont
    for folder in static:
        for path in sorted(folder.glob("*.woff")) + sorted(folder.glob("*.ttf")):
            try:
                font = TTFont(path, recalcTimestamp=False)   # the same file at every run
            except Exception:   # noqa: BLE001  (not a font fontTools reads)
                continue
            if font["name"].getDebugName(1) == "Font Awesome 5 Free Solid" and font["OS/2"].usWeightClass == 900:
                return font
    raise SystemExit("Font Awesome's solid font was not found in Voila's static files")


def build_css(wanted: set[str]) -> str:
    """The stylesheet: the base rules, one rule per icon, the cut-down font inline."""
    from fontTools import subset
    static = _voila_static()
    names, version = codepoints(static)
    font = solid_font(static)
    glyphs = set(font.getBestCmap())
    missing = sorted(name for name in wanted if names.get(name) not in glyphs)
    if missing:
        raise SystemExit(f"not in Font Awesome's solid font: {', '.join(missing)}")
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 13, 14]   # copyright, family, style, licence
    options.drop_tables += ["FFTM"]          # FontForge's timestamps
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({names[name] for name in wanted}))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    lines = [
        f"/* Button icons: {version} by @fontawesome - https://fontawesome.com",
        " * License - https://fontawesome.com/license/free (Icons: CC BY 4.0, Fonts: SIL OFL 1.1, Code: MIT)",
        " * Cut down to the icons the workbench uses by `python -m workbench.serve.icons`; do not edit. */",
        f'@font-face{{font-family:"{FAMILY}";font-style:normal;font-weight:900;font-display:block;'
        f'src:url(data:font/woff;base64,{data}) format("woff")}}',
        f'.fa{{font-family:"{FAMILY}";font-weight:900;font-style:normal;font-variant:normal;display:inline-block;'
        "line-height:1;text-rendering:auto;-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale}",
        ".fa-fw{text-align:center;width:1.25em}",
    ]
    lines += [f'.fa-{name}:before{{content:"\\{names[name]:x}"}}' for name in sorted(wanted)]
    return "\n".join(lines) + "\n"


def main() -> None:
    wanted = icons_in_source() | set(WIDGET_ICONS)
    css = build_css(wanted)
    ICONS_CSS.write_text(css, encoding="utf-8")
    print(f"{ICONS_CSS}: {len(wanted)} icons, {len(css.encode())} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
