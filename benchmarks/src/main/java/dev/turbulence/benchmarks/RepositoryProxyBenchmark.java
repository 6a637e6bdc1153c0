package dev.turbulence.benchmarks;

import dev.turbulence.CallSiteKind;
import dev.turbulence.ChaosEngine;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import org.aopalliance.intercept.MethodInterceptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a proxy around a repository costs per call: a bare JDK {@link Proxy} that only passes the call on
 * (the floor of the technique), {@link ChaosEngine#proxy} with chaos off and on but not targeting the
 * repository, Chaos Monkey for Spring Boot watching the same repository bean in a Spring context with chaos
 * disabled and with its watcher on but no assault firing, and a pass-through Spring AOP
 * {@link MethodInterceptor}; next to calling the repository directly.
 *
 * <p>Run it (from the repository root, after {@code mvn -B -pl benchmarks -am package -DskipTests}):
 * {@code java -jar benchmarks/target/benchmarks.jar RepositoryProxyBenchmark -t 1 -prof gc}, and again
 * with {@code -t 2}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RepositoryProxyBenchmark {

    static final String SITE = "orders";

    @State(Scope.Benchmark)
    public static class Direct {
        OrderRepository repository = new InMemoryOrderRepository();
        String id = "o-1";
    }

    @State(Scope.Benchmark)
    public static class Proxied {
        @Param({
            "jdk-proxy",
            "turbulence-off",
            "turbulence-on-not-targeted",
            "chaos-monkey-disabled",
            "chaos-monkey-watching",
            "spring-aop"
        })
        public String proxy;

        OrderRepository repository;
        private AutoCloseable owner = () -> {};

        @Setup
        public void setUp(Direct direct) {
            OrderRepository target = direct.repository;
            repository = switch (proxy) {
                case "jdk-proxy" -> passThrough(target);
                case "turbulence-off" -> turbulence(ChaosSetting.OFF, target);
                case "turbulence-on-not-targeted" -> turbulence(ChaosSetting.ON_NOT_TARGETED, target);
                case "chaos-monkey-disabled" -> chaosMonkey(false);
                case "chaos-monkey-watching" -> chaosMonkey(true);
                case "spring-aop" -> springAop(target);
                default -> throw new IllegalArgumentException("unknown proxy " + proxy);
            };
        }

        @TearDown
        public void tearDown() throws Exception {
            owner.close();
        }

        private OrderRepository turbulence(ChaosSetting setting, OrderRepository target) {
            ChaosEngine engine = setting.engineFor(CallSiteKind.REPOSITORY, SITE);
            owner = engine;
            return engine.proxy(OrderRepository.class, target, SITE);
        }

        private OrderRepository chaosMonkey(boolean enabled) {
            ConfigurableApplicationContext context = ChaosMonkeyApplication.start(enabled);
            owner = context;
            return context.getBean(OrderRepository.class);
        }

        private static OrderRepository passThrough(OrderRepository target) {
            InvocationHandler handler = (proxy, method, args) -> {
                try {
                    return method.invoke(target, args);
                } catch (InvocationTargetException thrown) {
                    throw thrown.getCause();
                }
            };
            return (OrderRepository) Proxy.newProxyInstance(
                    OrderRepository.class.getClassLoader(), new Class<?>[] {OrderRepository.class}, handler);
        }

        private static OrderRepository springAop(OrderRepository target) {
            ProxyFactory factory = new ProxyFactory(target);
            factory.addAdvice((MethodInterceptor) invocation -> invocation.proceed());
            return (OrderRepository) factory.getProxy();
        }
    }

    @Benchmark
    public OrderRepository.Order direct(Direct state) {
        return state.repository.findById(state.id);
    }

    @Benchmark
    public OrderRepository.Order proxied(Proxied state, Direct direct) {
        return state.repository.findById(direct.id);
    }
}
