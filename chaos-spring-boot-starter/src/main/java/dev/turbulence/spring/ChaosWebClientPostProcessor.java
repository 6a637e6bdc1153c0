package dev.turbulence.spring;

import dev.turbulence.ChaosEngine;
import dev.turbulence.spring.http.ChaosExchangeFilterFunction;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Adds the chaos filter to {@link WebClient} beans (call-site name: the bean name) and
 * {@link WebClient.Builder} beans (call-site name: {@code chaos.http.builder-client-name}).
 */
final class ChaosWebClientPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<ChaosEngine> engine;
    private final String builderClientName;

    ChaosWebClientPostProcessor(ObjectProvider<ChaosEngine> engine, String builderClientName) {
        this.engine = engine;
        this.builderClientName = builderClientName;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof WebClient client) {
            return client.mutate()
                    .filters(filters -> replaceChaos(filters, beanName))
                    .build();
        }
        if (bean instanceof WebClient.Builder builder) {
            builder.filters(filters -> replaceChaos(filters, builderClientName));
        }
        return bean;
    }

    private void replaceChaos(List<ExchangeFilterFunction> filters, String clientName) {
        filters.removeIf(ChaosExchangeFilterFunction.class::isInstance);
        filters.add(ChaosExchangeFilterFunction.of(engine.getObject(), clientName));
    }
}
