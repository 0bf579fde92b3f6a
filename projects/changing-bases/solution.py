import sys

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def read_questions():
    """Reads Q and then Q questions. Returns a list of (b1, b2, x) with x kept as a string."""
    q = int(sys.stdin.readline().strip())
    questions = []
    for _ in range(q):
        b1, b2, x = sys.stdin.readline().split()
        questions.append((int(b1), int(b2), x))
    return questions


def parse(text, base):
    """Reads a number with an optional minus sign written in the given base."""
    negative = text.startswith("-")
    value = 0
    for ch in text.lstrip("-"):
        value = value * base + DIGITS.index(ch)
    return -value if negative else value


def format_number(value, base):
    """Returns value written in the given base, without leading zeros."""


def main():
    questions = read_questions()
