package dev.turbulence;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The values a {@link Fault.ReturnedValue} answers with, for each return type. */
final class ReturnedValues {

    private ReturnedValues() {}

    /** The families whose empty value a return type, or a real answer's class, can take; the first that fits. */
    private static final List<Class<?>> FAMILIES =
            List.of(Optional.class, List.class, Set.class, Map.class, String.class, Stream.class);

    /**
     * The empty value of {@code type}, a method's return type or the class of a real answer: an empty
     * {@code Optional}, list, set, map, string, stream or array of its family; {@code null} for a type of none of
     * them or unknown ({@code Object}), the zero of a primitive.
     */
    static Object empty(Class<?> type) {
        if (type == Object.class) {
            return null;
        }
        if (type.isPrimitive()) {
            return zero(type);
        }
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 0);
        }
        for (Class<?> family : FAMILIES) {
            if (family.isAssignableFrom(type) || type.isAssignableFrom(family)) {
                return emptyOf(family);
            }
        }
        return null;
    }

    private static Object emptyOf(Class<?> family) {
        if (family == Optional.class) {
            return Optional.empty();
        } else if (family == List.class) {
            return List.of();
        } else if (family == Set.class) {
            return Set.of();
        } else if (family == Map.class) {
            return Map.of();
        } else if (family == String.class) {
            return "";
        }
        return Stream.empty();
    }

    /**
     * {@code value} as a {@code type}: {@code null} stays null (the zero of a primitive), a string, a number or a
     * boolean is parsed, an {@code Optional} holds the string; a {@code void} call answers nothing.
     *
     * @throws IllegalArgumentException when {@code value} cannot be a {@code type}
     */
    static Object converted(String value, Class<?> type) {
        if (type == void.class) {
            return null;
        }
        if (value == null) {
            return type.isPrimitive() ? zero(type) : null;
        }
        Class<?> boxed = boxed(type);
        try {
            if (boxed == Integer.class) {
                return Integer.valueOf(value);
            } else if (boxed == Long.class) {
                return Long.valueOf(value);
            } else if (boxed == Double.class) {
                return Double.valueOf(value);
            } else if (boxed == Float.class) {
                return Float.valueOf(value);
            } else if (boxed == Short.class) {
                return Short.valueOf(value);
            } else if (boxed == Byte.class) {
                return Byte.valueOf(value);
            }
        } catch (NumberFormatException notANumber) {
            throw unfit(value, type);
        }
        if (boxed == Boolean.class && (value.equals("true") || value.equals("false"))) {
            return Boolean.valueOf(value);
        }
        if (type == Optional.class) {
            return Optional.of(value);
        }
        if (type.isAssignableFrom(String.class)) {
            return value;
        }
        throw unfit(value, type);
    }

    private static IllegalArgumentException unfit(String value, Class<?> type) {
        return new IllegalArgumentException("returned-value '" + value + "' cannot be a " + type.getName()
                + "; a value may be a string, a number, a boolean or an Optional of a string");
    }

    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        return converted("0", type);
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return Array.get(Array.newInstance(type, 1), 0).getClass();
    }
}
