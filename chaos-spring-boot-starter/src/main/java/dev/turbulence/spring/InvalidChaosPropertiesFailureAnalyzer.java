package dev.turbulence.spring;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns invalid {@code chaos.*} properties into Boot's start-up failure report, one line per problem. */
final class InvalidChaosPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidChaosPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidChaosPropertiesException cause) {
        String problems = cause.problems().stream()
                .map(problem -> "    " + problem)
                .collect(Collectors.joining(System.lineSeparator()));
        return new FailureAnalysis(
                "Chaos is misconfigured:" + System.lineSeparator() + problems,
                "Correct the chaos properties above; each line names the property, what is allowed and the value given.",
                cause);
    }
}
