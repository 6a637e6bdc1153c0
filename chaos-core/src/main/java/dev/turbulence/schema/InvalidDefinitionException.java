package dev.turbulence.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a definition — an assault, a file of assaults, an experiment, a probe, an alarm, a game day — is
 * not valid, or names something that does not exist. Lists every problem found, not just the first, each naming
 * its field path; whatever was being defined is rejected whole and the previous state stays in force.
 */
public class InvalidDefinitionException extends IllegalArgumentException {

    private final List<Problem> problems;

    /**
     * @param subject what was being defined, such as {@code assault 'slow'}, for the message
     * @param problems every problem found; at least one
     */
    public InvalidDefinitionException(String subject, List<Problem> problems) {
        super(describe(subject, problems));
        this.problems = List.copyOf(problems);
    }

    private static String describe(String subject, List<Problem> problems) {
        return problems.stream()
                .map(Problem::toString)
                .collect(Collectors.joining("; ", "Invalid " + subject + ": ", ""));
    }

    /** Every problem found, in the order of the schema's fields. */
    public List<Problem> problems() {
        return problems;
    }
}
