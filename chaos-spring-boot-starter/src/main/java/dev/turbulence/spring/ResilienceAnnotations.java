package dev.turbulence.spring;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ReflectionUtils;

/**
 * The names Resilience4j's annotations give on the application's beans, on their classes and methods: of circuit
 * breakers, retries, bulkheads, thread-pool bulkheads, time limiters, rate limiters and fallback methods. Resilience4j
 * creates the instance an annotation names on its first call, so these are the names that exist before their
 * registries hold them. Read as each bean is created, by the annotations' names, so that it needs no Resilience4j
 * annotation on the class path. Thread-safe.
 */
final class ResilienceAnnotations implements BeanPostProcessor {

    /** The experiment probe subject each annotation's {@code name} stands for, by the annotation's simple name. */
    private static final Map<String, String> SUBJECTS = Map.of(
            "CircuitBreaker", "circuitBreaker",
            "Retry", "retry",
            "Bulkhead", "bulkhead",
            "TimeLimiter", "timeLimiter",
            "RateLimiter", "rateLimiter");

    private final Map<String, Set<String>> names = new ConcurrentHashMap<>();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        Stream.of(type.getAnnotations()).forEach(this::note);
        ReflectionUtils.doWithMethods(
                type, method -> Stream.of(method.getAnnotations()).forEach(this::note));
        return bean;
    }

    /**
     * The names seen so far, by probe subject: {@code circuitBreaker}, {@code retry}, {@code bulkhead},
     * {@code threadPoolBulkhead}, {@code timeLimiter}, {@code rateLimiter} and {@code fallback}.
     */
    Map<String, Set<String>> names() {
        return names.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> Set.copyOf(entry.getValue())));
    }

    private void note(Annotation annotation) {
        Class<? extends Annotation> type = annotation.annotationType();
        String subject = SUBJECTS.get(type.getSimpleName());
        if (subject == null || !type.getName().startsWith("io.github.resilience4j.")) {
            return;
        }
        boolean threadPool = "THREADPOOL".equals(String.valueOf(attribute(annotation, "type")));
        add(threadPool ? "threadPoolBulkhead" : subject, attribute(annotation, "name"));
        add("fallback", attribute(annotation, "fallbackMethod"));
    }

    private void add(String subject, Object name) {
        if (name instanceof String given && !given.isBlank()) {
            names.computeIfAbsent(subject, key -> ConcurrentHashMap.newKeySet()).add(given);
        }
    }

    private static Object attribute(Annotation annotation, String name) {
        Method attribute = ReflectionUtils.findMethod(annotation.annotationType(), name);
        return attribute == null ? null : ReflectionUtils.invokeMethod(attribute, annotation);
    }
}
