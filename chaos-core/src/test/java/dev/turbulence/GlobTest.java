package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.turbulence.schema.InvalidDefinitionException;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GlobTest {

    private static final String ALPHABET = "abcxyz019.-_:?+()[]{}$^";

    static LongStream seeds() {
        return LongStream.range(0, 40).map(i -> 7919 * i + 17);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aPatternWithoutStarsMatchesOnlyItself(long seed) {
        Random random = new Random(seed);
        String value = path(random);

        assertThat(Glob.of(value).matches(value)).isTrue();
        assertThat(Glob.of(value).matches(value + "x")).isFalse();
        assertThat(Glob.of(value).matches(value.substring(1))).isFalse();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aSingleStarMatchesWithinOneSegmentOnly(long seed) {
        Random random = new Random(seed);
        String prefix = segment(random);
        String rest = segment(random);

        Glob glob = Glob.of(prefix + "*");

        assertThat(glob.matches(prefix)).isTrue();
        assertThat(glob.matches(prefix + rest)).isTrue();
        assertThat(glob.matches(prefix + rest + "/" + segment(random))).isFalse();
        assertThat(glob.matches(segment(random) + "z" + prefix)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aDoubleStarMatchesAcrossSegments(long seed) {
        Random random = new Random(seed);
        String head = "/" + segment(random);
        String tail = segment(random);
        String middle = IntStream.range(0, random.nextInt(4))
                .mapToObj(i -> "/" + segment(random))
                .reduce("", String::concat);

        Glob glob = Glob.of(head + "/**/" + tail);

        assertThat(glob.matches(head + middle + "/x/" + tail)).isTrue();
        assertThat(glob.matches(head + "/" + tail)).isFalse();
        assertThat(Glob.of("**").matches(head + middle + tail)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void regexCharactersAreLiterals(long seed) {
        Random random = new Random(seed);
        String value = path(random);
        String altered = value.replace('.', 'Q').replace('?', 'Q').replace('+', 'Q');

        assertThat(Glob.of(value).matches(altered)).isEqualTo(altered.equals(value));
    }

    @ParameterizedTest
    @CsvSource({
        "*.internal, stock.internal, true",
        "*.internal, stock.external, false",
        "/api/stock/**, /api/stock/42/items, true",
        "/api/stock/*, /api/stock/42/items, false",
        "inventory*, inventory-client, true",
        "find*, findById, true",
        "find*, save, false"
    })
    void matchesTheDocumentedExamples(String pattern, String value, boolean matches) {
        assertThat(Glob.of(pattern).matches(value)).isEqualTo(matches);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithAStraightforwardReferenceMatcherOnRandomGlobsAndNames(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            String pattern = random(random, "ab/*", random.nextInt(12));
            String value = random(random, "ab/", random.nextInt(12));

            assertThat(Glob.of(pattern).matches(value))
                    .as("'%s' against '%s'", pattern, value)
                    .isEqualTo(reference(pattern, 0, value, 0));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void takesOneStepPerCharacterPer64PatternPositionsWhateverThePattern(long seed) {
        Random random = new Random(seed);
        String pattern = random(random, "a*/c", 1 + random.nextInt(Glob.MAX_LENGTH));
        String value = random(random, "a/c", random.nextInt(2000));
        long words = (positions(pattern) + 1 + 63) / 64;

        long[] steps = {0};
        Glob.of(pattern).matches(value, steps);

        assertThat(steps[0]).isLessThanOrEqualTo(value.length() * words);
    }

    @org.junit.jupiter.api.Test
    void matchesThePathologicalGlobInOneStepPerCharacter() {
        Glob glob = Glob.of("**a**a**a**a**a**a**a**a**c");
        String name = "a".repeat(32);

        long[] steps = {0};
        assertThat(glob.matches(name, steps)).isFalse();
        assertThat(steps[0]).isEqualTo(32);
        assertThat(glob.matches(name + "c")).isTrue();

        String longest = "**a".repeat(Glob.MAX_LENGTH / 3);
        long[] more = {0};
        assertThat(Glob.of(longest).matches("a".repeat(100_000), more)).isTrue();
        assertThat(more[0]).as("100,000 characters, 3 words of 171 positions").isEqualTo(300_000);
    }

    @org.junit.jupiter.api.Test
    void rejectsAPatternLongerThanTheMaximumNamingItsLength() {
        String huge = "*x".repeat(500_000);

        assertThatThrownBy(() -> Glob.of(huge))
                .asInstanceOf(type(InvalidDefinitionException.class))
                .satisfies(invalid -> assertThat(invalid.problems())
                        .singleElement()
                        .satisfies(problem -> {
                            assertThat(problem.field()).isEqualTo("pattern");
                            assertThat(problem.message())
                                    .isEqualTo("must be at most 256 characters long, but has 1000000");
                            assertThat(problem.value().toString()).hasSizeLessThan(100);
                        }));
        assertThat(Glob.of("x".repeat(Glob.MAX_LENGTH)).matches("x".repeat(Glob.MAX_LENGTH)))
                .isTrue();
    }

    /** Pattern positions after runs of stars collapse into one. */
    private static int positions(String pattern) {
        return pattern.replaceAll("\\*+", "*").length();
    }

    private static String random(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** The glob's meaning, spelled out: a star run of one stays within a segment, a longer one crosses them. */
    private static boolean reference(String pattern, int p, String value, int v) {
        if (p == pattern.length()) {
            return v == value.length();
        }
        if (pattern.charAt(p) != '*') {
            return v < value.length()
                    && value.charAt(v) == pattern.charAt(p)
                    && reference(pattern, p + 1, value, v + 1);
        }
        int end = p;
        while (end < pattern.length() && pattern.charAt(end) == '*') {
            end++;
        }
        boolean crossesSegments = end - p > 1;
        for (int to = v; to <= value.length(); to++) {
            if (reference(pattern, end, value, to)) {
                return true;
            }
            if (to < value.length() && value.charAt(to) == '/' && !crossesSegments) {
                return false;
            }
        }
        return false;
    }

    private static String path(Random random) {
        return "/" + segment(random) + "/" + segment(random);
    }

    private static String segment(Random random) {
        StringBuilder segment = new StringBuilder();
        int length = 1 + random.nextInt(8);
        for (int i = 0; i < length; i++) {
            segment.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return segment.toString();
    }
}
