package dev.turbulence;

import dev.turbulence.schema.InvalidDefinitionException;
import dev.turbulence.schema.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Assaults in system properties, one per property {@code chaos.assault.<name>} whose value is the
 * assault's JSON (or YAML flow) form, for example {@code -Dchaos.assault.slow-db='{"fault":{"type":
 * "latency","fixed":"200ms"}}'}. Read on {@link ChaosEngine#refresh()}.
 */
public final class SystemPropertyFlagSource implements FlagSource {

    public static final String PREFIX = "chaos.assault.";

    @Override
    public String name() {
        return "system-properties";
    }

    @Override
    public List<Assault> assaults() {
        List<Assault> assaults = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<Object, Object> property : System.getProperties().entrySet()) {
            String key = String.valueOf(property.getKey());
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String name = key.substring(PREFIX.length());
            try {
                assaults.add(
                        AssaultSchema.fromTree(AssaultSchema.parseTree(String.valueOf(property.getValue())), name));
            } catch (InvalidDefinitionException invalid) {
                invalid.problems()
                        .forEach(p -> problems.add(new Problem(key + "." + p.field(), p.value(), p.message())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("system properties", problems);
        }
        return assaults;
    }
}
