package dev.turbulence.schema;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration forms of the schema: ISO-8601 ({@code PT10S}) and {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}. */
public final class Durations {

    public static final String ALLOWED = "a duration such as PT10S, 500ms, 10s, 5m or 1h";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {}

    /** Returns the duration {@code text} denotes, or empty when it is not a duration. */
    public static Optional<Duration> parse(String text) {
        String trimmed = text.trim();
        if (trimmed.length() > 64) {
            return Optional.empty();
        }
        Matcher shortForm = SHORT.matcher(trimmed);
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return Optional.of(
                    switch (shortForm.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        default -> Duration.ofHours(amount);
                    });
        }
        try {
            return Optional.of(Duration.parse(trimmed));
        } catch (DateTimeParseException notIso) {
            return Optional.empty();
        }
    }
}
