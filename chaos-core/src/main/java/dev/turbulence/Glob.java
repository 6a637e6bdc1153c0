package dev.turbulence;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A name pattern: {@code *} matches any characters within one {@code /}-separated segment, {@code **}
 * matches across segments, everything else matches itself. Immutable and thread-safe.
 */
public final class Glob {

    private static final Glob ANY = new Glob("**");

    private final String pattern;
    private final Pattern regex;

    private Glob(String pattern) {
        this.pattern = pattern;
        this.regex = Pattern.compile(toRegex(pattern));
    }

    /** Returns the glob for {@code pattern}. */
    public static Glob of(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return pattern.equals(ANY.pattern) ? ANY : new Glob(pattern);
    }

    /** Returns the glob that matches everything. */
    public static Glob any() {
        return ANY;
    }

    public boolean matches(String value) {
        return value != null && (this == ANY || regex.matcher(value).matches());
    }

    public String pattern() {
        return pattern;
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        int literalStart = 0;
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) != '*') {
                continue;
            }
            if (literalStart < i) {
                regex.append(Pattern.quote(glob.substring(literalStart, i)));
            }
            boolean doubleStar = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
            regex.append(doubleStar ? ".*" : "[^/]*");
            i += doubleStar ? 1 : 0;
            literalStart = i + 1;
        }
        if (literalStart < glob.length()) {
            regex.append(Pattern.quote(glob.substring(literalStart)));
        }
        return regex.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob glob && glob.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
