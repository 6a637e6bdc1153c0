package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** State events reach the listeners registered when they were posted, in order, off the engine's locks. */
class EventDeliveryTest {

    private final CountDownLatch release = new CountDownLatch(1);

    /** Holds up every plan change until released, as a slow listener would. */
    private final ChaosListener holding = event -> {
        if (event instanceof ChaosEvent.PlanChanged) {
            try {
                release.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    };

    private final ChaosEngine engine = ChaosEngine.builder().listener(holding).build();

    @AfterEach
    void close() {
        release.countDown();
        engine.close();
    }

    private static Assault reset(String name) {
        return Assault.builder(name).fault(new Fault.ConnectionReset()).build();
    }

    @Test
    void aListenerAddedLaterNeverSeesTheEventsPostedBeforeIt() {
        engine.define(reset("first"));
        engine.define(reset("second"));
        List<ChaosEvent> late = new CopyOnWriteArrayList<>();
        engine.addListener(late::add);

        release.countDown();
        engine.define(reset("third"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> late.stream()
                        .anyMatch(event -> event instanceof ChaosEvent.PlanChanged changed
                                && changed.assaults().contains("third")));
        assertThat(late)
                .filteredOn(ChaosEvent.PlanChanged.class::isInstance)
                .extracting(event -> ((ChaosEvent.PlanChanged) event).assaults())
                .containsExactly(List.of("first", "second", "third"));
    }
}
