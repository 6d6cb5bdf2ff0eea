"""Writing numbers the way the Governing Body documents print them."""

from decimal import Decimal


def format_number(value: Decimal | int | float) -> str:
    """37 -> "37", 37.50 -> "37.5", 0.25 -> "0.25"."""
    number = Decimal(str(value)).normalize()
    text = f"{number:f}"
    return text


def format_quantity(value: Decimal | int | float | None, unit: str) -> str:
    if value is None:
        return ""
    number = format_number(value)
    if unit == "percent":
        return f"{number} per cent"
    return number
