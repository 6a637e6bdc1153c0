package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {

    static final Instant START = Instant.parse("2026-12-02T08:00:00Z");

    final VirtualTime time = VirtualTime.startingAt(START);
    final List<String> fired = new ArrayList<>();

    void record(String name) {
        fired.add(name + "@" + Duration.between(START, time.now()).toMillis());
    }

    @Test
    void firesTimersInTheOrderOfTheirDueTimesAndTimersDueTogetherInTheOrderTheyWereStarted() {
        time.every(Duration.ofMillis(30), Duration.ofMillis(30), () -> record("slow"));
        time.every(Duration.ZERO, Duration.ofMillis(10), () -> record("fast"));
        time.every(Duration.ofMillis(30), Duration.ofMillis(60), () -> record("late"));

        time.advance(Duration.ofMillis(60));

        assertThat(fired)
                .containsExactly(
                        "fast@0", "fast@10", "fast@20", "slow@30", "late@30", "fast@30", "fast@40", "fast@50",
                        "slow@60", "fast@60");
        assertThat(time.now()).isEqualTo(START.plus(Duration.ofMillis(60)));
        assertThat(time.clock().instant()).isEqualTo(time.now());
    }

    @Test
    void awaitStopsAtTheInstantTheConditionHolds() throws InterruptedException {
        time.every(Duration.ofMillis(10), Duration.ofMillis(10), () -> record("tick"));

        boolean held = time.await(() -> fired.size() == 3, Duration.ofSeconds(30));

        assertThat(held).isTrue();
        assertThat(time.now()).isEqualTo(START.plus(Duration.ofMillis(30)));
    }

    @Test
    void awaitWithNothingDueJumpsToItsDeadline() throws InterruptedException {
        boolean held = time.await(() -> false, Duration.ofHours(1));

        assertThat(held).isFalse();
        assertThat(time.now()).isEqualTo(START.plus(Duration.ofHours(1)));
    }

    @Test
    void anInterruptedWaitThrowsAndClearsTheFlag() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> time.await(() -> false, Duration.ofSeconds(1)))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aCancelledTimerNeverRunsAgain() {
        Timekeeper.Timer timer = time.every(Duration.ZERO, Duration.ofMillis(10), () -> record("tick"));
        time.advance(Duration.ofMillis(15));

        timer.cancel();
        timer.cancel();
        time.advance(Duration.ofSeconds(1));

        assertThat(fired).containsExactly("tick@0", "tick@10");
    }

    @Test
    void aTaskThatThrowsIsStoppedAndTheOthersGoOn() {
        time.every(Duration.ZERO, Duration.ofMillis(10), () -> {
            record("failing");
            throw new IllegalStateException("broken task");
        });
        time.every(Duration.ZERO, Duration.ofMillis(10), () -> record("healthy"));

        time.advance(Duration.ofMillis(20));

        assertThat(fired).containsExactly("failing@0", "healthy@0", "healthy@10", "healthy@20");
    }

    @Test
    void theLoadsWorkersRunEachCallOnTheThreadThatMovesTheTimeUntilShutDown() {
        ExecutorService workers = time.workers(4, "load");
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();

        workers.execute(() -> ranOn.add(Thread.currentThread()));
        workers.shutdownNow();

        assertThat(ranOn).containsExactly(caller);
        assertThat(workers.isTerminated()).isTrue();
        assertThatThrownBy(() -> workers.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void rejectsMovingBackwards() {
        assertThatThrownBy(() -> time.advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration must not be negative, but was PT-0.001S");
    }
}
