package dev.turbulence.schema;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How one definition record is written in the schema: one field per record component, named as the component
 * unless renamed ({@code exceptionClass} is written {@code class}), the defaults of the fields that may be left
 * out, pairs of fields that must not be given together, and records written inline among its own
 * fields. Presence is all a form knows: values are checked by
 * the record's compact constructor alone. Immutable and thread-safe.
 *
 * @param <R> the record
 */
public final class Form<R extends Record> {

    /** What a field left out stands for: the value given to the record, and how a message names it. */
    record Default(Object value, String description) {}

    private final Class<R> type;
    private final Map<String, String> fieldOf;
    private final Map<String, Default> defaults;
    private final Map<String, String> exclusive;
    private final Set<String> inline;

    private Form(
            Class<R> type,
            Map<String, String> fieldOf,
            Map<String, Default> defaults,
            Map<String, String> exclusive,
            Set<String> inline) {
        this.type = type;
        this.fieldOf = fieldOf;
        this.defaults = defaults;
        this.exclusive = exclusive;
        this.inline = inline;
    }

    /** The form of {@code type} with one field per component, each named as its component and required. */
    public static <R extends Record> Form<R> of(Class<R> type) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            fields.put(component.getName(), component.getName());
        }
        return new Form<>(type, fields, Map.of(), Map.of(), Set.of());
    }

    /**
     * This form with {@code component} written as {@code field}. Two components written as one field share its
     * value: each receives it when it is of the component's type (an assault's {@code fault} holds a fault or a
     * stressor).
     */
    public Form<R> field(String component, String field) {
        Map<String, String> renamed = new LinkedHashMap<>(fieldOf);
        renamed.replace(requireComponent(component), field);
        return new Form<>(type, renamed, defaults, exclusive, inline);
    }

    /**
     * This form with {@code component} optional: left out, the record receives {@code value} (which may be
     * {@code null}); given as {@code null}, it is a problem that names {@code description}.
     */
    public Form<R> defaultTo(String component, Object value, String description) {
        Map<String, Default> more = new LinkedHashMap<>(defaults);
        more.put(requireComponent(component), new Default(value, description));
        return new Form<>(type, fieldOf, more, exclusive, inline);
    }

    /** This form with {@code field} refused when {@code other} is given too. */
    public Form<R> exclusive(String field, String other) {
        Map<String, String> more = new LinkedHashMap<>(exclusive);
        more.put(field, other);
        return new Form<>(type, fieldOf, defaults, more, inline);
    }

    /**
     * This form with the record {@code component} written inline: its fields stand among this record's own (an
     * alarm's {@code meter} and {@code tags} make its meter selector).
     */
    public Form<R> inline(String component) {
        Set<String> more = new java.util.HashSet<>(inline);
        more.add(requireComponent(component));
        return new Form<>(type, fieldOf, defaults, exclusive, Set.copyOf(more));
    }

    /** Whether {@code component} is written inline. */
    boolean isInline(String component) {
        return inline.contains(component);
    }

    Class<R> type() {
        return type;
    }

    /** The field {@code component} is written as. */
    String fieldOf(String component) {
        return fieldOf.get(component);
    }

    /** The fields of this form. */
    Set<String> fields() {
        return Set.copyOf(fieldOf.values());
    }

    /** The default of {@code component}, or {@code null} when it is required. */
    Default defaultOf(String component) {
        return defaults.get(component);
    }

    Map<String, String> exclusive() {
        return exclusive;
    }

    private String requireComponent(String component) {
        if (!fieldOf.containsKey(component)) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no component " + component
                    + "; its components are " + fieldOf.keySet());
        }
        return component;
    }
}
