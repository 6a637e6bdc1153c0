package dev.turbulence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallSitesTest {

    interface Stock {
        int count(String sku);
    }

    private final ChaosEngine engine = ChaosEngine.create();

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void listsEveryWrappedCallSiteOnceByKindAndNameWhetherChaosIsOnOrOff() {
        Supplier<String> first = engine.decorateSupplier("inventory", () -> "7");
        engine.decorateCallable("inventory", () -> "7");
        engine.proxy(Stock.class, sku -> 7, "stock-repo");
        engine.callSite(CallSiteKind.HTTP, "pricingClient", Map.of("host", "pricing"));
        engine.methodChaos(CallSiteKind.BEAN, "checkout", Stock.class);

        assertThat(engine.callSites())
                .containsExactly(
                        new WrappedCallSite(CallSiteKind.BEAN, "checkout"),
                        new WrappedCallSite(CallSiteKind.HTTP, "pricingClient"),
                        new WrappedCallSite(CallSiteKind.REPOSITORY, "stock-repo"),
                        new WrappedCallSite(CallSiteKind.SUPPLIER, "inventory"));
        assertThat(first.get()).isEqualTo("7");
        assertThat(engine.isEnabled()).isFalse();
    }

    @Test
    void logsEachCallSiteOnceWhenItIsFirstWrapped() {
        Logger logger = Logger.getLogger(CallSites.class.getName());
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            engine.decorateSupplier("inventory", () -> "7");
            engine.decorateSupplier("inventory", () -> "8");
            engine.proxy(Stock.class, sku -> 7, "stock-repo");
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(lines)
                .containsExactly(
                        "INFO Chaos can reach the supplier call site inventory",
                        "INFO Chaos can reach the repository call site stock-repo");
    }

    @Test
    void listsAtMostTheFirstThousandSoThatNamesMadeUpPerCallCannotGrowIt() {
        for (int i = 0; i < CallSites.LIMIT + 50; i++) {
            engine.decorateSupplier("order-" + i, () -> "ok");
        }

        assertThat(engine.callSites()).hasSize(CallSites.LIMIT);
        assertThat(engine.decorateSupplier("one-more", () -> "ok").get()).isEqualTo("ok");
    }

    @Test
    void methodChaosRefusesTheKindsNoCallSiteHas() {
        assertThatThrownBy(() -> engine.methodChaos(CallSiteKind.PROCESS, "jvm", Stock.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a call site has a concrete call-site kind, but was process");
        assertThat(engine.callSites()).isEmpty();
    }
}
