"""A tile map of the 34 provinces: each province one square, placed roughly where it lies
(north at the top, the coast on the right). No boundary data ships with the project, and
a tile map keeps every province, large or small, equally visible."""

# province code -> (column, row)
TILES = {
    "12": (1, 0), "15": (2, 0), "08": (3, 0), "04": (4, 0),
    "11": (0, 1), "14": (1, 1), "25": (2, 1), "19": (3, 1), "20": (4, 1),
    "01": (2, 2), "24": (3, 2), "22": (4, 2),
    "37": (2, 3), "33": (3, 3), "31": (4, 3),
    "38": (2, 4),
    "40": (2, 5),
    "42": (3, 6),
    "44": (3, 7),
    "46": (3, 8), "48": (4, 8),
    "51": (4, 9),
    "52": (4, 10),
    "66": (4, 11),
    "68": (3, 12), "56": (4, 12),
    "80": (1, 13), "79": (2, 13), "75": (3, 13),
    "91": (0, 14), "82": (1, 14), "86": (2, 14),
    "96": (0, 15), "92": (1, 15),
}  # fmt: skip


def tiles(provinces, values: dict[str, int]) -> list[dict]:
    """One tile per province: position, name, value and a colour step 0–4."""
    top = max(values.values(), default=0)
    out = []
    for province in provinces:
        column, row = TILES.get(province.code, (5, 0))
        value = values.get(province.code, 0)
        step = 0 if not value else min(4, 1 + (3 * value) // max(top, 1))
        out.append(
            {
                "code": province.code,
                "name": province.name,
                "x": column,
                "y": row,
                "value": value,
                "step": step,
            }
        )
    return out


SHADES = 5
_PREFIXES = ("Thành phố ", "Tỉnh ")


def _short(name: str) -> str:
    """A province's name without "Tỉnh"/"Thành phố", to fit on a tile."""
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def shaded(provinces, values: dict[str, float | None], *, better: str = "higher") -> dict:
    """A choropleth: one tile per province, shaded in five equal steps between the lowest
    and the highest value shown, step 5 always the better end (`better` "higher" or
    "lower"); step 0 where a province has no value. Returns the tiles and the legend: one
    entry per step with the range of values it covers, worst first."""
    shown = [v for v in values.values() if v is not None]
    low, high = (min(shown), max(shown)) if shown else (0.0, 0.0)
    width = (high - low) / SHADES

    def step_of(value: float) -> int:
        if high == low:
            return 3
        rank = min(SHADES, 1 + int((value - low) / width))
        return rank if better != "lower" else SHADES + 1 - rank

    out = []
    for province in provinces:
        column, row = TILES.get(province.code, (5, 0))
        value = values.get(province.code)
        out.append(
            {
                "code": province.code,
                "name": _short(province.name),
                "x": column,
                "y": row,
                "value": value,
                "step": 0 if value is None else step_of(value),
            }
        )
    legend = []
    if shown and high == low:
        legend.append({"step": 3, "low": low, "high": high})
    elif shown:
        for i in range(SHADES):
            legend.append({"step": i + 1, "low": low + i * width, "high": low + (i + 1) * width})
        if better == "lower":
            legend = [
                {"step": SHADES - entry["step"] + 1, "low": entry["low"], "high": entry["high"]}
                for entry in reversed(legend)
            ]
    return {"tiles": out, "legend": legend, "better": better}
