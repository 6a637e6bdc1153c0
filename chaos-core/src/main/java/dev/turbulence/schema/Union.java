package dev.turbulence.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records one field may hold, told apart by a discriminator field: an assault's {@code fault} holds a
 * {@code latency}, an {@code exception}, a {@code disk-fill} … by its {@code type}. A type may stand for several
 * records, one of which its chooser picks from the fields given ({@code latency} with {@code min} and {@code max}
 * is a uniform latency). This registry is the one place a new kind of definition is added. Immutable and
 * thread-safe.
 */
public final class Union {

    /** Picks the record a type's fields stand for, or reports why none and returns {@code null}. */
    @FunctionalInterface
    public interface Chooser {
        Class<? extends Record> choose(Map<?, ?> tree, String path, Problems problems);
    }

    /** One type: the records it may stand for, how one is picked, and the fields it accepts besides theirs. */
    record Member(List<Class<? extends Record>> records, Chooser chooser, Set<String> alsoAccepted) {}

    private final String discriminator;
    private final Map<String, Member> members;

    private Union(String discriminator, Map<String, Member> members) {
        this.discriminator = discriminator;
        this.members = members;
    }

    /** A union with no types yet, told apart by {@code discriminator}. */
    public static Union on(String discriminator) {
        return new Union(discriminator, Map.of());
    }

    /** This union with {@code id} standing for {@code record}. */
    public Union type(String id, Class<? extends Record> record) {
        return type(id, (tree, path, problems) -> record, Set.of(), List.of(record));
    }

    /**
     * This union with {@code id} standing for one of {@code records}, picked by {@code chooser}; the fields of all
     * of them and {@code alsoAccepted} (read by the chooser) may be given.
     */
    public Union type(String id, Chooser chooser, Set<String> alsoAccepted, List<Class<? extends Record>> records) {
        Map<String, Member> more = new LinkedHashMap<>(members);
        more.put(id, new Member(List.copyOf(records), chooser, Set.copyOf(alsoAccepted)));
        return new Union(discriminator, more);
    }

    String discriminator() {
        return discriminator;
    }

    Member member(String id) {
        return members.get(id);
    }

    /** The type of {@code record}, or {@code null} when this union does not hold it. */
    String idOf(Class<?> record) {
        return members.entrySet().stream()
                .filter(entry -> entry.getValue().records().contains(record))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    /** Every type, sorted. */
    List<String> ids() {
        return members.keySet().stream().sorted().toList();
    }
}
