import sys


def read_expressions():
    """Reads Q and then Q expressions. Returns them as a list of strings."""
    q = int(sys.stdin.readline().strip())
    return [sys.stdin.readline().rstrip("\n") for _ in range(q)]


def tokenize(text):
    """Splits an expression into numbers (as ints) and one-character operator/bracket strings,
    skipping spaces. '12*(3 - 4)' gives [12, '*', '(', 3, '-', 4, ')']."""
    tokens = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isdigit():
            j = i
            while j < len(text) and text[j].isdigit():
                j += 1
            tokens.append(int(text[i:j]))
            i = j
        else:
            if not ch.isspace():
                tokens.append(ch)
            i += 1
    return tokens


def evaluate(tokens):
    """Returns the value of the expression given by its tokens."""


def main():
    expressions = read_expressions()
