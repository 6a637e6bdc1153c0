package dev.turbulence.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** Inbound chaos is off unless switched on, and then takes the filter of the application's kind of server. */
class InboundConfigurationTest {

    private final WebApplicationContextRunner servlet =
            new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ChaosAutoConfiguration.class));
    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChaosAutoConfiguration.class));

    @Test
    void noFilterUnlessInboundChaosIsSwitchedOn() {
        servlet.withPropertyValues("chaos.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(InboundChaosFilter.class));
        reactive.withPropertyValues("chaos.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(InboundChaosWebFilter.class));
        servlet.withPropertyValues("chaos.inbound.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(InboundChaosFilter.class));
    }

    @Test
    void aServletApplicationTakesTheServletFilterAndAReactiveOneTheWebFilter() {
        servlet.withPropertyValues("chaos.enabled=true", "chaos.inbound.enabled=true")
                .run(context -> assertThat(context)
                        .hasSingleBean(InboundChaosFilter.class)
                        .doesNotHaveBean(InboundChaosWebFilter.class));
        reactive.withPropertyValues("chaos.enabled=true", "chaos.inbound.enabled=true")
                .run(context -> assertThat(context)
                        .hasSingleBean(InboundChaosWebFilter.class)
                        .doesNotHaveBean(InboundChaosFilter.class));
    }
}
