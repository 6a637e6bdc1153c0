package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.turbulence.ChaosEngine;
import dev.turbulence.ChaosEvent;
import dev.turbulence.ChaosMetrics;
import dev.turbulence.stress.Stressor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;

/** What the endpoint keeps per assault goes with the assault: memory stays flat however many come and go. */
class EndpointStateTest {

    private static final String LATENCY = "{\"fault\":{\"type\":\"latency\",\"fixed\":\"1ms\"},\"duration\":\"5m\"}";
    private static final String RESET = "{\"fault\":{\"type\":\"connection-reset\"},\"duration\":\"5m\"}";
    private static final String CPU =
            "{\"target\":{\"kind\":\"process\"},\"fault\":{\"type\":\"cpu-burn\",\"load\":0.01,\"threads\":1},"
                    + "\"duration\":\"1m\"}";

    private final ChaosEngine engine = ChaosEngine.create();
    private final List<Object> published = new CopyOnWriteArrayList<>();
    private final ChaosEndpoint endpoint = new ChaosEndpoint(engine, new ChaosGuard(false, null), published::add, null);
    private final ChaosWebEndpointExtension web = new ChaosWebEndpointExtension(endpoint);

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void aHundredThousandAssaultsCreatedInjectedAndDeletedLeaveTheHeapAndTheMetersFlat() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ChaosMetrics(engine).bindTo(registry);
        int metersOfAnIdleEngine = registry.getMeters().size();
        ChaosWebEndpointExtension unaudited = new ChaosWebEndpointExtension(
                new ChaosEndpoint(engine, new ChaosGuard(false, null), event -> {}, null));
        Supplier<String> call = engine.decorateSupplier("call", () -> "served");
        engine.enable();
        cycles(unaudited, call, 0, 2_000);
        long before = usedHeapAfterGc();
        long started = System.nanoTime();

        cycles(unaudited, call, 2_000, 100_000);

        long millis = (System.nanoTime() - started) / 1_000_000;
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(registry.find("chaos.injections").counters()).isEmpty());
        long grewBy = usedHeapAfterGc() - before;
        System.out.printf(
                "100000 create/inject/delete cycles through the endpoint: %d ms, used heap %d KiB before, %+d KiB"
                        + " after, %d meters%n",
                millis, before / 1024, grewBy / 1024, registry.getMeters().size());
        assertThat(engine.status()).isEmpty();
        assertThat(registry.getMeters()).hasSize(metersOfAnIdleEngine);
        assertThat(grewBy).as("heap growth in bytes").isLessThan(8L * 1024 * 1024);
    }

    @Test
    void aDeletedStressorLeavesNoStateForTheNextAssaultOfItsName() {
        List<ChaosEvent.StressorChanged> stressorEvents = new CopyOnWriteArrayList<>();
        engine.addListener(event -> {
            if (event instanceof ChaosEvent.StressorChanged changed) {
                stressorEvents.add(changed);
            }
        });
        engine.enable();
        assertThat(web.write("assaults", "burn", CPU, null).getStatus()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stressor("burn")).containsEntry("stressor", "reached"));

        assertThat(web.delete("assaults", "burn", null).getStatus()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> stressorEvents.stream().anyMatch(event -> event.state() == Stressor.State.STOPPED));
        engine.disable();
        endpoint.write("assaults", "burn", CPU, null);

        assertThat(stressor("burn")).containsEntry("stressor", "not started").containsEntry("held", 0L);
    }

    @Test
    void aWriteWithoutAPrincipalIsAuditedAsAnonymous() {
        endpoint.write("assaults", "slow", LATENCY, null);

        assertThat(published)
                .singleElement()
                .extracting(event -> ((AuditApplicationEvent) event).getAuditEvent())
                .satisfies(audit -> {
                    assertThat(audit.getPrincipal()).isEqualTo("anonymous");
                    assertThat(audit.getType()).isEqualTo("CHAOS_ASSAULT_DEFINED");
                });
    }

    /** Defines an assault through the endpoint, sees it inject into {@code call}, and deletes it again. */
    private static void cycles(ChaosWebEndpointExtension endpoint, Supplier<String> call, int from, int to) {
        for (int i = from; i < to; i++) {
            String name = "cycle-" + i;
            assertThat(endpoint.write("assaults", name, RESET, null).getStatus())
                    .isEqualTo(200);
            assertThatThrownBy(call::get).isInstanceOf(UncheckedIOException.class);
            assertThat(endpoint.delete("assaults", name, null).getStatus()).isEqualTo(200);
        }
    }

    private Map<String, Object> stressor(String name) {
        return endpoint.chaos().stressors().stream()
                .filter(view -> name.equals(view.get("name")))
                .findFirst()
                .orElseThrow();
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
