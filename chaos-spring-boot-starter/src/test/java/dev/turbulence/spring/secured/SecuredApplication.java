package dev.turbulence.spring.secured;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application with the starter, actuator and the README's security configuration ({@link ActuatorSecurity}). */
@SpringBootApplication
public class SecuredApplication {}
