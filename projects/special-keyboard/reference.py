import sys


def main():
    lines = sys.stdin.read().split("\n")
    count = int(lines[0])
    chars = [(lines[1 + i][:1] if lines[1 + i] else " ") for i in range(count)]
    caps = doubling = digits_only = False
    seen_dot = False
    out = []
    for ch in chars:
        if ch == "^":
            caps = not caps
            continue
        if ch == "~":
            doubling = not doubling
            continue
        if ch == "#":
            digits_only = not digits_only
            seen_dot = False
            continue
        if digits_only:
            if ch.isdigit():
                out.append(ch)
            elif ch == "." and not seen_dot:
                seen_dot = True
                out.append(ch)
            continue
        text = ch.upper() if caps else ch
        if doubling and ch.isalpha() and ch.lower() not in "aeiou":
            text = text * 2
        out.append(text)
    print("".join(out))


if __name__ == "__main__":
    main()
