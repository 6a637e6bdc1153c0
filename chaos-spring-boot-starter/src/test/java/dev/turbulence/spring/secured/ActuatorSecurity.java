package dev.turbulence.spring.secured;

import java.lang.reflect.InvocationTargetException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The security configuration the README shows: actuator behind HTTP basic, the {@code chaos} endpoint for the
 * role {@code CHAOS_ENGINEER} only. Users: {@code engineer} (that role) and {@code viewer} (another role),
 * both with the password {@link #PASSWORD}.
 */
@Configuration(proxyBeanMethods = false)
public class ActuatorSecurity {

    public static final String PASSWORD = "secret";

    @Bean
    SecurityFilterChain actuator(HttpSecurity http) throws Exception {
        return http.securityMatcher(endpointRequest("toAnyEndpoint", new Class<?>[0]))
                .authorizeHttpRequests(requests -> requests.requestMatchers(chaos())
                        .hasRole("CHAOS_ENGINEER")
                        .anyRequest()
                        .permitAll())
                .csrf(csrf -> csrf.ignoringRequestMatchers(chaos()))
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("engineer")
                        .password("{noop}" + PASSWORD)
                        .roles("CHAOS_ENGINEER")
                        .build(),
                User.withUsername("viewer")
                        .password("{noop}" + PASSWORD)
                        .roles("VIEWER")
                        .build());
    }

    private static RequestMatcher chaos() {
        return endpointRequest("to", new Class<?>[] {String[].class}, (Object) new String[] {"chaos"});
    }

    /**
     * Boot's {@code EndpointRequest}, whose package moved between Boot 3.5 and 4: the one these tests run on.
     * Users write {@code EndpointRequest.toAnyEndpoint()} and {@code EndpointRequest.to("chaos")}.
     */
    private static RequestMatcher endpointRequest(String method, Class<?>[] types, Object... arguments) {
        return (RequestMatcher) onThisBoot(
                new String[] {
                    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest",
                    "org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest"
                },
                method,
                types,
                arguments);
    }

    /** Calls the static {@code method} of the first of {@code classNames} on the class path: Boot 4's, then 3.5's. */
    public static Object onThisBoot(String[] classNames, String method, Class<?>[] types, Object... arguments) {
        for (String type : classNames) {
            try {
                return Class.forName(type).getMethod(method, types).invoke(null, arguments);
            } catch (ClassNotFoundException notThisBoot) {
                // the other line's name
            } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException broken) {
                throw new IllegalStateException(broken);
            }
        }
        throw new IllegalStateException("none of " + String.join(", ", classNames) + " is on the class path");
    }
}
