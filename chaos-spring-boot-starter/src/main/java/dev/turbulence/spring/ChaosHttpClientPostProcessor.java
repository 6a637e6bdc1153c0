package dev.turbulence.spring;

import dev.turbulence.ChaosEngine;
import dev.turbulence.spring.http.ChaosClientHttpRequestInterceptor;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Adds the chaos interceptor to {@link RestClient} and {@link RestTemplate} beans (call-site name: the
 * bean name) and to {@link RestClient.Builder} beans (call-site name: {@code chaos.http.builder-client-name}),
 * so faults happen before a request leaves, inside the caller's retries and breakers.
 */
final class ChaosHttpClientPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<ChaosEngine> engine;
    private final String builderClientName;

    ChaosHttpClientPostProcessor(ObjectProvider<ChaosEngine> engine, String builderClientName) {
        this.engine = engine;
        this.builderClientName = builderClientName;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RestTemplate template) {
            replaceChaos(template.getInterceptors(), beanName);
        } else if (bean instanceof RestClient client) {
            return client.mutate()
                    .requestInterceptors(interceptors -> replaceChaos(interceptors, beanName))
                    .build();
        } else if (bean instanceof RestClient.Builder builder) {
            builder.requestInterceptors(interceptors -> replaceChaos(interceptors, builderClientName));
        }
        return bean;
    }

    private void replaceChaos(List<ClientHttpRequestInterceptor> interceptors, String clientName) {
        interceptors.removeIf(ChaosClientHttpRequestInterceptor.class::isInstance);
        interceptors.add(ChaosClientHttpRequestInterceptor.of(engine.getObject(), clientName));
    }
}
