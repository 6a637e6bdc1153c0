package dev.turbulence.schema;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Binds a tree of maps, lists and scalars — parsed from JSON or YAML, or bound by Spring from properties — to
 * definition records, the one way every entry reads a definition. Each record component is one field of its
 * {@link Form}, read by the component's type: strings, numbers, whole numbers, booleans, durations, enums (by
 * their schema names, such as {@code link-failure}, in any case, or as the constants' own names), classes, maps
 * and lists of these, nested records, a {@link Union} of records, the types given a converter, and definitions
 * another schema reads ({@link Reader}). Every problem is collected under its field path:
 * unknown keys, keys given twice or in another case, wrong types ({@link Fields} reads the scalars), fields
 * missing or given as {@code null}. The record's compact constructor is then the only validator of the values:
 * its problems are reported under the record's path, except those on a field that already has one, so that one
 * mistake is reported once. Immutable and thread-safe.
 */
public final class Binder {

    private final Map<Class<?>, Form<?>> forms;
    private final Map<Class<?>, Union> unions;
    private final Map<Class<?>, Scalar<?>> scalars;
    private final Map<Class<?>, Reader<?>> readers;

    /** A type read from a string and written back as one. */
    private record Scalar<T>(Class<T> type, Function<String, T> read, Function<T, String> write) {}

    /** Reads a definition that another schema owns, such as the assaults of an experiment. */
    @FunctionalInterface
    public interface Reader<T> {
        /** The definition {@code tree} holds, or {@code null} with its problems reported under {@code path}. */
        T read(Object tree, String path, Problems problems);
    }

    private Binder(
            Map<Class<?>, Form<?>> forms,
            Map<Class<?>, Union> unions,
            Map<Class<?>, Scalar<?>> scalars,
            Map<Class<?>, Reader<?>> readers) {
        this.forms = forms;
        this.unions = unions;
        this.scalars = scalars;
        this.readers = readers;
    }

