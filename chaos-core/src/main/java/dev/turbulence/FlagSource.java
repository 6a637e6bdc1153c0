package dev.turbulence;

import dev.turbulence.schema.InvalidDefinitionException;
import java.util.List;

/**
 * Where assaults come from. The engine merges its sources by assault name, the first source listed
 * winning. A source that throws is never fatal: an {@link InvalidDefinitionException} keeps that source's last
 * good assaults in force, anything else thrown ({@link Error}s included) means no assaults from it until it
 * recovers. The engine calls {@link #assaults()} on a daemon thread of its own, one call at a time, and counts
 * a call that does not return within its source timeout as unavailable, so a source may block without holding
 * up the engine or the kill switch.
 */
public interface FlagSource {

    /** A short name for events and logs, such as {@code memory} or {@code file:/etc/chaos.yaml}. */
    String name();

    /** The assaults this source defines now. */
    List<Assault> assaults() throws Exception;

    /**
     * Asks to be told when the assaults may have changed. The default never tells: the engine then reads
     * the source on {@link ChaosEngine#refresh()}.
     *
     * @return closes the subscription
     */
    default AutoCloseable subscribe(Runnable onChange) {
        return () -> {};
    }
}
