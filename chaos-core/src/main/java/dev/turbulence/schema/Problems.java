package dev.turbulence.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one definition so that all of them are reported at once, and says how its scalars
 * are typed: properties give every value as a string, which then stands for the number or boolean it spells;
 * a JSON or YAML document types them itself, so there a number given as a string is a problem.
 */
public final class Problems {

    private final List<Problem> found = new ArrayList<>();
    private final boolean stringsAreScalars;

    /** For a tree from properties or code, whose strings may stand for numbers and booleans. */
    public Problems() {
        this(true);
    }

    private Problems(boolean stringsAreScalars) {
        this.stringsAreScalars = stringsAreScalars;
    }

    /** For a JSON or YAML document, typed strictly. */
    public static Problems strict() {
        return new Problems(false);
    }

    /** Whether a string may stand for a number or a boolean. */
    public boolean stringsAreScalars() {
        return stringsAreScalars;
    }

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

    /**
     * Adds those of {@code more} that say something new: a problem at a field where one was reported already,
     * under it or at a field it is under, would report the same mistake again, as when a record's constructor
     * finds a value missing that could not be read.
     */
    public void addUnreported(List<Problem> more) {
        List<Problem> unreported =
                more.stream().filter(problem -> !touches(problem.field())).toList();
        found.addAll(unreported);
    }

    private boolean touches(String field) {
        return found.stream()
                .anyMatch(p -> p.field().equals(field)
                        || p.field().startsWith(field + ".")
                        || p.field().startsWith(field + "[")
                        || field.startsWith(p.field() + ".")
                        || field.startsWith(p.field() + "["));
    }

    public int size() {
        return found.size();
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
            throw new InvalidDefinitionException(subject, found);
        }
    }
}
