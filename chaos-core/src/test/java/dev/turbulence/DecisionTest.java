package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rates, every-Nth, seeds and budgets: which calls an assault chooses. */
class DecisionTest {

    private final ChaosEngine engine = ChaosEngine.create();

    @AfterEach
    void close() {
        engine.close();
    }

    static Stream<Arguments> ratesAndSeeds() {
        Random random = new Random(20261126);
        return Stream.generate(() -> Arguments.of(0.01 + 0.98 * random.nextDouble(), random.nextLong()))
                .limit(12);
    }

    @ParameterizedTest(name = "rate {0}, seed {1}")
    @MethodSource("ratesAndSeeds")
    void injectsTheConfiguredShareOfCalls(double rate, long seed) {
        CallSite site = armedSite(Assault.builder("share")
                .fault(new Fault.ConnectionReset())
                .rate(rate)
                .seed(seed));
        int calls = 20_000;

        long injected = countInjections(site, calls);

        double tolerance = 4 * Math.sqrt(rate * (1 - rate) / calls);
        assertThat((double) injected / calls).isCloseTo(rate, org.assertj.core.api.Assertions.within(tolerance));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 7, 100})
    void injectsExactlyEveryNthCall(long n) {
        CallSite site = armedSite(
                Assault.builder("nth").fault(new Fault.ConnectionReset()).everyNth(n));

        List<Integer> chosen = new ArrayList<>();
        for (int call = 1; call <= 300; call++) {
            if (site.decide() != null) {
                chosen.add(call);
            }
        }

        assertThat(chosen)
                .hasSize((int) (300 / n))
                .allSatisfy(call -> assertThat(call % n).isZero());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 42, -7, Long.MAX_VALUE})
    void theSameSeedMakesTheSameDecisions(long seed) {
        Assault.Builder definition = Assault.builder("seeded")
                .fault(new Fault.UniformLatency(java.time.Duration.ofNanos(1), java.time.Duration.ofNanos(1000)))
                .rate(0.3)
                .seed(seed);

        assertThat(decisions(definition))
                .isEqualTo(decisions(definition))
                .contains(-1L)
                .anyMatch(nanos -> nanos > 0);
    }

    @Test
    void anEngineSeedMakesUnseededAssaultsReproducible() {
        Assault unseeded = Assault.builder("unseeded")
                .target(CallSiteKind.SUPPLIER, "site")
                .fault(new Fault.ConnectionReset())
                .rate(0.5)
                .build();

        assertThat(engineSeededDecisions(7, unseeded))
                .isEqualTo(engineSeededDecisions(7, unseeded))
                .isNotEqualTo(engineSeededDecisions(8, unseeded));
    }

    private static List<Boolean> engineSeededDecisions(long seed, Assault assault) {
        try (ChaosEngine seeded = ChaosEngine.builder().seed(seed).build()) {
            seeded.define(assault);
            seeded.enable();
            CallSite site = seeded.callSite(CallSiteKind.SUPPLIER, "site", Map.of());
            return java.util.stream.IntStream.range(0, 100)
                    .mapToObj(i -> site.decide() != null)
                    .toList();
        }
    }

    @Test
    void eachThreadKeepsItsSeededDecisionsWhateverTheInterleaving() throws Exception {
        Assault.Builder definition = Assault.builder("seeded")
                .fault(new Fault.UniformLatency(java.time.Duration.ofNanos(1), java.time.Duration.ofNanos(1000)))
                .rate(0.3)
                .seed(42);

        List<List<Long>> first = decisionsPerThread(definition, 4, Arrival.FIRST_CALL_BEFORE_THE_NEXT);
        List<List<Long>> second = decisionsPerThread(definition, 4, Arrival.FIRST_CALL_BEFORE_THE_NEXT);

        assertThat(second).isEqualTo(first);
        assertThat(first).doesNotHaveDuplicates();
        assertThat(first.get(0))
                .as("the first thread draws what a single thread draws")
                .isEqualTo(decisions(definition));
        long injected =
                first.stream().flatMap(List::stream).filter(nanos -> nanos >= 0).count();
        double share = (double) injected / (4 * 200);
        assertThat(share).isCloseTo(0.3, org.assertj.core.api.Assertions.within(4 * Math.sqrt(0.3 * 0.7 / 800)));
    }

    /**
     * Threads past the engine's cache of streams, and threads whose ids share a slot of it, keep their own stream
     * too: each thread's decisions are the same whether every thread runs its calls to the end before the next
     * starts, or all wait after their first call until every one has made it.
     */
    @Test
    void moreThreadsThanTheStreamsCacheHoldsStillKeepEachItsOwnStream() throws Exception {
        Assault.Builder definition = Assault.builder("seeded")
                .fault(new Fault.UniformLatency(java.time.Duration.ofNanos(1), java.time.Duration.ofNanos(1000)))
                .rate(0.3)
                .seed(7);

        List<List<Long>> oneAfterAnother = decisionsPerThread(definition, 70, Arrival.ALL_CALLS_BEFORE_THE_NEXT);
        List<List<Long>> allTogether = decisionsPerThread(definition, 70, Arrival.ALL_WAIT_AFTER_THE_FIRST_CALL);

        assertThat(allTogether).isEqualTo(oneAfterAnother);
        assertThat(oneAfterAnother).as("no two threads share a stream").doesNotHaveDuplicates();
        assertThat(oneAfterAnother.get(0)).isEqualTo(decisions(definition));
    }

    /** When a thread of {@link #decisionsPerThread} may go on, once it reached the assault. */
    private enum Arrival {
        /** The next thread starts after this one's first call, and both run freely. */
        FIRST_CALL_BEFORE_THE_NEXT,
        /** The next thread starts after this one made all its calls. */
        ALL_CALLS_BEFORE_THE_NEXT,
        /** The next thread starts after this one's first call; no thread goes on until every one made it. */
        ALL_WAIT_AFTER_THE_FIRST_CALL
    }

    /**
     * The decisions (as {@link #decisions}) of 200 calls on each of {@code threads} threads of a fresh engine,
     * listed by the order in which the threads reach the assault, one after another; after that as
     * {@code arrival} says, interleaved as the scheduler likes.
     */
    private static List<List<Long>> decisionsPerThread(Assault.Builder definition, int threads, Arrival arrival)
            throws Exception {
        try (ChaosEngine fresh = ChaosEngine.create()) {
            fresh.assaults()
                    .put(definition.target(CallSiteKind.SUPPLIER, "site").build());
            fresh.enable();
            CallSite site = fresh.callSite(CallSiteKind.SUPPLIER, "site", Map.of());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Long>>> workers = new ArrayList<>();
                CountDownLatch everyFirstCall =
                        new CountDownLatch(arrival == Arrival.ALL_WAIT_AFTER_THE_FIRST_CALL ? threads : 0);
                CountDownLatch previousArrived = new CountDownLatch(0);
                for (int t = 0; t < threads; t++) {
                    CountDownLatch myTurn = previousArrived;
                    CountDownLatch arrived = new CountDownLatch(1);
                    workers.add(pool.submit(() -> {
                        myTurn.await();
                        List<Long> decisions = new ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            Injection injection = site.decide();
                            decisions.add(
                                    injection == null
                                            ? -1L
                                            : injection.latency().toNanos());
                            if (i == 0) {
                                everyFirstCall.countDown();
                            }
                            if (arrival != Arrival.ALL_CALLS_BEFORE_THE_NEXT || i == 199) {
                                arrived.countDown();
                            }
                            if (i == 0) {
                                everyFirstCall.await();
                            }
                        }
                        return decisions;
                    }));
                    previousArrived = arrived;
                }
                List<List<Long>> perThread = new ArrayList<>();
                for (Future<List<Long>> worker : workers) {
                    perThread.add(worker.get());
                }
                return perThread;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void everyNthStaysExactUnderContention() throws Exception {
        CallSite site = armedSite(
                Assault.builder("nth").fault(new Fault.ConnectionReset()).everyNth(7));

        assertThat(injectionsOnThreads(site, 4, 7_000)).isEqualTo(4_000);
    }

    @Test
    void differentSeedsMakeDifferentDecisions() {
        Assault.Builder definition =
                Assault.builder("seeded").fault(new Fault.ConnectionReset()).rate(0.5);

        assertThat(decisions(definition.seed(1))).isNotEqualTo(decisions(definition.seed(2)));
    }

    @Test
    void neverExceedsTheBudgetUnderContention() throws Exception {
        CallSite site = armedSite(Assault.builder("budget")
                .fault(new Fault.ConnectionReset())
                .rate(0.5)
                .maxInjections(1_000));

        assertThat(injectionsOnThreads(site, 4, 5_000)).isEqualTo(1_000);
        assertThat(engine.status()).singleElement().satisfies(status -> {
            assertThat(status.injections()).isEqualTo(1_000);
            assertThat(status.state()).isEqualTo(AssaultStatus.State.EXHAUSTED);
        });
    }

    /** The injections of {@code calls} calls on each of {@code threads} threads started together. */
    private static long injectionsOnThreads(CallSite site, int threads, int calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong injected = new AtomicLong();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    injected.addAndGet(countInjections(site, calls));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return injected.get();
    }

    @Test
    void latencyAppliesFirstThenOnlyTheFirstFailureInTheDocumentedOrder() {
        engine.assaults()
                .putAll(List.of(
                        Assault.builder("boom")
                                .fault(new Fault.ExceptionFault(IllegalStateException.class, "boom"))
                                .build(),
                        Assault.builder("refused")
                                .fault(new Fault.ConnectionRefused())
                                .build(),
                        Assault.builder("reset")
                                .fault(new Fault.ConnectionReset())
                                .build(),
                        Assault.builder("slow")
                                .fault(new Fault.FixedLatency(java.time.Duration.ofMillis(3)))
                                .build()));
        engine.enable();
        List<String> injected = new ArrayList<>();
        engine.addListener(event -> {
            if (event instanceof ChaosEvent.Injected hit) {
                injected.add(hit.assault());
            }
        });

        Injection injection =
                engine.callSite(CallSiteKind.SUPPLIER, "any", Map.of()).decide();

        assertThat(injection.latency()).hasMillis(3);
        assertThat(injection.failure()).isEqualTo(new Fault.ConnectionRefused());
        assertThat(injected).containsExactly("slow", "refused");
    }

    @ParameterizedTest(name = "the failing assault: {0}")
    @ValueSource(strings = {"every 2nd call", "a rate of 1"})
    void eachOfASitesAssaultsChoosesItsOwnCallsWhicheverComesFirst(String failing) {
        Assault.Builder reset =
                Assault.builder("reset").fault(new Fault.ConnectionReset()).target(CallSiteKind.SUPPLIER, "site");
        engine.assaults()
                .putAll(List.of(
                        Assault.builder("slow")
                                .fault(new Fault.FixedLatency(java.time.Duration.ofMillis(3)))
                                .target(CallSiteKind.SUPPLIER, "site")
                                .everyNth(3)
                                .build(),
                        (failing.equals("a rate of 1") ? reset.rate(1.0) : reset.everyNth(2)).build()));
        engine.enable();
        CallSite site = engine.callSite(CallSiteKind.SUPPLIER, "site", Map.of());

        for (int call = 1; call <= 12; call++) {
            Injection injection = site.decide();
            boolean slow = call % 3 == 0;
            boolean fails = failing.equals("a rate of 1") || call % 2 == 0;
            if (!slow && !fails) {
                assertThat(injection).as("call %d", call).isNull();
                continue;
            }
            assertThat(injection).as("call %d", call).isNotNull();
            assertThat(injection.latency()).as("latency of call %d", call).hasMillis(slow ? 3 : 0);
            assertThat(injection.failure())
                    .as("failure of call %d", call)
                    .isEqualTo(fails ? new Fault.ConnectionReset() : null);
        }
    }

    @Test
    void dryRunRecordsWouldInjectAndInjectsNothing() {
        List<ChaosEvent> events = new ArrayList<>();
        engine.addListener(events::add);
        CallSite site = armedSite(
                Assault.builder("rehearsal").fault(new Fault.ConnectionReset()).dryRun(true));

        assertThat(site.decide()).isNull();
        assertThat(events)
                .filteredOn(ChaosEvent.WouldInject.class::isInstance)
                .singleElement()
                .isEqualTo(new ChaosEvent.WouldInject(
                        events.get(events.size() - 1).at(),
                        "rehearsal",
                        "connection-reset",
                        CallSiteKind.SUPPLIER,
                        "site"));
        assertThat(events).noneMatch(ChaosEvent.Injected.class::isInstance);
    }

    @Test
    void aDisabledAssaultNeverInjects() {
        CallSite site = armedSite(
                Assault.builder("off").fault(new Fault.ConnectionReset()).enabled(false));

        assertThat(countInjections(site, 100)).isZero();
        assertThat(engine.status())
                .singleElement()
                .extracting(AssaultStatus::state)
                .isEqualTo(AssaultStatus.State.DISABLED);
    }

    @Test
    void matchesTargetsAgainstPerCallAttributes() {
        engine.assaults()
                .put(Assault.builder("gets")
                        .target(new Target(
                                CallSiteKind.HTTP,
                                Glob.of("inventory"),
                                Map.of("method", Glob.of("GET"), "path", Glob.of("/stock/**"))))
                        .fault(new Fault.ConnectionReset())
                        .build());
        engine.enable();
        CallSite site = engine.callSite(CallSiteKind.HTTP, "inventory", Map.of());

        assertThat(site.decide(Map.of("method", "GET", "path", "/stock/1/count")))
                .isNotNull();
        assertThat(site.decide(Map.of("method", "POST", "path", "/stock/1/count")))
                .isNull();
        assertThat(site.decide(Map.of("method", "GET"))).isNull();
        assertThat(engine.callSite(CallSiteKind.HTTP, "payments", Map.of())
                        .decide(Map.of("method", "GET", "path", "/stock/1")))
                .isNull();
    }

    @Test
    void tellsAdaptersWhetherAnyAssaultCanReachTheSite() {
        CallSite inventory = engine.callSite(CallSiteKind.HTTP, "inventory", Map.of());
        CallSite payments = engine.callSite(CallSiteKind.HTTP, "payments", Map.of());
        engine.assaults()
                .put(Assault.builder("reset")
                        .target(CallSiteKind.HTTP, "inventory")
                        .fault(new Fault.ConnectionReset())
                        .build());

        assertThat(inventory.isTargeted()).as("chaos off").isFalse();
        engine.enable();
        assertThat(inventory.isTargeted()).isTrue();
        assertThat(payments.isTargeted()).isFalse();

        engine.assaults()
                .put(Assault.builder("reset")
                        .target(CallSiteKind.HTTP, "inventory")
                        .fault(new Fault.ConnectionReset())
                        .enabled(false)
                        .build());
        assertThat(inventory.isTargeted()).as("its only assault disabled").isFalse();
    }

    private CallSite armedSite(Assault.Builder definition) {
        engine.assaults().put(definition.target(CallSiteKind.SUPPLIER, "site").build());
        engine.enable();
        return engine.callSite(CallSiteKind.SUPPLIER, "site", Map.of());
    }

    private static long countInjections(CallSite site, int calls) {
        long injected = 0;
        for (int i = 0; i < calls; i++) {
            injected += site.decide() != null ? 1 : 0;
        }
        return injected;
    }

    /** The decisions of 200 calls on a fresh engine: -1 for untouched, else the sampled latency in nanos. */
    private static List<Long> decisions(Assault.Builder definition) {
        try (ChaosEngine fresh = ChaosEngine.create()) {
            fresh.assaults()
                    .put(definition.target(CallSiteKind.SUPPLIER, "site").build());
            fresh.enable();
            CallSite site = fresh.callSite(CallSiteKind.SUPPLIER, "site", Map.of());
            List<Long> decisions = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Injection injection = site.decide();
                decisions.add(injection == null ? -1L : injection.latency().toNanos());
            }
            return decisions;
        }
    }
}
