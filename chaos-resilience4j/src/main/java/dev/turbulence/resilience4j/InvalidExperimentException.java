package dev.turbulence.resilience4j;

import dev.turbulence.Problem;
import dev.turbulence.internal.Problems;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when an experiment, a probe or an alarm is not valid, or names something that does not exist. Lists
 * every problem found, not just the first; nothing of the experiment has run and nothing was injected.
 */
public class InvalidExperimentException extends IllegalArgumentException {

    private final List<Problem> problems;

    public InvalidExperimentException(String subject, List<Problem> problems) {
        super(describe(subject, problems));
        this.problems = List.copyOf(problems);
    }

    static void throwIfAny(String subject, Problems problems) {
        if (!problems.isEmpty()) {
            throw new InvalidExperimentException(subject, problems.list());
        }
    }

    private static String describe(String subject, List<Problem> problems) {
        return problems.stream()
                .map(Problem::toString)
                .collect(Collectors.joining("; ", "Invalid " + subject + ": ", ""));
    }

    /** Every problem found, each naming the field (a schema path such as {@code hypothesis[0].opensWithin}). */
    public List<Problem> problems() {
        return problems;
    }
}
