package dev.turbulence.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed fields out of a JSON/YAML/properties tree, reporting each wrong field to {@link Problems}
 * and returning {@code null} for it. Keys match whatever their case and dashes ({@code everyNth},
 * {@code every-nth}, {@code everynth} as Spring's binder lowercases map keys).
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
        if (tree instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                String name = known.stream()
                        .filter(field -> loose(field).equals(loose(String.valueOf(key))))
                        .findFirst()
                        .orElse(null);
                if (name != null) {
                    canonical.put(name, value);
                } else {
                    problems.add(
                            path(prefix, String.valueOf(key)),
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

    public boolean has(String name) {
        return values.get(name) != null;
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
        if (value instanceof Number || value instanceof Boolean) {
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
        if (value == null || value instanceof Number) {
            return value == null ? null : ((Number) value).doubleValue();
        }
        try {
            return Double.valueOf(value.toString().trim());
        } catch (NumberFormatException notANumber) {
            problems.add(path(name), value, "must be a number");
            return null;
        }
    }

    public Long integer(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        try {
            return Long.valueOf(value.toString().trim());
        } catch (NumberFormatException notAnInteger) {
            problems.add(path(name), value, "must be a whole number");
            return null;
        }
    }

    public Boolean bool(String name) {
        Object value = values.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
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
        Duration parsed = Durations.parse(value.toString()).orElse(null);
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
                if (entry instanceof Map || entry instanceof List) {
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

    private static String loose(String key) {
        return key.replace("-", "").toLowerCase(java.util.Locale.ROOT);
    }
}
