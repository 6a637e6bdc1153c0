package dev.turbulence;

/**
 * What a call site needs of its engine: the plan calls consult, the time, where the events of a call go, and how
 * its injections wait. Lets {@link CallSite} and {@link MethodChaos} depend on these alone, not on the engine.
 */
interface CallContext {

    /** The plan calls consult: {@code null} while chaos is off or no assault is defined. One volatile read. */
    Plan live();

    /** The engine's clock, in milliseconds. */
    long millis();

    /** Delivers an event of a call to the listeners on the calling thread. */
    void emit(ChaosEvent event);

    /** How the injections of these calls wait. */
    Waits waits();
}
