import sys


def evaluate(tokens):
    """Evaluates a postfix expression; returns its value, or None if it is not valid."""
    stack = []
    for token in tokens:
        if token in ("+", "-", "*"):
            if len(stack) < 2:
                return None
            b = stack.pop()
            a = stack.pop()
            if token == "+":
                stack.append(a + b)
            elif token == "-":
                stack.append(a - b)
            else:
                stack.append(a * b)
        else:
            stack.append(int(token))
    if len(stack) != 1:
        return None
    return stack[0]


def main():
    lines = sys.stdin.read().split("\n")
    t = int(lines[0])
    for i in range(t):
        value = evaluate(lines[1 + i].split())
        if value is None:
            print("ERROR")
        else:
            print(value)


if __name__ == "__main__":
    main()
