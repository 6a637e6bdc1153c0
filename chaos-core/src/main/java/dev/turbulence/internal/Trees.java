package dev.turbulence.internal;

import dev.turbulence.InvalidAssaultException;
import dev.turbulence.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a JSON or YAML document into maps, lists and scalars, as an untyped read would, but reports a key given
 * twice in one object and a number that cannot be read (YAML's {@code .nan}, {@code .inf}) under their field
 * path instead of keeping the last or failing the whole document. What it reads is marked as a document
 * ({@link #isDocument}), so that the schemas type its scalars strictly. Stateless and thread-safe.
 */
public final class Trees {

    private Trees() {}

    /** Whether {@code tree} was read from a JSON or YAML document, which types its scalars itself. */
    public static boolean isDocument(Object tree) {
        return tree instanceof DocumentObject || tree instanceof DocumentList;
    }

    /** An object read from a document. */
    private static final class DocumentObject extends LinkedHashMap<String, Object> {}

    /** A list read from a document. */
    private static final class DocumentList extends ArrayList<Object> {}

    /**
     * Reads {@code text}; {@code format} names it in problems ({@code JSON}, {@code YAML}, {@code file …}).
     *
     * @throws InvalidAssaultException when it is malformed, gives a key twice or holds an unreadable number
     */
    public static Object read(ObjectMapper mapper, String text, String format) {
        Problems problems = Problems.strict();
        Object tree;
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken first = parser.nextToken();
            tree = first == null ? null : value(parser, first, "", problems);
            if (first != null && parser.nextToken() != null) {
                problems.add("(document)", null, "must hold one " + format + " value");
            }
        } catch (JacksonException malformed) {
            throw new InvalidAssaultException(
                    format,
                    List.of(new Problem(
                            "(document)", null, "must be valid " + format + ": " + malformed.getOriginalMessage())));
        }
        problems.throwIfAny(format);
        return tree;
    }

    private static Object value(JsonParser parser, JsonToken token, String path, Problems problems) {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new DocumentObject();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String key = parser.currentName();
                    String at = path.isEmpty() ? key : path + "." + key;
                    Object value = value(parser, parser.nextToken(), at, problems);
                    if (object.containsKey(key)) {
                        problems.add(at, value, "is given twice; give each key once");
                    } else {
                        object.put(key, value);
                    }
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> list = new DocumentList();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(value(parser, next, path + "[" + list.size() + "]", problems));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getString();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                try {
                    return parser.getNumberValue();
                } catch (JacksonException notANumber) {
                    problems.add(path.isEmpty() ? "(document)" : path, null, "must be a finite number");
                    return null;
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return token == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> {
                problems.add(path.isEmpty() ? "(document)" : path, null, "must be an object, a list or a scalar");
                return null;
            }
        }
    }
}
