package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Seeded invalid mutations of a valid assault in properties: each fails start-up naming the property — a value
 * of the wrong type with Boot's own bind failure, any other with the project's failure report — never with
 * another exception.
 */
class PropertiesFuzzTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ChaosAutoConfiguration.class, ChaosEndpointAutoConfiguration.class));

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 1_000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyInvalidMutationFailsStartUpWithTheChaosFailureReport(long seed) {
        Random random = new Random(seed);
        List<String> properties = new ArrayList<>(List.of(
                "chaos.enabled=true",
                "chaos.assaults.fuzzed.target.kind=http",
                "chaos.assaults.fuzzed.fault.type=http-status",
                "chaos.assaults.fuzzed.fault.status=503",
                "chaos.assaults.fuzzed.rate=0.5"));
        int mutation = random.nextInt(10);
        String broken = switch (mutation) {
            case 0 -> "chaos.assaults.fuzzed.fault.status=" + (600 + random.nextInt(10_000));
            case 1 -> "chaos.assaults.fuzzed.rate=" + (1.0 + random.nextDouble() * 100);
            case 2 -> "chaos.assaults.fuzzed.fault.type=no-such-" + random.nextInt(1_000);
            case 3 -> "chaos.assaults.fuzzed.every-nth=" + -random.nextInt(1_000);
            case 4 -> "chaos.assaults.fuzzed.duration=" + (13 + random.nextInt(100)) + "h";
            case 5 -> "chaos.assaults.fuzzed.target.kind=kind" + random.nextInt(1_000);
            case 6 -> "chaos.assaults.fuzzed.rate=r" + random.nextInt(1_000);
            case 7 -> "chaos.assaults.fuzzed.duration=" + random.nextInt(1_000) + "parsecs";
            case 8 -> "chaos.assaults.fuzzed.fault.status=" + random.nextInt(1_000) + "x";
            default -> "chaos.assaults.fuzzed.max-injections=" + -random.nextInt(1_000);
        };
        properties.add(broken);
        String property = broken.substring(0, broken.indexOf('='));
        boolean typeMismatch = Set.of(2, 5, 6, 7, 8).contains(mutation);

        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).as(broken).hasFailed();
            if (typeMismatch) {
                // a value of the wrong type is Boot's own bind failure, which names the property
                assertThat(bindFailure(context.getStartupFailure()))
                        .as(broken + " fails with " + context.getStartupFailure())
                        .isNotNull()
                        .extracting(failure -> failure.getProperty().getName().toString())
                        .isEqualTo(property);
                return;
            }
            FailureAnalysis analysis = new InvalidChaosPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis)
                    .as(broken + " fails with " + context.getStartupFailure())
                    .isNotNull();
            assertThat(analysis.getDescription())
                    .as(broken)
                    .startsWith("Chaos is misconfigured:")
                    .contains(property);
        });
    }

    private static BindException bindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind && bind.getProperty() != null) {
                return bind;
            }
        }
        return null;
    }
}
