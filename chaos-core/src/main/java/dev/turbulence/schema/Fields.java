package dev.turbulence.schema;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed fields out of a JSON/YAML/properties tree, reporting each wrong field to {@link Problems}
 * and returning {@code null} for it. A key is written as its field ({@code everyNth}), in kebab case
 * ({@code every-nth}) or lower-cased ({@code everynth}, as Spring's binder gives map keys); any other case is
 * refused, and so is a field given twice in two of these forms. Numbers, booleans and strings must be given as
 * such, unless {@link Problems#stringsAreScalars()} (properties). Numbers must be finite.
 */
public final class Fields {

    private final Map<String, Object> values;
    private final String prefix;
    private final Problems problems;

    private Fields(Map<String, Object> values, String prefix, Problems problems) {
        this.values = values;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** Reads {@code tree} as an object whose keys must all be in {@code known}. */
    public static Fields of(Object tree, String prefix, Set<String> known, Problems problems) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        Map<String, String> givenAs = new LinkedHashMap<>();
        if (tree instanceof Map<?, ?> map) {
            map.forEach((rawKey, value) -> {
                String key = String.valueOf(rawKey);
                String name = known.stream()
                        .filter(field -> spellings(field).contains(key))
                        .findFirst()
                        .orElse(null);
                String loosely = known.stream()
                        .filter(field -> loose(field).equals(loose(key)))
                        .findFirst()
                        .orElse(null);
                if (name != null && givenAs.containsKey(name)) {
                    problems.add(
                            path(prefix, key),
                            value,
                            "is given twice, as " + givenAs.get(name) + " and " + key + "; give it once");
                } else if (name != null) {
                    canonical.put(name, value);
                    givenAs.put(name, key);
                } else if (loosely != null) {
                    problems.add(
                            path(prefix, key),
                            value,
                            "is not a known field; keys are case-sensitive: write " + loosely + " or "
                                    + kebab(loosely));
                } else {
                    problems.add(
                            path(prefix, key),
                            value,
                            "is not a known field; known fields are "
                                    + known.stream().sorted().toList());
                }
            });
        } else if (tree != null) {
            problems.add(prefix.isEmpty() ? "(definition)" : prefix, tree, "must be an object");
        }
        return new Fields(canonical, prefix, problems);
    }

    /** Reports each of {@code defaults}' fields given as {@code null}: leave such a field out for its default. */
    public void rejectNulls(Map<String, String> defaults) {
        defaults.forEach((name, value) -> {
            if (values.containsKey(name) && values.get(name) == null) {
                problems.add(path(name), null, "must not be null; leave it out for the default, " + value);
            }
        });
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** Whether {@code name} is given as {@code null}, which is not the same as leaving it out. */
    public boolean givenNull(String name) {
        return values.containsKey(name) && values.get(name) == null;
    }

    /** The fields among {@code names} that are given, as an object of their own. */
    public Map<String, Object> only(Set<String> names) {
        Map<String, Object> only = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (names.contains(name)) {
                only.put(name, value);
            }
        });
        return only;
    }

    public Object raw(String name) {
        return values.get(name);
    }

    public String path(String name) {
        return path(prefix, name);
    }

    public Problems problems() {
        return problems;
    }

    public String string(String name) {
        Object value = values.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (problems.stringsAreScalars() && (value instanceof Number || value instanceof Boolean)) {
            return value.toString();
        }
        problems.add(path(name), value, "must be a string");
        return null;
    }

    public String requiredString(String name) {
        if (!has(name)) {
            problems.add(path(name), null, "is required");
            return null;
        }
        return string(name);
    }

    public Double number(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        Double number = null;
        if (value instanceof Number given) {
            number = given.doubleValue();
        } else if (value instanceof String text && problems.stringsAreScalars()) {
            try {
                number = Double.valueOf(text.trim());
            } catch (NumberFormatException notANumber) {
                number = null;
            }
        }
        if (number == null) {
            problems.add(path(name), value, "must be a number");
        } else if (number.isNaN() || number.isInfinite()) {
            problems.add(path(name), value, "must be a finite number");
            number = null;
        }
        return number;
    }

    public Long integer(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger || (value instanceof String && problems.stringsAreScalars())) {
            try {
                return Long.valueOf(value.toString().trim());
            } catch (NumberFormatException notALong) {
                problems.add(
                        path(name),
                        value,
                        "must be a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
                return null;
            }
        }
        problems.add(path(name), value, "must be a whole number");
        return null;
    }

    public Boolean bool(String name) {
        Object value = values.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = value.toString().trim();
        if (value instanceof String
                && problems.stringsAreScalars()
                && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(text);
        }
        problems.add(path(name), value, "must be true or false");
        return null;
    }

    public Duration duration(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        Duration parsed = value instanceof String text ? Durations.parse(text).orElse(null) : null;
        if (parsed == null) {
            problems.add(path(name), value, "must be " + Durations.ALLOWED);
        }
        return parsed;
    }

    /** A map of strings to strings, such as HTTP headers; keys are kept as they are. */
    public Map<String, String> stringMap(String name) {
        Object value = values.get(name);
        Map<String, String> result = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> {
                boolean scalar = entry instanceof String
                        || (problems.stringsAreScalars() && (entry instanceof Number || entry instanceof Boolean));
                if (entry != null && !scalar) {
                    problems.add(path(name) + "." + key, entry, "must be a string");
                } else {
                    result.put(String.valueOf(key), entry == null ? "" : entry.toString());
                }
            });
        } else if (value != null) {
            problems.add(path(name), value, "must be an object of strings");
        }
        return result;
    }

    private static String path(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static Set<String> spellings(String field) {
        return Set.copyOf(List.of(field, kebab(field), field.toLowerCase(Locale.ROOT)));
    }

    /** A field or a path of fields in kebab case: {@code fault.leaveFreeBytes} is {@code fault.leave-free-bytes}. */
    public static String kebab(String field) {
        return field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static String loose(String key) {
        return key.replace("-", "").toLowerCase(Locale.ROOT);
    }
}
