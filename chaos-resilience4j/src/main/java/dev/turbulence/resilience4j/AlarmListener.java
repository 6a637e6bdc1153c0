package dev.turbulence.resilience4j;

/**
 * Receives every {@link AlarmTransition}, synchronously on the monitor's thread — keep it cheap. An exception
 * thrown by a listener is logged and never stops the monitor.
 */
@FunctionalInterface
public interface AlarmListener {

    void onTransition(AlarmTransition transition);
}
