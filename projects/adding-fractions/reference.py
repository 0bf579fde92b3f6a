import sys
from math import gcd


def normalize(num, den):
    """Reduces num/den to lowest terms with a positive denominator."""
    if den < 0:
        num, den = -num, -den
    g = gcd(num, den)
    return num // g, den // g


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    total_num, total_den = 0, 1
    for i in range(n):
        a, b = data[1 + i].split("/")
        a, b = normalize(int(a), int(b))
        total_num = total_num * b + a * total_den
        total_den = total_den * b
        total_num, total_den = normalize(total_num, total_den)
    print(f"{total_num}/{total_den}")


if __name__ == "__main__":
    main()
