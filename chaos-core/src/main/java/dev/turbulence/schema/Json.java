package dev.turbulence.schema;

import java.lang.reflect.Array;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the library's own values, with no JSON library: writes records (their components in declaration
 * order), maps, collections, strings, numbers, booleans, enums (their names), {@link Instant}s (ISO-8601),
 * other values as their {@code toString()}, and {@code null}; reads a record back from the tree {@link Trees}
 * parses. Whole numbers are read as {@code long} and others as {@code double} where the component does not say
 * more. Stateless and thread-safe.
 */
public final class Json {

    private Json() {}

    /** {@code value} as compact JSON. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, null);
        return out.toString();
    }

    /** {@code value} as JSON indented by two spaces per level. */
    public static String writeIndented(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, "\n");
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, String newline) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            out.append(Double.isFinite(number) ? Double.toString(number) : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Enum<?> constant) {
            string(constant.name(), out);
        } else if (value instanceof Instant) {
            string(value.toString(), out);
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> fields = new LinkedHashMap<>();
            map.forEach((key, entry) -> fields.put(String.valueOf(key), entry));
            object(fields, out, newline);
        } else if (value instanceof Record record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                fields.put(component.getName(), accessed(component, record));
            }
            object(fields, out, newline);
        } else if (value instanceof Collection<?> collection) {
            array(collection, out, newline);
        } else {
            string(value.toString(), out);
        }
    }

    private static void object(Map<String, Object> fields, StringBuilder out, String newline) {
        if (fields.isEmpty()) {
            out.append("{}");
            return;
        }
        String inner = newline == null ? null : newline + "  ";
        out.append('{');
        String separator = "";
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            out.append(separator);
            indent(out, inner);
            string(field.getKey(), out);
            out.append(newline == null ? ":" : " : ");
            write(field.getValue(), out, inner);
            separator = ",";
        }
        indent(out, newline);
        out.append('}');
    }

    private static void array(Collection<?> items, StringBuilder out, String newline) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        String inner = newline == null ? null : newline + "  ";
        out.append('[');
        String separator = "";
        for (Object item : items) {
            out.append(separator);
            indent(out, inner);
            write(item, out, inner);
            separator = ",";
        }
        indent(out, newline);
        out.append(']');
    }

    private static void indent(StringBuilder out, String newline) {
        if (newline != null) {
            out.append(newline);
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c >= '\ufffe') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static Object accessed(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException inaccessible) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record, inaccessible);
        }
    }

    /**
     * Reads a {@code type} from {@code tree}: an object for a record, whose fields are its components (a missing one
     * is {@code null}, or zero for a number); lists, maps of strings, strings, numbers, booleans, enums by name and
     * {@link Instant}s in ISO-8601.
     *
     * @throws IllegalArgumentException naming the first field that does not fit, or what the record's constructor
     *     rejected
     */
    public static <T> T read(Object tree, Class<T> type) {
        return type.cast(read(tree, type, "(document)"));
    }

    private static Object read(Object tree, Type type, String path) {
        Class<?> raw = type instanceof ParameterizedType parameterized
                ? (Class<?>) parameterized.getRawType()
                : (Class<?>) type;
        if (tree == null) {
            return raw.isPrimitive() ? Array.get(Array.newInstance(raw, 1), 0) : null;
        }
        if (raw.isRecord()) {
            Map<?, ?> fields = as(tree, Map.class, path, "an object");
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                String name = components[i].getName();
                values[i] = read(fields.get(name), components[i].getGenericType(), path + "." + name);
                types[i] = components[i].getType();
            }
            try {
                return raw.getDeclaredConstructor(types).newInstance(values);
            } catch (java.lang.reflect.InvocationTargetException rejected) {
                throw new IllegalArgumentException(
                        path + " " + rejected.getCause().getMessage(), rejected.getCause());
            } catch (ReflectiveOperationException inaccessible) {
                throw new IllegalStateException("cannot create " + raw.getName(), inaccessible);
            }
        }
        if (raw == List.class) {
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            for (Object entry : as(tree, List.class, path, "a list")) {
                list.add(read(entry, item, path + "[" + list.size() + "]"));
            }
            return list;
        }
        if (raw == Map.class) {
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            Map<String, Object> map = new LinkedHashMap<>();
            as(tree, Map.class, path, "an object")
                    .forEach((key, entry) -> map.put(String.valueOf(key), read(entry, value, path + "." + key)));
            return map;
        }
        if (raw == long.class || raw == Long.class) {
            return as(tree, Number.class, path, "a number").longValue();
        }
        if (raw == int.class || raw == Integer.class) {
            return as(tree, Number.class, path, "a number").intValue();
        }
        if (raw == double.class || raw == Double.class) {
            return as(tree, Number.class, path, "a number").doubleValue();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return as(tree, Boolean.class, path, "true or false");
        }
        if (raw == Object.class) {
            if (tree instanceof Integer || tree instanceof Long || tree instanceof java.math.BigInteger) {
                return ((Number) tree).longValue();
            }
            if (tree instanceof Number number) {
                return number.doubleValue();
            }
            return tree;
        }
        String text = as(tree, String.class, path, "a string");
        try {
            if (raw == String.class) {
                return text;
            }
            if (raw == Instant.class) {
                return Instant.parse(text);
            }
            if (raw.isEnum()) {
                return enumConstant(raw, text);
            }
        } catch (RuntimeException unreadable) {
            throw new IllegalArgumentException(path + " cannot be read as " + raw.getSimpleName() + ": " + text);
        }
        throw new IllegalStateException("no JSON form for " + raw.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    private static <T> T as(Object tree, Class<T> type, String path, String what) {
        if (!type.isInstance(tree)) {
            throw new IllegalArgumentException(path + " must be " + what);
        }
        return type.cast(tree);
    }
}
