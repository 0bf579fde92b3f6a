import sys


def read_words():
    """Reads Q and then Q words. Returns them as a list of strings."""
    q = int(sys.stdin.readline().strip())
    return [sys.stdin.readline().strip() for _ in range(q)]


def is_palindrome(word):
    """Checks whether word reads the same in both directions."""
    return word == word[::-1]


def almost_palindrome(word):
    """Returns True if word is a palindrome or becomes one after deleting one letter."""


def main():
    words = read_words()
