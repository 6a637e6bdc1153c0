package dev.turbulence.internal;

import dev.turbulence.InvalidAssaultException;
import dev.turbulence.Problem;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one definition so that all of them are reported at once. */
public final class Problems {

    private final List<Problem> found = new ArrayList<>();

    public void add(String field, Object value, String message) {
        found.add(new Problem(field, value, message));
    }

    public void addAll(String prefix, List<Problem> problems) {
        for (Problem problem : problems) {
            found.add(new Problem(prefix + "." + problem.field(), problem.value(), problem.message()));
        }
    }

    public boolean has(String fieldPrefix) {
        return found.stream()
                .anyMatch(p -> p.field().equals(fieldPrefix) || p.field().startsWith(fieldPrefix + "."));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(found);
    }

    /** {@code value} shortened for a message when it is long: its first 32 characters and its length. */
    public static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 32) + "… (" + value.length() + " characters)";
    }

    public void throwIfAny(String subject) {
        if (!found.isEmpty()) {
            throw new InvalidAssaultException(subject, found);
        }
    }
}
