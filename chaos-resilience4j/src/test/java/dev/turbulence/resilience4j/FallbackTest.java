package dev.turbulence.resilience4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FallbackTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Fallback fallback = Fallback.of("inventory", registry);

    double count(String outcome) {
        return registry.get(Fallback.METER)
                .tag("name", "inventory")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    @Test
    void publishesBothCountersAtZeroBeforeAnyCall() {
        assertThat(count("served")).isZero();
        assertThat(count("failed")).isZero();
    }

    @Test
    void countsAFailedCallTheFallbackAnswered() {
        Supplier<String> stock = fallback.decorateSupplier(
                () -> {
                    throw new IllegalStateException("down");
                },
                failure -> "cached:" + failure.getMessage());

        assertThat(stock.get()).isEqualTo("cached:down");
        assertThat(count("served")).isEqualTo(1);
        assertThat(count("failed")).isZero();
    }

    @Test
    void countsAFallbackThatThrowsAndPropagatesItsExceptionWithTheOriginalSuppressed() {
        Supplier<String> stock = Fallback.decorateSupplier(
                fallback,
                () -> {
                    throw new IllegalStateException("down");
                },
                failure -> {
                    throw new UnsupportedOperationException("no cache");
                });

        assertThatThrownBy(stock::get)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("no cache")
                .satisfies(e ->
                        assertThat(e.getSuppressed()).singleElement().hasFieldOrPropertyWithValue("message", "down"));
        assertThat(count("failed")).isEqualTo(1);
        assertThat(count("served")).isZero();
    }

    @Test
    void aRecoveryThatRethrowsTheOriginalPropagatesItUnchanged() {
        IllegalStateException down = new IllegalStateException("down");
        Supplier<String> stock = fallback.decorateSupplier(
                () -> {
                    throw down;
                },
                failure -> {
                    if (failure instanceof UnsupportedOperationException) {
                        return "cached";
                    }
                    throw failure;
                });

        assertThatThrownBy(stock::get).isSameAs(down);
        assertThat(down.getSuppressed()).isEmpty();
        assertThat(count("failed")).isEqualTo(1);
        assertThat(count("served")).isZero();
    }

    @Test
    void recoversOnlyFromTheNamedTypeAndLetsOthersPassUncounted() throws Exception {
        IllegalArgumentException bug = new IllegalArgumentException("bug");
        Supplier<String> stock = fallback.decorateSupplier(
                () -> {
                    throw bug;
                },
                IllegalStateException.class,
                failure -> "cached");
        Callable<String> prices = Fallback.decorateCallable(
                fallback,
                () -> {
                    throw new IOException("reset");
                },
                IOException.class,
                failure -> "cached:" + failure.getMessage());

        assertThatThrownBy(stock::get).isSameAs(bug);
        assertThat(prices.call()).isEqualTo("cached:reset");
        assertThat(count("served")).isEqualTo(1);
        assertThat(count("failed")).isZero();
    }

    @Test
    void leavesSuccessfulCallsUncounted() throws Exception {
        Callable<String> stock = fallback.decorateCallable(() -> "fresh", failure -> "cached");

        assertThat(stock.call()).isEqualTo("fresh");
        assertThat(count("served") + count("failed")).isZero();
    }

    @Test
    void answersCheckedExceptionsOfACallable() throws Exception {
        Callable<String> stock = fallback.decorateCallable(
                () -> {
                    throw new IOException("reset");
                },
                failure -> failure.getClass().getSimpleName());

        assertThat(stock.call()).isEqualTo("IOException");
        assertThat(count("served")).isEqualTo(1);
    }

    @Test
    void rejectsABlankName() {
        assertThatThrownBy(() -> Fallback.of(" ", registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fallback name is required, but was  ");
    }
}
