import sys


def count_pairs(prices, budget):
    """Counts pairs i < j with prices[i] + prices[j] <= budget (two pointers)."""
    prices = sorted(prices)
    left = 0
    right = len(prices) - 1
    count = 0
    while left < right:
        if prices[left] + prices[right] <= budget:
            count += right - left
            left += 1
        else:
            right -= 1
    return count


def main():
    data = sys.stdin.read().split()
    n = int(data[0])
    budget = int(data[1])
    prices = [int(x) for x in data[2:2 + n]]
    print(count_pairs(prices, budget))


if __name__ == "__main__":
    main()
