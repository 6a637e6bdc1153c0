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
}
