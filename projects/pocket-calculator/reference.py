import sys


def tokenize(text):
    """Splits an expression into numbers (as ints) and one-character operator/bracket strings."""
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


class Parser:
    """Recursive descent: expression = term {(+|-) term}, term = factor {* factor},
    factor = number | ( expression ) | - factor."""

    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self):
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expression(self):
        value = self.term()
        while self.peek() in ("+", "-"):
            if self.take() == "+":
                value += self.term()
            else:
                value -= self.term()
        return value

    def term(self):
        value = self.factor()
        while self.peek() == "*":
            self.take()
            value *= self.factor()
        return value

    def factor(self):
        token = self.take()
        if token == "-":
            return -self.factor()
        if token == "(":
            value = self.expression()
            self.take()  # the closing bracket
            return value
        return token


def evaluate(text):
    """Returns the integer value of one expression."""
    return Parser(tokenize(text)).expression()


def main():
    lines = sys.stdin.read().split("\n")
    q = int(lines[0])
    print("\n".join(str(evaluate(lines[1 + i])) for i in range(q)))


if __name__ == "__main__":
    main()