    /** A binder that reads every record by its plain {@link Form#of form} and knows no union or converter. */
    public static Binder create() {
        return new Binder(Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** This binder reading {@code type} with {@code reader}, as another schema reads it. */
    public <T> Binder with(Class<T> type, Reader<T> reader) {
        Map<Class<?>, Reader<?>> more = new LinkedHashMap<>(readers);
        more.put(type, reader);
        return new Binder(forms, unions, scalars, more);
    }

    /** This binder with {@code form} for its record. */
    public Binder with(Form<?> form) {
        Map<Class<?>, Form<?>> more = new LinkedHashMap<>(forms);
        more.put(form.type(), form);
        return new Binder(more, unions, scalars, readers);
    }

    /** This binder reading a component of any of {@code types} as {@code union}. */
    public Binder with(Union union, Class<?>... types) {
        Map<Class<?>, Union> more = new LinkedHashMap<>(unions);
        for (Class<?> type : types) {
            more.put(type, union);
        }
        return new Binder(forms, more, scalars, readers);
    }

    /**
     * This binder reading {@code type} from a string with {@code read}, which refuses a string by throwing an
     * {@link IllegalArgumentException} whose message says what is allowed, and writing it with {@code write}.
     */
    public <T> Binder with(Class<T> type, Function<String, T> read, Function<T, String> write) {
        Map<Class<?>, Scalar<?>> more = new LinkedHashMap<>(scalars);
        more.put(type, new Scalar<>(type, read, write));
        return new Binder(forms, unions, more, readers);
    }

    /**
     * Binds {@code tree} to a {@code type}, reporting problems under {@code path} (empty at the top).
     *
     * @return the record, or {@code null} when it could not be made; {@code problems} say whether it is valid (a
     *     record may be made of what could be read, with a problem reported for the rest)
     */
    public <R extends Record> R bind(Class<R> type, Object tree, String path, Problems problems) {
        return bind(form(type), tree, path, problems, Set.of());
    }

    /**
     * Binds {@code tree} to {@code type} and throws what it finds.
     *
     * @param subject what is defined, for the exception's message, such as {@code assault 'slow'}
     * @throws InvalidDefinitionException listing every problem
     */
    public <R extends Record> R bind(Class<R> type, Object tree, Problems problems, String subject) {
        R record = bind(type, tree, "", problems);
        problems.throwIfAny(subject);
        return record;
    }

    private <R extends Record> R bind(Form<R> form, Object tree, String path, Problems problems, Set<String> also) {
        Set<String> known = new HashSet<>(also);
        for (RecordComponent component : form.type().getRecordComponents()) {
            known.addAll(
                    form.isInline(component.getName())
                            ? form(component.getType().asSubclass(Record.class)).fields()
                            : Set.of(form.fieldOf(component.getName())));
        }
        Fields fields = Fields.of(tree, path, known, problems);
        if (tree != null && !(tree instanceof Map)) {
            return null;
        }
        RecordComponent[] components = form.type().getRecordComponents();
        Object[] values = new Object[components.length];
        Map<String, Object> read = new LinkedHashMap<>();
        boolean unread = false;
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String field = form.fieldOf(component.getName());
            if (form.isInline(component.getName())) {
                Form<?> inline = form(component.getType().asSubclass(Record.class));
                values[i] = bind(inline, fields.only(inline.fields()), path, problems, Set.of());
                unread |= values[i] == null;
                continue;
            }
            if (!read.containsKey(field)) {
                Object value = value(form, component, fields, field);
                read.put(field, value);
                boolean given =
                        fields.has(field) || (fields.givenNull(field) && form.defaultOf(component.getName()) != null);
                unread |= given && value == null;
            }
            values[i] = fit(component.getType(), read.get(field));
        }
        form.exclusive().forEach((field, other) -> {
            if (fields.has(field) && fields.has(other)) {
                problems.add(fields.path(field), fields.raw(field), "must not be given together with " + other);
            }
        });
        return construct(form.type(), values, path, problems, unread);
    }

    private Object value(Form<?> form, RecordComponent component, Fields fields, String field) {
        Form.Default fallback = form.defaultOf(component.getName());
        if (fields.givenNull(field) && fallback != null) {
            fields.problems()
                    .add(
                            fields.path(field),
                            null,
                            "must not be null; leave it out for the default, " + fallback.description());
            return null;
        }
        if (!fields.has(field)) {
            if (fallback != null) {
                return fallback.value();
            }
            if (component.getType().isPrimitive()) {
                fields.problems().add(fields.path(field), null, "is required");
            }
            return null;
        }
        return read(component.getGenericType(), fields, field);
    }

    /** {@code value} as a component of {@code type} takes it: {@code null}, or a primitive's zero, when it cannot. */
    private static Object fit(Class<?> type, Object value) {
        if (type.isPrimitive()) {
            return value != null ? value : ZEROS.get(type);
        }
        return type.isInstance(value) ? value : null;
    }

    /** What a record receives for a primitive field that could not be read; its problem is reported already. */
    private static final Map<Class<?>, Object> ZEROS =
            Map.of(double.class, 0.0, float.class, 0.0f, long.class, 0L, int.class, 0, boolean.class, false);

    /**
     * The record of {@code values}, or {@code null} with its constructor's problems reported under {@code path}. An
     * {@code incomplete} record, given {@code null} for a value that could not be read, may refuse it in any way,
     * or as a whole: the problem with that value is reported already, and what the record says follows from it.
     */
    private static <R extends Record> R construct(
            Class<R> type, Object[] values, String path, Problems problems, boolean incomplete) {
        Class<?>[] parameters = Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(parameters);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException thrown) {
            if (thrown.getCause() instanceof InvalidDefinitionException invalid) {
                // a problem of the whole record is its own; a problem of one field may repeat what was reported
                List<Problem> ofFields = new ArrayList<>();
                List<Problem> ofRecord = new ArrayList<>();
                for (Problem problem : invalid.problems()) {
                    Problem relocated = new Problem(under(path, problem.field()), problem.value(), problem.message());
                    (problem.field().isEmpty() ? ofRecord : ofFields).add(relocated);
                }
                problems.addUnreported(ofFields);
                if (!incomplete) {
                    ofRecord.forEach(problem -> problems.add(problem.field(), problem.value(), problem.message()));
                }
                return null;
            }
            if (incomplete && thrown.getCause() instanceof RuntimeException) {
                return null;
            }
            throw new IllegalStateException("Cannot create " + type.getSimpleName(), thrown.getCause());
        } catch (ReflectiveOperationException notARecord) {
            throw new IllegalStateException("Cannot create " + type.getSimpleName(), notARecord);
        }
    }

