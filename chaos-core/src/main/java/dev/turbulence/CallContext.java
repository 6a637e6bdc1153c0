package dev.turbulence;

/**
 * What a call site needs of its engine: the plan calls consult, the time, where the events of a call go, and how
 * its injections wait. Lets {@link CallSite} and {@link MethodChaos} depend on these alone, not on the engine. The
 * plan is a field of this class, not a method of an interface, so that a call with chaos off costs one load and a
 * branch.
 */
abstract class CallContext {

    private volatile Plan live;

    /** The plan calls consult: {@code null} while chaos is off or no assault is defined. One volatile read. */
    final Plan live() {
        return live;
    }

    /** Makes {@code plan} the one calls consult; {@code null} lets every call through untouched. */
    final void consult(Plan plan) {
        live = plan;
    }

    /** The engine's clock, in milliseconds. */
    abstract long millis();

    /** Delivers an event of a call to the listeners on the calling thread. */
    abstract void emit(ChaosEvent event);

    /** How the injections of these calls wait. */
    abstract Waits waits();
}
