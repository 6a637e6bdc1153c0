package dev.turbulence.resilience4j;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Selects the Micrometer meters called {@code name} that carry all of {@code tags}; when several match, their
 * values add up. Immutable.
 */
public record MeterSelector(String name, SortedMap<String, String> tags) {

    public MeterSelector {
        if (name == null || name.isBlank()) {
            throw new InvalidDefinitionException(
                    "meter selector",
                    List.of(new Problem("meter", name, name == null ? "is required" : "must name a meter")));
        }
        tags = new TreeMap<>(tags);
    }

    /** A selector from a name and tag key/value pairs, such as {@code of("http.server.requests", "status", "500")}. */
    public static MeterSelector of(String name, String... tagKeysAndValues) {
        if (tagKeysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "tags must come in key/value pairs, but " + tagKeysAndValues.length + " strings were given");
        }
        SortedMap<String, String> tags = new TreeMap<>();
        for (int i = 0; i < tagKeysAndValues.length; i += 2) {
            tags.put(tagKeysAndValues[i], tagKeysAndValues[i + 1]);
        }
        return new MeterSelector(name, tags);
    }

    public static MeterSelector of(String name, Map<String, String> tags) {
        return new MeterSelector(name, new TreeMap<>(tags));
    }

    @Override
    public SortedMap<String, String> tags() {
        return new TreeMap<>(tags);
    }

    @Override
    public String toString() {
        return tags.isEmpty()
                ? name
                : tags.entrySet().stream()
                        .map(tag -> tag.getKey() + "=" + tag.getValue())
                        .collect(Collectors.joining(",", name + "{", "}"));
    }
}
