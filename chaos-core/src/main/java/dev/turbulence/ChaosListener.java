package dev.turbulence;

/**
 * Receives every {@link ChaosEvent}, synchronously on the thread that caused it — keep it cheap. An
 * exception thrown by a listener is logged and never reaches the decorated call.
 */
@FunctionalInterface
public interface ChaosListener {

    void onEvent(ChaosEvent event);
}
