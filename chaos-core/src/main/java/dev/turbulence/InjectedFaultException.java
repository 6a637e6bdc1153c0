package dev.turbulence;

/**
 * Carries an injected checked exception to a call site that cannot declare it (a {@code Supplier}, an
 * interface method without that {@code throws} clause). The injected exception is the cause. An injected
 * {@code IOException} arrives as {@link java.io.UncheckedIOException} instead, as JDK code would wrap it.
 */
public class InjectedFaultException extends RuntimeException {

    public InjectedFaultException(Throwable cause) {
        super(cause.toString(), cause);
    }
}