    /** The path of {@code field} under {@code path}; an empty field is the record itself. */
    private static String under(String path, String field) {
        return field.isEmpty() ? path : path.isEmpty() ? field : path + "." + field;
    }

    private Object read(Type type, Fields fields, String field) {
        Class<?> raw = raw(type);
        if (readers.containsKey(raw)) {
            return readers.get(raw).read(fields.raw(field), fields.path(field), fields.problems());
        } else if (raw == String.class) {
            return fields.string(field);
        } else if (raw == Double.class || raw == double.class) {
            return fields.number(field);
        } else if (raw == Float.class || raw == float.class) {
            Double number = fields.number(field);
            return number == null ? null : number.floatValue();
        } else if (raw == Long.class || raw == long.class) {
            return fields.integer(field);
        } else if (raw == Integer.class || raw == int.class) {
            return whole(fields, field);
        } else if (raw == Boolean.class || raw == boolean.class) {
            return fields.bool(field);
        } else if (raw == Duration.class) {
            return fields.duration(field);
        } else if (raw == Map.class || raw == SortedMap.class) {
            return map(type, fields, field);
        } else if (raw == List.class) {
            return list(argument(type, 0), fields.raw(field), fields.path(field), fields.problems());
        } else if (unions.containsKey(raw)) {
            return union(unions.get(raw), fields.raw(field), fields.path(field), fields.problems());
        } else if (raw.isRecord()) {
            return bind(
                    form(raw.asSubclass(Record.class)),
                    fields.raw(field),
                    fields.path(field),
                    fields.problems(),
                    Set.of());
        }
        String text = fields.string(field);
        return text == null ? null : scalar(type, text, fields.path(field), fields.problems());
    }

    /** {@code text} read as {@code type}: an enum, a class, or a type with a converter. */
    private Object scalar(Type type, String text, String path, Problems problems) {
        Class<?> raw = raw(type);
        try {
            if (scalars.containsKey(raw)) {
                return scalars.get(raw).read().apply(text);
            } else if (raw.isEnum()) {
                return constant(raw.getEnumConstants(), text);
            } else if (raw == Class.class) {
                return type(text, raw(argument(type, 0)));
            }
        } catch (InvalidDefinitionException refused) {
            refused.problems().forEach(problem -> problems.add(path, problem.value(), problem.message()));
            return null;
        } catch (IllegalArgumentException refused) {
            problems.add(path, Problems.abbreviate(text), refused.getMessage());
            return null;
        }
        throw new IllegalStateException("No reader for " + type + " at " + path);
    }

    private static Object constant(Object[] constants, String text) {
        for (Object constant : constants) {
            if (id((Enum<?>) constant).equalsIgnoreCase(text.trim().replace('_', '-'))) {
                return constant;
            }
        }
        throw new IllegalArgumentException("must be one of "
                + Arrays.stream(constants).map(c -> id((Enum<?>) c)).collect(Collectors.joining(", ")));
    }

