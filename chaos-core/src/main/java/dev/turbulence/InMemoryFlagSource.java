package dev.turbulence;

import dev.turbulence.schema.InvalidDefinitionException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Assaults defined in code or through an endpoint, changed at run time. Thread-safe; every change is
 * applied at once by the subscribed engine. The engine's own source checks each definition against the
 * engine's limits before anything changes, so a refused definition leaves the source as it was.
 */
public final class InMemoryFlagSource implements FlagSource {

    private final Map<String, Assault> assaults = new ConcurrentHashMap<>();
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private final UnaryOperator<Assault> check;

    /** A source that accepts every valid {@link Assault}. */
    public InMemoryFlagSource() {
        this(UnaryOperator.identity());
    }

    /** A source that first passes each definition through {@code check}, which throws to refuse it. */
    InMemoryFlagSource(UnaryOperator<Assault> check) {
        this.check = check;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<Assault> assaults() {
        return assaults.values().stream()
                .sorted(Comparator.comparing(Assault::name))
                .toList();
    }

    /**
     * Defines {@code assault}, replacing any with the same name.
     *
     * @throws InvalidDefinitionException when the engine's limits refuse it; nothing changes
     */
    public void put(Assault assault) {
        assaults.put(assault.name(), check.apply(assault));
        changed();
    }

    /**
     * Defines all of {@code definitions} in one change, or none of them.
     *
     * @throws InvalidDefinitionException when the engine's limits refuse one; nothing changes
     */
    public void putAll(Collection<Assault> definitions) {
        List<Assault> checked = definitions.stream().map(check).toList();
        checked.forEach(assault -> assaults.put(assault.name(), assault));
        changed();
    }

    public Optional<Assault> get(String name) {
        return Optional.ofNullable(assaults.get(name));
    }

    /** Removes the assault called {@code name}; returns whether there was one. */
    public boolean remove(String name) {
        boolean removed = assaults.remove(name) != null;
        if (removed) {
            changed();
        }
        return removed;
    }

    public void clear() {
        assaults.clear();
        changed();
    }

    @Override
    public AutoCloseable subscribe(Runnable onChange) {
        subscribers.add(onChange);
        return () -> subscribers.remove(onChange);
    }

    private void changed() {
        subscribers.forEach(Runnable::run);
    }
}
