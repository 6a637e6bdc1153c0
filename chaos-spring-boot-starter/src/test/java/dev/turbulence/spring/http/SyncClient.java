package dev.turbulence.spring.http;

import java.time.Duration;
import java.util.List;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/** The synchronous Spring clients, each on the two request factories that need no extra library. */
enum SyncClient {
    REST_CLIENT_ON_JDK_FACTORY,
    REST_CLIENT_ON_SIMPLE_FACTORY,
    REST_TEMPLATE_ON_JDK_FACTORY,
    REST_TEMPLATE_ON_SIMPLE_FACTORY;

    /** A GET call through this client; {@code readTimeout} null for none. */
    Get get(Duration readTimeout, ClientHttpRequestInterceptor... interceptors) {
        ClientHttpRequestFactory factory = factory(readTimeout);
        if (name().startsWith("REST_CLIENT")) {
            RestClient client = RestClient.builder()
                    .requestFactory(factory)
                    .requestInterceptors(list -> list.addAll(List.of(interceptors)))
                    .build();
            return url -> client.get().uri(url).retrieve().body(String.class);
        }
        RestTemplate template = new RestTemplate(factory);
        template.setInterceptors(List.of(interceptors));
        return url -> template.getForObject(url, String.class);
    }

    boolean onJdkFactory() {
        return name().endsWith("JDK_FACTORY");
    }

    private ClientHttpRequestFactory factory(Duration readTimeout) {
        if (onJdkFactory()) {
            JdkClientHttpRequestFactory jdk = new JdkClientHttpRequestFactory();
            if (readTimeout != null) {
                jdk.setReadTimeout(readTimeout);
            }
            return jdk;
        }
        SimpleClientHttpRequestFactory simple = new SimpleClientHttpRequestFactory();
        if (readTimeout != null) {
            simple.setReadTimeout(readTimeout);
        }
        return simple;
    }

    @FunctionalInterface
    interface Get {
        String call(String url);
    }
}
