package dev.turbulence.schema;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a JSON or YAML document into maps, lists and scalars, with no Jackson. A document that is JSON (an
 * object or a list) is read by a strict JSON reader of our own; any other by SnakeYAML, which every Spring Boot
 * application carries already — its parser only, never its object construction: a tag naming a class is refused,
 * and a scalar with any tag but the core schema's is a problem. Plain YAML scalars are typed as YAML 1.2's core
 * schema types them ({@code true}, {@code null}, {@code 12}, {@code 1.5}; {@code yes} and {@code on} stay
 * strings), quoted ones are strings. A key given twice in one object and a number that is not finite ({@code
 * .nan}, {@code .inf}) are reported under their field path instead of keeping the last or failing the whole
 * document (a number too large for a double reads as infinite, for the schema to refuse with its field). What a
 * document may cost is bounded: nesting, aliases, and the values an alias may expand to; an alias inside its own
 * anchor is refused. What it reads is marked as a document ({@link #isDocument}), so that the schemas type its
 * scalars strictly. Stateless and thread-safe.
 */
public final class Trees {

    /** The deepest a document may nest objects and lists. */
    private static final int MAX_DEPTH = 64;

    private static final Tag PLAIN = new Tag("tag:turbulence.dev,2026:plain");
    private static final Pattern NULL = Pattern.compile("|~|null|Null|NULL");
    private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
    private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern OCTAL = Pattern.compile("0o[0-7]+");
    private static final Pattern HEXADECIMAL = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern NOT_FINITE = Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN");

    private Trees() {}

    /** Whether {@code tree} was read from a JSON or YAML document, which types its scalars itself. */
    public static boolean isDocument(Object tree) {
        return tree instanceof DocumentObject || tree instanceof DocumentList;
    }

    /** An object read from a document. */
    private static final class DocumentObject extends LinkedHashMap<String, Object> {}

    /** A list read from a document. */
    private static final class DocumentList extends ArrayList<Object> {}

    /** Tags every plain scalar as {@link #PLAIN}, for {@link #scalar} to type; an explicit tag stays. */
    private static final class PlainScalars extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(PLAIN, Pattern.compile("(?s).*"), null, Integer.MAX_VALUE);
        }
    }

    /** The most values a YAML document may expand to through its aliases. */
    private static final int MAX_VALUES = 100_000;

    /** The most problems one document reports: one refused for more would only repeat itself. */
    private static final int MAX_PROBLEMS = 100;

    /** The longest number read, in characters: reading a longer one costs more than it could ever mean. */
    static final int MAX_NUMBER_LENGTH = 1_000;

    /**
     * The problems the readers find in one document, at most {@link #MAX_PROBLEMS}, each value that is an object or a
     * list shown by its kind only, so that a hostile document cannot make its refusal large. Not thread-safe.
     */
    static final class Findings {
        private final Problems problems;
        private int found;

        Findings(Problems problems) {
            this.problems = problems;
        }

        void add(FieldPath at, Object value, String message) {
            if (++found <= MAX_PROBLEMS) {
                Object shown =
                        value instanceof Map<?, ?> ? "(an object)" : value instanceof List<?> ? "(a list)" : value;
                problems.add(at.toString(), shown, message);
            }
        }
    }

    /** A new object of a document, for {@link JsonReader}. */
    static Map<String, Object> newObject() {
        return new DocumentObject();
    }

    /** A new list of a document, for {@link JsonReader}. */
    static List<Object> newList() {
        return new DocumentList();
    }

    /**
     * Reads {@code text}, JSON or YAML; {@code format} names it in problems ({@code YAML}, {@code file …}).
     *
     * @throws InvalidDefinitionException when it is malformed, holds more than one document, gives a key twice, holds
     *     an unreadable number or costs more than allowed
     */
    public static Object read(String text, String format) {
        String start = text.stripLeading();
        if (start.startsWith("{") || start.startsWith("[")) {
            Problems problems = Problems.strict();
            try {
                Object tree = new JsonReader(text, problems, MAX_DEPTH).document();
                problems.throwIfAny(format);
                return tree;
            } catch (JsonReader.Malformed notJson) {
                // YAML's flow style looks like JSON: {name: a, rate: 0.5}
            }
        }
        return readYaml(text, format);
    }

    /**
     * Reads {@code text} as JSON only; {@code format} names it in problems ({@code JSON}, {@code file …}).
     *
     * @throws InvalidDefinitionException when it is not one JSON value, gives a key twice or nests too deep
     */
    public static Object readJson(String text, String format) {
        Problems problems = Problems.strict();
        Object tree;
        try {
            tree = new JsonReader(text, problems, MAX_DEPTH).document();
        } catch (JsonReader.Malformed malformed) {
            throw invalid(format, malformed.getMessage());
        }
        problems.throwIfAny(format);
        return tree;
    }

    private static Object readYaml(String text, String format) {
        Problems problems = Problems.strict();
        Object tree = null;
        try {
            Iterator<Node> documents = yaml().composeAll(new StringReader(text)).iterator();
            if (documents.hasNext()) {
                tree = new Expansion(problems).value(documents.next(), FieldPath.ROOT, 0);
            }
            if (documents.hasNext()) {
                problems.add("(document)", null, "must hold one " + format + " value");
            }
        } catch (YAMLException malformed) {
            throw invalid(format, why(malformed));
        } catch (InvalidDefinitionException tooCostly) {
            throw new InvalidDefinitionException(format, tooCostly.problems());
        } catch (RuntimeException parserFault) {
            // SnakeYAML lets a few parse errors out unwrapped (a \U escape beyond Unicode)
            throw invalid(format, parserFault.toString());
        }
        problems.throwIfAny(format);
        return tree;
    }

    private static InvalidDefinitionException invalid(String format, String why) {
        return new InvalidDefinitionException(
                format, List.of(new Problem("(document)", null, "must be valid " + format + ": " + why)));
    }

    /** A parser for one document: the loader's limits, and nothing constructed from tags. */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(MAX_DEPTH);
        DumperOptions dumper = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options, new PlainScalars());
    }

    private static String why(YAMLException malformed) {
        if (malformed instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            return marked.getProblem() + " at line " + (marked.getProblemMark().getLine() + 1) + ", column "
                    + (marked.getProblemMark().getColumn() + 1);
        }
        return malformed.getMessage();
    }

    /** The values of one YAML document, counted as aliases expand them. */
    private static final class Expansion {
        private final Findings findings;
        private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
        private int values;

        Expansion(Problems problems) {
            this.findings = new Findings(problems);
        }

        Object value(Node node, FieldPath at, int depth) {
            if (++values > MAX_VALUES) {
                throw costly(at, "must expand to at most " + MAX_VALUES + " values; its aliases repeat too much");
            }
            if (depth > MAX_DEPTH) {
                throw costly(at, "must nest at most " + MAX_DEPTH + " levels deep");
            }
            if (node instanceof ScalarNode scalar) {
                return scalar(scalar, at, findings);
            }
            if (!open.add(node)) {
                throw costly(at, "must not hold an alias to an object or list that holds it");
            }
            try {
                return node instanceof MappingNode mapping ? object(mapping, at, depth) : list(node, at, depth);
            } finally {
                open.remove(node);
            }
        }

        private Map<String, Object> object(MappingNode mapping, FieldPath at, int depth) {
            Map<String, Object> object = new DocumentObject();
            for (NodeTuple field : mapping.getValue()) {
                if (!(field.getKeyNode() instanceof ScalarNode keyNode)) {
                    findings.add(at, null, "must have keys that are strings");
                    continue;
                }
                String key = keyNode.getValue();
                Object value = value(field.getValueNode(), at.key(key), depth + 1);
                if (object.containsKey(key)) {
                    findings.add(at.key(key), value, "is given twice; give each key once");
                } else {
                    object.put(key, value);
                }
            }
            return object;
        }

        private List<Object> list(Node node, FieldPath at, int depth) {
            List<Object> list = new DocumentList();
            for (Node item : ((SequenceNode) node).getValue()) {
                list.add(value(item, at.index(list.size()), depth + 1));
            }
            return list;
        }

        private static InvalidDefinitionException costly(FieldPath at, String message) {
            return new InvalidDefinitionException("YAML", List.of(new Problem(at.toString(), null, message)));
        }
    }

    private static Object scalar(ScalarNode node, FieldPath at, Findings findings) {
        String text = node.getValue();
        Tag tag = node.getTag();
        if (tag.equals(Tag.STR)) {
            return text;
        }
        boolean plain = tag.equals(PLAIN);
        if ((plain || tag.equals(Tag.NULL)) && NULL.matcher(text).matches()) {
            return null;
        }
        if (plain || tag.equals(Tag.BOOL)) {
            if (TRUE.matcher(text).matches()) {
                return Boolean.TRUE;
            }
            if (FALSE.matcher(text).matches()) {
                return Boolean.FALSE;
            }
        }
        if (plain || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            Number number = number(text);
            if (number != null) {
                return number;
            }
            if (NOT_FINITE.matcher(text).matches()) {
                findings.add(at, null, "must be a finite number");
                return null;
            }
        }
        if (plain) {
            return text;
        }
        findings.add(
                at,
                Problems.abbreviate(text),
                "must be a string, a number, true, false or null; the tag " + tag + " is not read");
        return null;
    }

    /**
     * A whole number as an {@code Integer}, {@code Long} or {@code BigInteger}, as small as it fits; another number
     * as a {@code Double}, infinite when it is too large; {@code null} for what is no number, or is longer than {@link
     * #MAX_NUMBER_LENGTH} (then read as a string, which the schemas refuse where they need a number).
     */
    private static Number number(String text) {
        if (text.length() > MAX_NUMBER_LENGTH) {
            return null;
        }
        BigInteger whole = null;
        if (INTEGER.matcher(text).matches()) {
            whole = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        } else if (OCTAL.matcher(text).matches()) {
            whole = new BigInteger(text.substring(2), 8);
        } else if (HEXADECIMAL.matcher(text).matches()) {
            whole = new BigInteger(text.substring(2), 16);
        }
        if (whole != null) {
            if (whole.bitLength() < 32) {
                return whole.intValue();
            }
            return whole.bitLength() < 64 ? (Number) whole.longValue() : whole;
        }
        return FLOAT.matcher(text).matches() ? (Number) Double.parseDouble(text) : null;
    }
}
