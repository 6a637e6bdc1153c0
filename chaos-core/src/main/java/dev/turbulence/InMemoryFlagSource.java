package dev.turbulence;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Assaults defined in code or through an endpoint, changed at run time. Thread-safe; every change is
 * applied at once by the subscribed engine.
 */
public final class InMemoryFlagSource implements FlagSource {

    private final Map<String, Assault> assaults = new ConcurrentHashMap<>();
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<Assault> assaults() {
        return assaults.values().stream()
                .sorted(java.util.Comparator.comparing(Assault::name))
                .toList();
    }

    /** Defines {@code assault}, replacing any with the same name. */
    public void put(Assault assault) {
        assaults.put(assault.name(), assault);
        changed();
    }

    /** Defines all of {@code definitions} in one change. */
    public void putAll(Collection<Assault> definitions) {
        definitions.forEach(assault -> assaults.put(assault.name(), assault));
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