    /** The name of {@code constant} as the schema writes it: lower case, words joined by {@code -}. */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Class<?> type(String name, Class<?> bound) {
        Class<?> type;
        try {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            type = Class.forName(name, false, context != null ? context : Binder.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError notFound) {
            throw new IllegalArgumentException("must name a class on the classpath");
        }
        if (!bound.isAssignableFrom(type)) {
            throw new IllegalArgumentException("must name a " + bound.getSimpleName());
        }
        return type;
    }

    private static Integer whole(Fields fields, String field) {
        Long value = fields.integer(field);
        if (value != null && value != value.intValue()) {
            fields.problems().add(fields.path(field), value, "must be a whole number of at most " + Integer.MAX_VALUE);
            return null;
        }
        return value == null ? null : value.intValue();
    }

    private Map<String, Object> map(Type type, Fields fields, String field) {
        Type valueType = argument(type, 1);
        int before = fields.problems().size();
        Map<String, Object> map = raw(type) == SortedMap.class ? new TreeMap<>() : new LinkedHashMap<>();
        fields.stringMap(field)
                .forEach((key, text) -> map.put(
                        key,
                        raw(valueType) == String.class
                                ? text
                                : scalar(valueType, text, fields.path(field) + "." + key, fields.problems())));
        return fields.problems().size() == before ? map : null;
    }

    private Object list(Type elementType, Object tree, String path, Problems problems) {
        if (!(tree instanceof List<?> given)) {
            problems.add(path, tree, "must be a list");
            return null;
        }
        Class<?> element = raw(elementType);
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Object entry = given.get(i);
            String at = path + "[" + i + "]";
            if (readers.containsKey(element)) {
                list.add(readers.get(element).read(entry, at, problems));
            } else if (element.isRecord()) {
                list.add(bind(form(element.asSubclass(Record.class)), entry, at, problems, Set.of()));
            } else if (entry instanceof String || entry instanceof Number || entry instanceof Boolean) {
                list.add(entry);
            } else {
                problems.add(at, entry, "must be a string, a number or a boolean");
            }
        }
        // a definition not read leaves null in its place, so that the record can check the others by their
        // index; a scalar not read is left out
        return list;
    }

    private Object union(Union union, Object tree, String path, Problems problems) {
        Object given = tree instanceof Map<?, ?> map ? map.get(union.discriminator()) : null;
        Union.Member member = given instanceof String id ? union.member(id) : null;
        if (member == null) {
            problems.add(path + "." + union.discriminator(), given, "must be one of " + union.ids());
            return null;
        }
        Class<? extends Record> chosen = member.chooser().choose((Map<?, ?>) tree, path, problems);
        if (chosen == null) {
            return null;
        }
        Set<String> accepted = new HashSet<>(member.alsoAccepted());
        accepted.add(union.discriminator());
        member.records().forEach(record -> accepted.addAll(form(record).fields()));
        return bind(form(chosen), tree, path, problems, accepted);
    }

    /**
     * Writes {@code record} in its schema form, as maps, lists and scalars, so that binding it reads it back
     * equal: one field per component that holds a value, a union's discriminator first.
     *
     * @param definition a record, such as a fault
     */
    public Map<String, Object> write(Object definition) {
        if (!(definition instanceof Record record)) {
            throw new IllegalArgumentException("not a record: " + definition);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        unions.values().stream()
                .filter(union -> union.idOf(record.getClass()) != null)
                .findFirst()
                .ifPresent(union -> tree.put(union.discriminator(), union.idOf(record.getClass())));
        Form<?> form = form(record.getClass().asSubclass(Record.class));
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                component.getAccessor().setAccessible(true);
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException unreadable) {
                throw new IllegalStateException("Cannot read " + component.getName() + " of " + record, unreadable);
            }
            if (value instanceof Record nested && form.isInline(component.getName())) {
                write(nested).forEach(tree::putIfAbsent);
            } else if (value != null) {
                tree.putIfAbsent(form.fieldOf(component.getName()), written(value));
            }
        }
        return tree;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object written(Object value) {
        if (value instanceof Record nested) {
            return write(nested);
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> written = new LinkedHashMap<>();
            map.forEach((key, entry) -> written.put(key, written(entry)));
            return written;
        } else if (value instanceof List<?> list) {
            return list.stream().map(this::written).toList();
        } else if (value instanceof Enum<?> constant) {
            return id(constant);
        } else if (value instanceof Class<?> type) {
            return type.getName();
        } else if (value instanceof Duration duration) {
            return duration.toString();
        }
        return scalars.values().stream()
                .filter(scalar -> scalar.type().isInstance(value))
                .findFirst()
                .map(scalar -> (Object) ((Scalar) scalar).write().apply(value))
                .orElse(value);
    }

    @SuppressWarnings("unchecked")
    private <R extends Record> Form<R> form(Class<R> type) {
        Form<?> form = forms.get(type);
        return form != null ? (Form<R>) form : Form.of(type);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        } else if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        } else if (type instanceof WildcardType wildcard) {
            return raw(wildcard.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType parameterized
                ? parameterized.getActualTypeArguments()[index]
                : Object.class;
    }
}
