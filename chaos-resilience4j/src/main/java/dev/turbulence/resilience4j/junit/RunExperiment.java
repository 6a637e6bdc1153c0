package dev.turbulence.resilience4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the experiment in the YAML or JSON classpath resource {@link #value()} before the annotated test's body,
 * through the {@link ChaosExperimentExtension} registered on the test class; the test fails unless the verdict
 * is PASSED, and may take the {@link dev.turbulence.resilience4j.ExperimentReport} as a parameter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RunExperiment {

    /** The classpath resource holding the experiment, such as {@code experiments/inventory-outage.yaml}. */
    String value();
}
