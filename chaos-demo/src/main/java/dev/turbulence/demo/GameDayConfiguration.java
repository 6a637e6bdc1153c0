package dev.turbulence.demo;

import dev.turbulence.ChaosEngine;
import dev.turbulence.resilience4j.AlarmMonitor;
import dev.turbulence.resilience4j.ExperimentRunner;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The experiment runner of the game day: the starter's engine, the registries Resilience4j's Spring Boot
 * support builds from {@code application.yaml}, and the application's meters, where the Resilience4j
 * binders, {@code http.server.requests}, the repository meters and {@code chaos.fallback.calls} are.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GameDayProperties.class)
class GameDayConfiguration {

    @Bean(destroyMethod = "close")
    AlarmMonitor alarmMonitor(MeterRegistry meters) {
        return AlarmMonitor.create(meters);
    }

    @Bean
    ExperimentRunner experimentRunner(
            ChaosEngine engine,
            MeterRegistry meters,
            CircuitBreakerRegistry circuitBreakers,
            RetryRegistry retries,
            TimeLimiterRegistry timeLimiters,
            AlarmMonitor alarmMonitor) {
        return ExperimentRunner.builder(engine, meters)
                .circuitBreakers(circuitBreakers)
                .retries(retries)
                .timeLimiters(timeLimiters)
                .alarmMonitor(alarmMonitor)
                .build();
    }
}
