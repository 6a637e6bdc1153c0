package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@Timeout(30)
class ReactiveProxyTest {

    interface StockRepository {
        Mono<Integer> stock(String sku);

        Flux<String> skus();
    }

    static final class Stock implements StockRepository {
        final AtomicInteger subscriptions = new AtomicInteger();
        final Mono<Integer> stock = Mono.fromCallable(() -> {
            subscriptions.incrementAndGet();
            return 7;
        });

        @Override
        public Mono<Integer> stock(String sku) {
            return stock;
        }

        @Override
        public Flux<String> skus() {
            return Flux.just("apples", "pears").doOnSubscribe(subscription -> subscriptions.incrementAndGet());
        }
    }

    private final ChaosEngine engine = ChaosEngine.create();
    private final Stock target = new Stock();
    private final StockRepository stock = engine.proxy(StockRepository.class, target, "stock-repo");

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void returnsTheTargetsPublishersWhenChaosIsOff() {
        assertThat(stock.stock("a")).isSameAs(target.stock);
        StepVerifier.create(stock.skus()).expectNext("apples", "pears").verifyComplete();
    }

    @Test
    void failsWithAnErrorSignalNeverAThrowAtAssembly() {
        arm(new Fault.ExceptionFault(IllegalStateException.class, "db down"), null);

        Mono<Integer> assembled = stock.stock("a");

        StepVerifier.create(assembled)
                .expectErrorSatisfies(failure -> assertThat(failure)
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage("db down"))
                .verify();
        assertThat(target.subscriptions)
                .as("the real publisher is not subscribed")
                .hasValue(0);
    }

    @Test
    void signalsCheckedExceptionsAsThemselves() {
        arm(new Fault.ConnectionReset(), null);

        StepVerifier.create(stock.skus())
                .expectErrorSatisfies(failure -> assertThat(failure)
                        .isExactlyInstanceOf(SocketException.class)
                        .hasMessage("Connection reset"))
                .verify();
    }

    @Test
    void delaysTheSubscriptionOnATimerNotOnAThread() {
        arm(new Fault.FixedLatency(Duration.ofMinutes(10)), null);

        StepVerifier.withVirtualTime(() -> stock.stock("a"))
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(10))
                .expectNext(7)
                .verifyComplete();
        assertThat(target.subscriptions).hasValue(1);
    }

    @Test
    void signalsAReadTimeoutOnlyAfterItsHang() {
        arm(new Fault.ReadTimeout(Duration.ofSeconds(5)), null);

        StepVerifier.withVirtualTime(stock::skus)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(5))
                .expectErrorSatisfies(failure -> assertThat(failure)
                        .isExactlyInstanceOf(SocketTimeoutException.class)
                        .hasMessage("Read timed out"))
                .verify();
        assertThat(target.subscriptions).hasValue(0);
    }

    @Test
    void decidesAgainForEachSubscriptionSoARetryCanRecover() {
        arm(new Fault.ExceptionFault(IllegalStateException.class, "db down"), 1L);

        StepVerifier.create(stock.stock("a").retry(1)).expectNext(7).verifyComplete();
        assertThat(target.subscriptions).hasValue(1);
        assertThat(engine.status())
                .singleElement()
                .extracting(AssaultStatus::injections)
                .isEqualTo(1L);
    }

    @Test
    void afterTheCallTheRealPublisherRunsAndItsAnswerIsLost() {
        engine.assaults()
                .put(Assault.builder("stock")
                        .target(CallSiteKind.REPOSITORY, "stock-repo")
                        .fault(new Fault.ConnectionReset())
                        .afterCall(true)
                        .build());
        engine.enable();

        StepVerifier.create(stock.stock("a")).expectError(SocketException.class).verify();
        StepVerifier.create(stock.skus()).expectError(SocketException.class).verify();
        assertThat(target.subscriptions).as("both real publishers ran").hasValue(2);
    }

    @Test
    void afterTheCallALatencyHoldsBackTheValueOnATimer() {
        engine.assaults()
                .put(Assault.builder("stock")
                        .target(CallSiteKind.REPOSITORY, "stock-repo")
                        .fault(new Fault.FixedLatency(Duration.ofMinutes(10)))
                        .afterCall(true)
                        .build());
        engine.enable();

        StepVerifier.withVirtualTime(() -> stock.stock("a"))
                .expectSubscription()
                .then(() -> assertThat(target.subscriptions)
                        .as("subscribed at once")
                        .hasValue(1))
                .expectNoEvent(Duration.ofMinutes(10))
                .expectNext(7)
                .verifyComplete();
    }

    @Test
    void loadsNoReactorClassForMethodsThatDoNotReturnMonoOrFlux() throws Exception {
        try (CoreWithoutReactor loader = new CoreWithoutReactor()) {
            @SuppressWarnings("unchecked")
            Callable<String> scenario = (Callable<String>) loader.loadClass(ProxyWithoutReactor.class.getName())
                    .getDeclaredConstructor()
                    .newInstance();

            assertThat(scenario.call()).isEqualTo("java.lang.IllegalStateException: db down");
            assertThat(loader.isLoaded(ChaosEngine.class.getName())).isTrue();
            assertThat(loader.isLoaded("dev.turbulence.ReactorSignals")).isFalse();
            assertThatThrownBy(() -> loader.loadClass(Mono.class.getName())).isInstanceOf(ClassNotFoundException.class);
        }
    }

    /** Runs inside {@link CoreWithoutReactor}: a proxied method that is not reactive, assaulted. */
    public static final class ProxyWithoutReactor implements Callable<String> {
        @Override
        public String call() {
            try (ChaosEngine engine = ChaosEngine.create()) {
                engine.assaults()
                        .put(Assault.builder("calls")
                                .target(CallSiteKind.REPOSITORY, "calls")
                                .fault(new Fault.ExceptionFault(IllegalStateException.class, "db down"))
                                .build());
                engine.enable();
                Callable<String> call = engine.proxy(Callable.class, () -> "ok", "calls");
                call.call();
                return "no fault";
            } catch (Exception failure) {
                return failure.toString();
            }
        }
    }

    /** Loads the core (and this test) itself, and hides Reactor as if it were not on the classpath. */
    static final class CoreWithoutReactor extends URLClassLoader {
        CoreWithoutReactor() {
            super(
                    new URL[] {
                        ChaosEngine.class.getProtectionDomain().getCodeSource().getLocation(),
                        ReactiveProxyTest.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                    },
                    ReactiveProxyTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("reactor.")) {
                throw new ClassNotFoundException(name + " is hidden");
            }
            if (!name.startsWith("dev.turbulence.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }

        boolean isLoaded(String name) {
            return findLoadedClass(name) != null;
        }
    }

    private void arm(Fault fault, Long maxInjections) {
        Assault.Builder assault = Assault.builder("stock")
                .target(CallSiteKind.REPOSITORY, "stock-repo")
                .fault(fault);
        if (maxInjections != null) {
            assault.maxInjections(maxInjections);
        }
        engine.assaults().put(assault.build());
        engine.enable();
    }
}
