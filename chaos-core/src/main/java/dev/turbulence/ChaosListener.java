package dev.turbulence;

/**
 * Receives every {@link ChaosEvent}. The events of a call ({@link ChaosEvent.Injected},
 * {@link ChaosEvent.WouldInject}, {@link ChaosEvent.AssaultExpired}) arrive synchronously on the call's thread and
 * those of a stressor on its own thread — keep it cheap, a listener that blocks there blocks that call. The
 * engine's state events ({@link ChaosEvent.Switched}, {@link ChaosEvent.PlanChanged},
 * {@link ChaosEvent.SourceFailed}) arrive in order on the engine's event thread, never under an engine lock;
 * the method that caused them returns once they were delivered, or after at most 100 ms while a listener is
 * busy, so a slow or stuck listener never holds up the kill switch. An exception thrown by a listener is logged
 * and never reaches the decorated call.
 */
@FunctionalInterface
public interface ChaosListener {

    void onEvent(ChaosEvent event);
}
