package dev.turbulence.resilience4j;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** How verdicts write numbers and durations. */
final class Text {

    private Text() {}

    /** {@code 250 ms} below a second, {@code 1.2 s} from a second on. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : decimal(millis / 1000.0) + " s";
    }

    /** A share as a percentage with at most one decimal, such as {@code 97.5%}. */
    static String percent(double share) {
        return decimal(share * 100) + "%";
    }

    /** At most one decimal, no trailing zero. */
    static String decimal(double value) {
        return BigDecimal.valueOf(value)
                .setScale(1, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    static String quoted(String name) {
        return "'" + name + "'";
    }

    /** The Levenshtein distance: how many inserted, deleted or replaced characters turn {@code a} into {@code b}. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
