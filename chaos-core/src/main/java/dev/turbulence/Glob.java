package dev.turbulence;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import dev.turbulence.schema.Problems;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A name pattern: {@code *} matches any characters within one {@code /}-separated segment, {@code **} (or more
 * stars) matches across segments, everything else matches itself. Patterns are at most {@link #MAX_LENGTH}
 * characters. Matching simulates the pattern as a set of positions advanced together, one step per character
 * of the value, so it takes time linear in the value's length whatever the pattern; it never backtracks.
 * Immutable and thread-safe.
 */
public final class Glob {

    /** The longest pattern accepted. */
    public static final int MAX_LENGTH = 256;

    private static final Glob ANY = new Glob("**");
    private static final int NONE = -1;

    private final String pattern;
    /** Whether the pattern has no star, so that it matches only itself. */
    private final boolean literal;
    /** Bit i+1 set when token i is a star of either kind. */
    private final long[] stars;
    /** Bit i+1 set when token i is {@code **}: it may consume a {@code /}. */
    private final long[] doubleStars;
    /** The distinct literal characters of the pattern, sorted, and for each the bits of the tokens it is. */
    private final char[] alphabet;

    private final long[][] literalBits;
    private final int accept;

    private Glob(String pattern) {
        this.pattern = pattern;
        this.literal = pattern.indexOf('*') < 0;
        StringBuilder tokens = new StringBuilder();
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '*') {
                tokens.append(c);
                kinds.append('l');
                continue;
            }
            int end = i;
            while (end + 1 < pattern.length() && pattern.charAt(end + 1) == '*') {
                end++;
            }
            tokens.append('*');
            kinds.append(end > i ? 'd' : 's');
            i = end;
        }
        int words = (tokens.length() + 1 + 63) / 64;
        this.stars = new long[words];
        this.doubleStars = new long[words];
        this.alphabet = tokens.chars()
                .filter(c -> c != '*')
                .distinct()
                .sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .toCharArray();
        this.literalBits = new long[alphabet.length][words];
        for (int i = 0; i < tokens.length(); i++) {
            if (kinds.charAt(i) == 'l') {
                set(literalBits[Arrays.binarySearch(alphabet, tokens.charAt(i))], i + 1);
            } else {
                set(stars, i + 1);
                if (kinds.charAt(i) == 'd') {
                    set(doubleStars, i + 1);
                }
            }
        }
        this.accept = tokens.length();
    }

    /**
     * Returns the glob for {@code pattern}.
     *
     * @throws InvalidDefinitionException when the pattern is longer than {@link #MAX_LENGTH}; its field is
     *     {@code pattern}
     */
    public static Glob of(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.length() > MAX_LENGTH) {
            throw new InvalidDefinitionException(
                    "glob",
                    List.of(new Problem(
                            "pattern",
                            Problems.abbreviate(pattern),
                            "must be at most " + MAX_LENGTH + " characters long, but has " + pattern.length())));
        }
        return pattern.equals(ANY.pattern) ? ANY : new Glob(pattern);
    }

    /** Returns the glob that matches everything. */
    public static Glob any() {
        return ANY;
    }

    /** Whether {@code value} matches; {@code null} matches nothing. Linear in the length of {@code value}. */
    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        if (this == ANY) {
            return true;
        }
        return literal ? pattern.equals(value) : simulate(value, null);
    }

    /** {@link #matches}, counting one step per character per 64 pattern positions into {@code steps[0]}: for tests. */
    boolean matches(String value, long[] steps) {
        return simulate(value, steps);
    }

    private boolean simulate(String value, long[] steps) {
        int words = stars.length;
        long[] active = new long[words];
        long[] next = new long[words];
        set(active, 0);
        closeOverStars(active);
        for (int at = 0; at < value.length(); at++) {
            char c = value.charAt(at);
            int symbol = Arrays.binarySearch(alphabet, c);
            long[] bits = symbol >= 0 ? literalBits[symbol] : null;
            long carry = 0;
            long any = 0;
            for (int w = 0; w < words; w++) {
                long shifted = (active[w] << 1) | carry;
                carry = active[w] >>> 63;
                long advanced = bits == null ? 0 : shifted & bits[w];
                long stay = active[w] & (c == '/' ? doubleStars[w] : stars[w]);
                next[w] = advanced | stay;
                any |= next[w];
            }
            if (steps != null) {
                steps[0] += words;
            }
            if (any == 0) {
                return false;
            }
            closeOverStars(next);
            long[] swap = active;
            active = next;
            next = swap;
        }
        return (active[accept >>> 6] & (1L << (accept & 63))) != 0;
    }

    /** A position before a star also stands after it, as the star may match nothing; stars are never adjacent. */
    private void closeOverStars(long[] active) {
        long carry = 0;
        for (int w = 0; w < active.length; w++) {
            long shifted = (active[w] << 1) | carry;
            carry = active[w] >>> 63;
            active[w] |= shifted & stars[w];
        }
    }

    private static void set(long[] bits, int index) {
        bits[index >>> 6] |= 1L << (index & 63);
    }

    public String pattern() {
        return pattern;
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
