package dev.turbulence.benchmarks;

import de.codecentric.spring.boot.chaos.monkey.configuration.ChaosMonkeyConfiguration;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A Spring Boot context in which Chaos Monkey for Spring Boot watches {@link InMemoryOrderRepository} with
 * its repository watcher, the way an application enables it: the {@code chaos-monkey} profile and
 * {@code chaos.monkey.*} properties.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({AopAutoConfiguration.class, ChaosMonkeyConfiguration.class})
@Import(InMemoryOrderRepository.class)
class ChaosMonkeyApplication {

    /**
     * Starts the context.
     *
     * @param enabled {@code chaos.monkey.enabled}; when {@code true}, the level is 10,000 and no assault is
     *     active, so the watcher runs on every call and never attacks: its cheapest state while switched on
     */
    static ConfigurableApplicationContext start(boolean enabled) {
        return new SpringApplicationBuilder(ChaosMonkeyApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .profiles("chaos-monkey")
                .properties(
                        "chaos.monkey.enabled=" + enabled,
                        "chaos.monkey.watcher.repository=true",
                        "chaos.monkey.assaults.level=10000",
                        "chaos.monkey.assaults.latency-active=false",
                        "chaos.monkey.assaults.exceptions-active=false",
                        "logging.level.root=WARN")
                .run();
    }
}
