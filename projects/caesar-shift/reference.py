import sys


def shift_char(ch, k):
    """Shifts one letter by k positions, keeping its case; other characters are unchanged."""
    if "a" <= ch <= "z":
        return chr((ord(ch) - ord("a") + k) % 26 + ord("a"))
    if "A" <= ch <= "Z":
        return chr((ord(ch) - ord("A") + k) % 26 + ord("A"))
    return ch


def main():
    lines = sys.stdin.read().split("\n")
    k, count = map(int, lines[0].split())
    for i in range(count):
        encrypted = "".join(shift_char(ch, k) for ch in lines[1 + i])
        print(encrypted)


if __name__ == "__main__":
    main()
