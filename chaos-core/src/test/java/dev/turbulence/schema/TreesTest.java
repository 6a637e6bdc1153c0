package dev.turbulence.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        Object tree = Trees.readJson("{\"a\":1,\"b\":[true,null,\"x\\u00e9\\n\"],\"c\":-0.5,\"d\":{}}", "JSON");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", 1);
        expected.put("b", Arrays.asList(true, null, "xé\n"));
        expected.put("c", -0.5);
        expected.put("d", Map.of());
        assertThat(tree).isEqualTo(expected);
    }

    @Test
    void readsWhatJsonWritersWriteThatYamlParsersRefuse() {
        assertThat(Trees.readJson("{\n\t\"path\": \"a\\/b\",\n\t\"emoji\": \"\\ud83d\\ude00\"\n}", "JSON"))
                .isEqualTo(Map.of("path", "a/b", "emoji", "\ud83d\ude00"));
        assertThat(Trees.read("{\n\t\"path\": \"a\\/b\"\n}", "YAML")).isEqualTo(Map.of("path", "a/b"));
        assertThat(Trees.read("{\"" + "k".repeat(2_000) + "\": 1}", "YAML")).isEqualTo(Map.of("k".repeat(2_000), 1));
    }

    @Test
    void readsYamlFlowStyleThatLooksLikeJsonAsYaml() {
        assertThat(Trees.read("{name: a, rate: 0.5, tags: [x, 'y']}", "YAML"))
                .isEqualTo(Map.of("name", "a", "rate", 0.5, "tags", List.of("x", "y")));
    }

    @Test
    void refusesWhatIsNotJsonWhereJsonIsAsked() {
        for (String notJson : List.of(
                "{a: 1}",
                "{\"a\": 01}",
                "{\"a\": 1,}",
                "[1] [2]",
                "{\"a\": \"\\x\"}",
                "'a'",
                "{\"a\": \"\\u+041\"}",
                "{\"a\": \"\\u-041\"}")) {
            assertThatThrownBy(() -> Trees.readJson(notJson, "JSON"))
                    .as(notJson)
                    .isInstanceOf(InvalidDefinitionException.class)
                    .hasMessageStartingWith("Invalid JSON: (document) must be valid JSON: ")
                    .hasMessageContaining(" at line 1, column ");
        }
        assertThat(problemsOf(() -> Trees.readJson("{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}", "JSON")))
                .containsExactly("b.c is given twice; give each key once, but was 2");
    }

    @Test
    void aHostileDocumentsRefusalStaysSmall() {
        String key = "k".repeat(30_000);
        String twice = String.join(",", java.util.Collections.nCopies(5_000, "\"a\":{\"b\":0}"));
        List<String> json = problemsOf(() -> Trees.readJson("{\"" + key + "\":{" + twice + "}}", "JSON"));
        assertThat(json)
                .hasSize(100)
                .allSatisfy(problem -> assertThat(problem)
                        .hasSizeLessThan(200)
                        .startsWith("kkkk")
                        .contains("… (30000 characters).a is given twice; give each key once, but was '(an object)'"));

        String yaml = "a: &a {" + String.join(", ", java.util.Collections.nCopies(4_900, "k: 0")) + "}\n? " + key
                + "\n: [" + String.join(", ", java.util.Collections.nCopies(19, "*a")) + "]\n";
        assertThat(problems(yaml))
                .hasSize(100)
                .allSatisfy(problem -> assertThat(problem).hasSizeLessThan(200));
    }

    @Test
    void aNumberLongerThanAThousandCharactersIsNeverComputed() {
        String digits = "1".repeat(1_000_000);
        assertThatThrownBy(() -> Trees.readJson("[" + digits + "]", "JSON"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("a number must be at most 1000 characters long");
        assertThat(value("v: " + digits)).isEqualTo(digits);
        assertThat(value("v: " + "1".repeat(1_000))).isInstanceOf(BigInteger.class);
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
        assertThatThrownBy(() -> Trees.read("a: [1, 2\n", "YAML"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid YAML: (document) must be valid YAML: ")
                .hasMessageContaining("at line ");
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
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid YAML: (document) must be valid YAML: ");
    }

    @Test
    void nestingIsBounded() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        assertThatThrownBy(() -> Trees.readJson(deep, "JSON"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("objects and lists must nest at most 64 levels deep");
        assertThatThrownBy(() -> Trees.read(deep, "YAML"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid YAML: (document) must be valid YAML: ");
    }

    @Test
    void anAliasInsideItsOwnAnchorIsRefusedAtOnce() {
        for (String document : List.of("a: &a [*a]\n", "a: &a [*a, *a]\n", "a: &a {b: *a, c: [*a, *a]}\n")) {
            assertThat(problems(document))
                    .as(document)
                    .singleElement()
                    .asString()
                    .endsWith("must not hold an alias to an object or list that holds it, but was null");
        }
    }

    @Test
    void aliasesThatRepeatTooMuchAreRefusedBeforeTheyExpand() {
        StringBuilder document = new StringBuilder("a: &a [")
                .append(String.join(", ", java.util.Collections.nCopies(2_000, "x")))
                .append("]\n");
        for (char level = 'b'; level <= 'f'; level++) {
            char previous = (char) (level - 1);
            document.append(level).append(": &").append(level);
            document.append(" [*")
                    .append(previous)
                    .append(", *")
                    .append(previous)
                    .append(", *")
                    .append(previous);
            document.append("]\n");
        }
        assertThat(problems(document.toString()))
                .singleElement()
                .asString()
                .endsWith("must expand to at most 100000 values; its aliases repeat too much, but was null");
        assertThat(Trees.read("a: &a {x: 1}\nb: *a\nc: [*a, *a]\n", "YAML"))
                .isEqualTo(
                        Map.of("a", Map.of("x", 1), "b", Map.of("x", 1), "c", List.of(Map.of("x", 1), Map.of("x", 1))));
    }

    @Test
    void aParseErrorTheParserLetsOutUnwrappedIsAnInvalidDocument() {
        assertThatThrownBy(() -> Trees.read("v: \"\\U80000000\"\n", "YAML"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid YAML: (document) must be valid YAML: ");
    }

    /** Any string written by {@link Json} reads back as itself: quotes, backslashes, control characters, emoji. */
    @ParameterizedTest
    @MethodSource("seeds")
    void whatJsonWritesReadsBackUnchanged(long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        String alphabet = "\"\\/\b\f\n\r\t\u0000\u001f\u007f\u0085\u009f\u2028\u00e9\ufffe\uffff {}[]:,#&*!|>'%@`-? ~";
        for (int i = random.nextInt(40); i > 0; i--) {
            text.append(
                    random.nextInt(4) == 0
                            ? Character.toString(0x1F600 + random.nextInt(50))
                            : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put(text.toString(), List.of(text.toString(), random.nextLong(), random.nextDouble(), true));
        value.put("nothing", null);

        assertThat(Trees.readJson(Json.write(value), "JSON")).isEqualTo(value);
        assertThat(Trees.read(Json.writeIndented(value), "YAML")).isEqualTo(value);
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    private static Object value(String document) {
        return ((Map<?, ?>) Trees.read(document, "YAML")).get("v");
    }

    private static List<String> problems(String document) {
        return problemsOf(() -> Trees.read(document, "YAML"));
    }

    private static List<String> problemsOf(Runnable read) {
        try {
            read.run();
        } catch (InvalidDefinitionException invalid) {
            List<String> found = new ArrayList<>();
            invalid.problems().stream().map(Problem::toString).forEach(found::add);
            return found;
        }
        throw new AssertionError("expected the document to be refused");
    }
}
