package dev.turbulence.spring;

import dev.turbulence.InvalidAssaultException;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid {@code chaos.*} definition into Boot's start-up failure report, one line per problem. */
final class InvalidAssaultFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAssaultException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidAssaultException cause) {
        String problems = cause.problems().stream()
                .map(problem -> "    " + problem)
                .collect(Collectors.joining(System.lineSeparator()));
        return new FailureAnalysis(
                "Chaos is misconfigured:" + System.lineSeparator() + problems,
                "Correct the chaos properties above; each line names the property, what is allowed and the value given.",
                cause);
    }
}
