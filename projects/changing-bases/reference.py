import sys

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def parse(text, base):
    """Reads a number with an optional minus sign written in the given base."""
    negative = text.startswith("-")
    value = 0
    for ch in text.lstrip("-"):
        value = value * base + DIGITS.index(ch)
    return -value if negative else value


def format_number(value, base):
    """Writes value in the given base by repeated division, most significant digit first."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    value = abs(value)
    digits = []
    while value:
        value, digit = divmod(value, base)
        digits.append(DIGITS[digit])
    return sign + "".join(reversed(digits))


def main():
    data = sys.stdin.read().split()
    q = int(data[0])
    out = []
    for i in range(q):
        b1, b2, x = int(data[1 + 3 * i]), int(data[2 + 3 * i]), data[3 + 3 * i]
        out.append(format_number(parse(x, b1), b2))
    print("\n".join(out))


if __name__ == "__main__":
    main()
