package dev.salvo.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The lenient date algorithm of RFC 6265 section 5.1.1, the one browsers use for a cookie's
 * Expires attribute: the text is cut into tokens at delimiters and the first token that looks
 * like a time, a day of the month, a month and a year is taken for each. It accepts every date
 * format seen on the web (RFC 1123, RFC 850, asctime, and many broken variants) in one pass over
 * the text, without exceptions, so a response full of odd dates costs no more than one of good
 * ones.
 */
final class CookieDate {
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};

    private CookieDate() {
    }

    /** The instant {@code text} names, or null when it is not a date by RFC 6265's rules. */
    static Instant parse(String text) {
        int hour = -1;
        int minute = -1;
        int second = -1;
        int day = -1;
        int month = -1;
        int year = -1;
        int n = text.length();
        int i = 0;
        while (i < n && (hour < 0 || day < 0 || month < 0 || year < 0)) {
            while (i < n && isDelimiter(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isDelimiter(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                continue;
            }
            if (hour < 0) {
                int[] hms = time(text, start, i);
                if (hms != null) {
                    hour = hms[0];
                    minute = hms[1];
                    second = hms[2];
                    continue;
                }
            }
            if (day < 0) {
                int d = leadingNumber(text, start, i, 1, 2);
                if (d >= 0) {
                    day = d;
                    continue;
                }
            }
            if (month < 0) {
                int m = month(text, start, i);
                if (m >= 0) {
                    month = m;
                    continue;
                }
            }
            if (year < 0) {
                int y = leadingNumber(text, start, i, 2, 4);
                if (y >= 0) {
                    year = y;
                }
            }
        }
        if (year >= 70 && year <= 99) {
            year += 1900;
        } else if (year >= 0 && year <= 69) {
            year += 2000;
        }
        if (hour < 0 || day < 1 || month < 0 || year < 1601 || hour > 23 || minute > 59 || second > 59
                || day > YearMonth.of(year, month + 1).lengthOfMonth()) {
            return null;
        }
        return LocalDateTime.of(year, month + 1, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    }

    // delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
    private static boolean isDelimiter(char c) {
        return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40) || (c >= 0x5b && c <= 0x60)
                || (c >= 0x7b && c <= 0x7e);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** hms-time = time-field ":" time-field ":" time-field, each 1*2DIGIT, then a non-digit or the end. */
    private static int[] time(String s, int from, int to) {
        int[] hms = new int[3];
        int i = from;
        for (int field = 0; field < 3; field++) {
            int start = i;
            int v = 0;
            while (i < to && i - start < 2 && isDigit(s.charAt(i))) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return null;
            }
            hms[field] = v;
            if (field < 2) {
                if (i >= to || s.charAt(i) != ':') {
                    return null;
                }
                i++;
            }
        }
        return i < to && isDigit(s.charAt(i)) ? null : hms;
    }

    /** {@code min..max} digits at the start of the token, then a non-digit or the end; -1 otherwise. */
    private static int leadingNumber(String s, int from, int to, int min, int max) {
        int i = from;
        int v = 0;
        while (i < to && isDigit(s.charAt(i))) {
            if (i - from == max) {
                return -1;
            }
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i - from < min ? -1 : v;
    }

    /** A month is a token whose first three letters name one, in any case. */
    private static int month(String s, int from, int to) {
        if (to - from < 3) {
            return -1;
        }
        for (int m = 0; m < MONTHS.length; m++) {
            if (s.regionMatches(true, from, MONTHS[m], 0, 3)) {
                return m;
            }
        }
        return -1;
    }
}
