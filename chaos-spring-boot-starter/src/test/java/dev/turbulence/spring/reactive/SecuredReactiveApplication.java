package dev.turbulence.spring.reactive;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux application with the starter, actuator and the README's reactive security configuration
 * ({@link ReactiveActuatorSecurity}); run it with {@code spring.main.web-application-type=reactive}.
 */
@SpringBootApplication
public class SecuredReactiveApplication {}
