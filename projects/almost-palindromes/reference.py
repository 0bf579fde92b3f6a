import sys


def is_palindrome(word, left, right):
    """Checks whether word[left..right] reads the same in both directions."""
    while left < right:
        if word[left] != word[right]:
            return False
        left += 1
        right -= 1
    return True


def almost_palindrome(word):
    """Two pointers from both ends; at the first mismatch one of the two letters must go."""
    left, right = 0, len(word) - 1
    while left < right:
        if word[left] != word[right]:
            return is_palindrome(word, left + 1, right) or is_palindrome(word, left, right - 1)
        left += 1
        right -= 1
    return True


def main():
    data = sys.stdin.read().split()
    q = int(data[0])
    print("\n".join("YES" if almost_palindrome(w) else "NO" for w in data[1:1 + q]))


if __name__ == "__main__":
    main()
