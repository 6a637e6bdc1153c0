package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.turbulence.Assault;
import dev.turbulence.CallSiteKind;
import dev.turbulence.Fault;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code threadPoolBulkhead} probe, on a real Resilience4j thread-pool bulkhead, from its events. In real time:
 * the faults strike on the pool's own threads, which virtual time does not wait for.
 */
class ThreadPoolBulkheadProbeTest {

    private final Fixture fixture = Fixture.inRealTime();
    private final ThreadPoolBulkheadRegistry registry = ThreadPoolBulkheadRegistry.ofDefaults();

    @AfterEach
    void close() {
        fixture.close();
        registry.getAllBulkheads().forEach(bulkhead -> {
            try {
                bulkhead.close();
            } catch (Exception ignored) {
                // the pool's threads are daemon threads of the test
            }
        });
    }

    @Test
    void passesWhenAStalledDownstreamFillsThePoolAndTheQueue() {
        bulkhead(1, 1);

        ExperimentReport report = run(
                new Fault.FixedLatency(Duration.ofMinutes(1)),
                new Probe.ThreadPoolBulkheadRejections("reports", 10L, null));

        assertThat(report.verdict()).as(report.explanation()).isEqualTo(Verdict.PASSED);
        assertThat(report.probes().get(0).explanation())
                .startsWith("thread-pool bulkhead 'reports' rejected ")
                .contains("(maxThreadPoolSize 1, queueCapacity 1)");
        assertThat(report.probes().get(0).observed())
                .containsEntry("maxThreadPoolSize", 1L)
                .containsEntry("queueCapacity", 1L);
    }

    @Test
    void failsWhenThePoolTakesEveryCall() {
        bulkhead(2, 1_000);

        ExperimentReport report = run(
                new Fault.ExceptionFault(IllegalStateException.class, "reports down"),
                new Probe.ThreadPoolBulkheadRejections("reports", 1L, null));

        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.probes().get(0).explanation())
                .contains("rejected 0 of ")
                .contains("fewer than 1");
    }

    @Test
    void isReadFromTheSchemaAndRefusesAnUnknownBulkhead() {
        bulkhead(1, 1);
        ExperimentRunner runner = runner();
        String experiment = """
                name: reports-stall
                assaults: [ { name: reports-slow, fault: { type: latency, fixed: 1ms } } ]
                hypothesis: [ { threadPoolBulkhead: %s, rejectedCallsAtLeast: 3 } ]
                duration: 2s
                """;

        assertThat(runner.load(experiment.formatted("reports")).hypothesis())
                .containsExactly(new Probe.ThreadPoolBulkheadRejections("reports", 3L, null));
        assertThat(catchThrowable(() -> runner.load(experiment.formatted("reprots"))))
                .hasMessageContaining("hypothesis[0].threadPoolBulkhead must name a thread-pool bulkhead of the"
                        + " runner's registry; known: [reports], but was 'reprots'");
    }

    private void bulkhead(int threads, int queue) {
        registry.bulkhead(
                "reports",
                ThreadPoolBulkheadConfig.custom()
                        .coreThreadPoolSize(threads)
                        .maxThreadPoolSize(threads)
                        .queueCapacity(queue)
                        .build());
    }

    private ExperimentRunner runner() {
        return ExperimentRunner.builder(fixture.engine, fixture.meters)
                .threadPoolBulkheads(registry)
                .time(fixture.time)
                .build();
    }

    private ExperimentReport run(Fault fault, Probe probe) {
        ThreadPoolBulkhead bulkhead = registry.bulkhead("reports");
        Supplier<CompletionStage<String>> report =
                ThreadPoolBulkhead.decorateSupplier(bulkhead, fixture.engine.decorateSupplier("reports", () -> "done"));
        return runner().run(Experiment.builder("reports-stall")
                .assault(Assault.builder("reports-fault")
                        .target(CallSiteKind.SUPPLIER, "reports")
                        .fault(fault)
                        .build())
                .hypothesis(probe)
                .duration(Duration.ofSeconds(2))
                .load(Load.of(
                        () -> {
                            try {
                                report.get();
                                return "submitted";
                            } catch (BulkheadFullException full) {
                                return "refused";
                            }
                        },
                        20))
                .build());
    }
}
