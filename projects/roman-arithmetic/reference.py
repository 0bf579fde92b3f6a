import sys

VALUES = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]
LETTERS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def from_roman(text):
    """A letter followed by a larger letter is subtracted, every other letter is added."""
    total = 0
    for i, letter in enumerate(text):
        value = LETTERS[letter]
        if i + 1 < len(text) and LETTERS[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def to_roman(number):
    """Greedy over the values, subtractive pairs included, gives the standard spelling."""
    parts = []
    for value, letters in VALUES:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def main():
    lines = sys.stdin.read().split("\n")
    q = int(lines[0])
    out = []
    for i in range(q):
        left, op, right = lines[1 + i].split()
        a, b = from_roman(left), from_roman(right)
        out.append(to_roman(a + b if op == "+" else a - b))
    print("\n".join(out))


if __name__ == "__main__":
    main()
