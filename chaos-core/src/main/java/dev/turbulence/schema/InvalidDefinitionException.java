package dev.turbulence;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a definition (an assault, a file of assaults) is not valid. Lists every problem found, not
 * just the first; whatever was being defined is rejected whole and the previous state stays in force.
 */
public class InvalidAssaultException extends IllegalArgumentException {

    private final List<Problem> problems;

    public InvalidAssaultException(String subject, List<Problem> problems) {
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
