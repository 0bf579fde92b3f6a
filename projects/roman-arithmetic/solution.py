import sys

LETTERS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def read_questions():
    """Reads Q and then Q questions. Returns a list of (left, operator, right) string tuples."""
    q = int(sys.stdin.readline().strip())
    questions = []
    for _ in range(q):
        left, op, right = sys.stdin.readline().split()
        questions.append((left, op, right))
    return questions


def from_roman(text):
    """Returns the value of a Roman numeral in standard spelling."""
    return sum(LETTERS[letter] for letter in text)


def to_roman(number):
    """Returns the standard Roman spelling of a number from 1 to 3999."""


def main():
    questions = read_questions()
