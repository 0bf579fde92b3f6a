import sys

DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def day_number(text):
    """Number of days from 0001-01-01 to the given date 'YYYY-MM-DD'."""
    year, month, day = (int(part) for part in text.split("-"))
    y = year - 1
    days = y * 365 + y // 4 - y // 100 + y // 400
    for m in range(1, month):
        days += DAYS_IN_MONTH[m - 1]
        if m == 2 and is_leap(year):
            days += 1
    return days + day - 1


def main():
    lines = sys.stdin.read().split("\n")
    q = int(lines[0])
    for i in range(q):
        first, second = lines[1 + i].split()
        print(abs(day_number(first) - day_number(second)))


if __name__ == "__main__":
    main()
