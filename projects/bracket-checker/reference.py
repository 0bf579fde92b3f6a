import sys

PAIRS = {")": "(", "]": "[", "}": "{"}


def is_balanced(line):
    """Returns True if the brackets in line are balanced."""
    stack = []
    for ch in line:
        if ch in "([{":
            stack.append(ch)
        elif ch in PAIRS:
            if not stack or stack[-1] != PAIRS[ch]:
                return False
            stack.pop()
    return len(stack) == 0


def main():
    lines = sys.stdin.read().split("\n")
    t = int(lines[0])
    for i in range(t):
        if is_balanced(lines[1 + i]):
            print("YES")
        else:
            print("NO")


if __name__ == "__main__":
    main()
