package dev.turbulence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turbulence.InvalidAssaultException;
import dev.turbulence.Problem;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documents the schemas read, with no Jackson: JSON and YAML typed as YAML 1.2's core schema types them, keys
 * given twice reported, and nothing a hostile document holds (aliases, tags, nesting) gets past a clear problem.
 */
class TreesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "v: yes         | yes",
                "v: no          | no",
                "v: on          | on",
                "v: '12'        | 12",
                "v: !!str 12    | 12",
                "v: 1s          | 1s",
                "v: 0.1.2       | 0.1.2",
                "v: '~'         | ~",
            })
    void readsAsAStringWhatYaml12ReadsAsOne(String document, String expected) {
        assertThat(value(document)).isEqualTo(expected);
    }

    @Test
    void typesPlainScalarsAsYaml12sCoreSchemaDoes() {
        Map<?, ?> tree = (Map<?, ?>) Trees.read(
                "{t: true, f: FALSE, n: null, tilde: ~, empty: , int: -12, hex: 0x1F, octal: 0o17, float: 1.5e3,"
                        + " long: 12345678901, big: 123456789012345678901234567890}",
                "YAML");

        assertThat(tree.get("t")).isEqualTo(true);
        assertThat(tree.get("f")).isEqualTo(false);
        assertThat(tree.get("n")).isNull();
        assertThat(tree.get("tilde")).isNull();
        assertThat(tree.get("empty")).isNull();
        assertThat(tree.get("int")).isEqualTo(-12);
        assertThat(tree.get("hex")).isEqualTo(31);
        assertThat(tree.get("octal")).isEqualTo(15);
        assertThat(tree.get("float")).isEqualTo(1500.0);
        assertThat(tree.get("long")).isEqualTo(12345678901L);
        assertThat(tree.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(Trees.isDocument(tree)).isTrue();
    }

    @Test
    void readsJsonAsJsonTypesIt() {
        Object tree = Trees.read("{\"a\":1,\"b\":[true,null,\"x\\u00e9\\n\"],\"c\":-0.5,\"d\":{}}", "JSON");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", 1);
        expected.put("b", Arrays.asList(true, null, "xé\n"));
        expected.put("c", -0.5);
        expected.put("d", Map.of());
        assertThat(tree).isEqualTo(expected);
    }

    @Test
    void reportsEveryKeyGivenTwiceWithItsPath() {
        assertThat(problems("a: 1\nb: {c: 1, c: 2}\na: 3\n"))
                .containsExactly(
                        "b.c is given twice; give each key once, but was 2",
                        "a is given twice; give each key once, but was 3");
    }

    @Test
    void refusesMoreThanOneDocumentAndMalformedOnesNamingWhere() {
        assertThat(problems("a: 1\n---\nb: 2\n")).containsExactly("(document) must hold one YAML value, but was null");
        assertThatThrownBy(() -> Trees.read("{\"a\": [1, 2}", "JSON"))
                .isInstanceOf(InvalidAssaultException.class)
                .hasMessageStartingWith("Invalid JSON: (document) must be valid JSON: ")
                .hasMessageContaining("at line 1, column");
    }

    @Test
    void constructsNothingATagNames() {
        for (String global : List.of("v: !!javax.script.ScriptEngineManager boom\n", "!!java.util.ArrayList [1]")) {
            assertThat(problems(global)).singleElement().asString().startsWith("(document) must be valid YAML: ");
        }
        assertThat(problems("v: !local boom\n"))
                .containsExactly(
                        "v must be a string, a number, true, false or null; the tag !local is not read, but was 'boom'");
    }

    @Test
    void aBillionLaughsIsRefusedBeforeItExpands() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char level = 'b'; level <= 'j'; level++) {
            char previous = (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [");
            bomb.append(String.join(", ", java.util.Collections.nCopies(10, "*" + previous)));
            bomb.append("]\n");
        }
        assertThatThrownBy(() -> Trees.read(bomb.toString(), "YAML"))
                .isInstanceOf(InvalidAssaultException.class)
                .hasMessageStartingWith("Invalid YAML: (document) must be valid YAML: ");
    }

    @Test
    void nestingIsBoundedAndARecursiveAliasEndsInAProblem() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        assertThatThrownBy(() -> Trees.read(deep, "JSON"))
                .isInstanceOf(InvalidAssaultException.class)
                .hasMessageStartingWith("Invalid JSON: (document) must be valid JSON: ");
        assertThatThrownBy(() -> Trees.read("a: &a [*a]\n", "YAML")).isInstanceOf(InvalidAssaultException.class);
    }

    /** Any string written by {@link Json} reads back as itself: quotes, backslashes, control characters, emoji. */
    @ParameterizedTest
    @MethodSource("seeds")
    void whatJsonWritesReadsBackUnchanged(long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        String alphabet = "\"\\/\b\f\n\r\t\u0000\u001f\u2028\u00e9 {}[]:,#&*!|>'%@`-? ~";
        for (int i = random.nextInt(40); i > 0; i--) {
            text.append(
                    random.nextInt(4) == 0
                            ? Character.toString(0x1F600 + random.nextInt(50))
                            : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put(text.toString(), List.of(text.toString(), random.nextLong(), random.nextDouble(), true));
        value.put("nothing", null);

        assertThat(Trees.read(Json.write(value), "JSON")).isEqualTo(value);
        assertThat(Trees.read(Json.writeIndented(value), "JSON")).isEqualTo(value);
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    private static Object value(String document) {
        return ((Map<?, ?>) Trees.read(document, "YAML")).get("v");
    }

    private static List<String> problems(String document) {
        try {
            Trees.read(document, "YAML");
        } catch (InvalidAssaultException invalid) {
            List<String> found = new ArrayList<>();
            invalid.problems().stream().map(Problem::toString).forEach(found::add);
            return found;
        }
        throw new AssertionError("expected the document to be refused");
    }
}
