package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever a flag source does, the application keeps running and the engine stays consistent. */
class SourceFailureTest {

    private final List<ChaosEvent> events = new CopyOnWriteArrayList<>();

    static Stream<Supplier<Throwable>> errors() {
        return Stream.of(
                () -> new AssertionError("source asserted"),
                StackOverflowError::new,
                () -> new OutOfMemoryError("Java heap space"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void anErrorFromASourceNeverEscapesRefreshAndMeansNoAssaultsFromItUntilItRecovers(Supplier<Throwable> error) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        FlagSource remote = new FlagSource() {
            @Override
            public String name() {
                return "remote";
            }

            @Override
            public List<Assault> assaults() throws Exception {
                Throwable thrown = failure.get();
                if (thrown instanceof Error e) {
                    throw e;
                }
                return List.of(Assault.builder("remote-one")
                        .fault(new Fault.ConnectionReset())
                        .build());
            }
        };
        try (ChaosEngine engine =
                ChaosEngine.builder().source(remote).listener(events::add).build()) {
            engine.define(Assault.builder("local")
                    .fault(new Fault.ConnectionRefused())
                    .build());
            assertThat(names(engine)).containsExactly("local", "remote-one");

            Throwable thrown = error.get();
            failure.set(thrown);
            engine.refresh();

            assertThat(names(engine)).as("none from the failing source").containsExactly("local");
            String reason = thrown.getMessage() != null
                    ? thrown.getMessage()
                    : thrown.getClass().getName();
            await().atMost(Duration.ofSeconds(5)).until(() -> reasons().contains(reason));

            failure.set(null);
            engine.refresh();
            assertThat(names(engine)).containsExactly("local", "remote-one");
        }
    }

    @Test
    void aFileThatIsNotUtf8IsABadDefinitionAndKeepsTheLastGoodAssaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chaos.yaml");
        Files.writeString(file, "assaults:\n  - { name: one, fault: { type: connection-reset } }\n");
        try (ChaosEngine engine = ChaosEngine.builder()
                .source(new FileFlagSource(file))
                .listener(events::add)
                .build()) {
            long version = engine.planVersion();

            Edits.replace(file, new byte[] {'a', 's', 's', (byte) 0xC3, (byte) 0x28, ':', '\n'});
            engine.refresh();

            assertThat(names(engine)).containsExactly("one");
            assertThat(engine.planVersion()).isEqualTo(version);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> reasons().stream()
                            .anyMatch(reason ->
                                    reason.contains("(document) must be UTF-8 text, but was 'byte 0xC3 at offset 3'")));
        }
    }

    @Test
    void aFileLargerThanOneMebibyteIsABadDefinition(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chaos.yaml");
        Files.writeString(file, "assaults:\n  - { name: one, fault: { type: connection-reset } }\n");
        try (ChaosEngine engine = ChaosEngine.builder()
                .source(new FileFlagSource(file))
                .listener(events::add)
                .build()) {
            Edits.replace(file, "assaults: []\n#" + "x".repeat(1024 * 1024));
            engine.refresh();

            assertThat(names(engine)).containsExactly("one");
            await().atMost(Duration.ofSeconds(5))
                    .until(() ->
                            reasons().stream().anyMatch(reason -> reason.contains("must be at most 1048576 bytes")));
        }
    }

    @Test
    void anErrorInAReloadDoesNotEndTheFileWatch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chaos.yaml");
        Files.writeString(file, "assaults: []\n");
        AtomicInteger reloads = new AtomicInteger();
        try (AutoCloseable watch = new FileFlagSource(file).subscribe(() -> {
            reloads.incrementAndGet();
            throw new AssertionError("reload broke");
        })) {
            Files.writeString(file, "assaults: [] # 1\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> reloads.get() >= 1);
            int seen = reloads.get();

            Files.writeString(file, "assaults: [] # 2\n");

            await().atMost(Duration.ofSeconds(10)).until(() -> reloads.get() > seen);
        }
    }

    @Test
    void aHungSourceCountsAsUnavailableAfterTheTimeoutHoldsOneThreadAndComesBackWhenItAnswers() {
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        FlagSource slow = new FlagSource() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public List<Assault> assaults() throws InterruptedException {
                if (reads.incrementAndGet() > 1) {
                    answer.await();
                }
                return List.of(Assault.builder("slow-one")
                        .fault(new Fault.ConnectionReset())
                        .build());
            }
        };
        try (ChaosEngine engine = ChaosEngine.builder()
                .source(slow)
                .sourceTimeout(Duration.ofMillis(200))
                .listener(events::add)
                .build()) {
            // a first read slower than the timeout (a busy machine) is applied when it answers
            await().atMost(Duration.ofSeconds(10)).until(() -> names(engine).equals(List.of("slow-one")));

            for (int i = 0; i < 20; i++) {
                engine.refresh();
            }

            assertThat(names(engine)).isEmpty();
            assertThat(reasons()).contains("did not answer within 200 ms");
            assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(thread -> thread.getName().equals("turbulence-source-slow"))
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(reads).as("one hung read, the follow-ups wait for it").hasValue(2);

            answer.countDown();

            await().atMost(Duration.ofSeconds(5)).until(() -> names(engine).equals(List.of("slow-one")));
        } finally {
            answer.countDown();
        }
    }

    private List<String> reasons() {
        return events.stream()
                .filter(ChaosEvent.SourceFailed.class::isInstance)
                .map(event -> ((ChaosEvent.SourceFailed) event).reason())
                .toList();
    }

    private static List<String> names(ChaosEngine engine) {
        return engine.status().stream().map(status -> status.assault().name()).toList();
    }
}
