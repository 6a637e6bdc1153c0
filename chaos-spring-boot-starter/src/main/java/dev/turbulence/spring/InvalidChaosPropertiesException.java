package dev.turbulence.spring;

import dev.turbulence.schema.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at start-up when {@code chaos.*} properties are not valid; lists every problem, each naming the
 * property, the value and what is allowed. Boot's failure report shows them one per line.
 */
public class InvalidChaosPropertiesException extends IllegalArgumentException {

    private final List<Problem> problems;

    public InvalidChaosPropertiesException(List<Problem> problems) {
        super(problems.stream()
                .map(Problem::toString)
                .collect(Collectors.joining("; ", "Invalid chaos properties: ", "")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
