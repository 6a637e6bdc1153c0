package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;

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
