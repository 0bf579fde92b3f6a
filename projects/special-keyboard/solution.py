import sys
from typing import List


def read_count() -> int:
    """Reads the number of typed characters."""
    return int(sys.stdin.readline().strip())


def read_characters(count: int) -> List[str]:
    """Reads one typed character per line (a space is a line holding one space)."""
    chars = []
    for _ in range(count):
        line = sys.stdin.readline().rstrip("\n")
        chars.append(line[:1] if line else " ")
    return chars


def main():
    
