package dev.turbulence;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds the public constructor an {@code exception} fault creates its throwable with, and creates it. Without
 * arguments: {@code (String)} with the message, else {@code ()}. With arguments: the first public constructor, in the
 * order of its parameter list's text, whose parameters the arguments fit one by one — a string fits
 * {@code String}, {@code CharSequence} and {@code Object}, or a number or boolean parameter when it spells one (as
 * properties give every value); a whole number fits every integral type it is in range of, and decimal ones;
 * a decimal fits {@code double} and {@code float}; a boolean fits {@code boolean}. Reads no file.
 */
final class ExceptionFactory {

    private static final Map<Class<?>, Class<?>> BOXES = Map.of(
            int.class, Integer.class,
            long.class, Long.class,
            short.class, Short.class,
            byte.class, Byte.class,
            double.class, Double.class,
            float.class, Float.class,
            boolean.class, Boolean.class);

    private ExceptionFactory() {}

    /** Why {@code type} cannot be injected with {@code arguments} (may be {@code null}), or {@code null} when it can. */
    @SuppressWarnings("removal")
    static String refusal(Class<? extends Throwable> type, List<Object> arguments) {
        if (ThreadDeath.class.isAssignableFrom(type)) {
            return "must not be java.lang.ThreadDeath or a subclass of it, which ends threads silently";
        }
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            return "must name a concrete class, not an abstract one";
        }
        if (!Modifier.isPublic(type.getModifiers()) || !type.getModule().isExported(type.getPackageName())) {
            return "must name a public class in an exported package";
        }
        if (arguments == null && messageConstructor(type) == null) {
            return "must have a public (String) or () constructor, or the fault must give arguments that fit one of"
                    + " its constructors: " + signatures(type);
        }
        return null;
    }

    /** Why {@code arguments} fit no public constructor of {@code type}, or {@code null} when they fit one. */
    static String misfit(Class<? extends Throwable> type, List<Object> arguments) {
        return constructorFor(type, arguments) != null
                ? null
                : "must fit the parameters of a public constructor of " + type.getName() + ": " + signatures(type);
    }

    /** A new throwable of {@code type}; a new one each call, so that its stack trace is the caller's. */
    static Throwable create(Class<? extends Throwable> type, String message, List<Object> arguments) {
        try {
            if (arguments != null) {
                Constructor<? extends Throwable> constructor = constructorFor(type, arguments);
                return constructor.newInstance(converted(constructor.getParameterTypes(), arguments));
            }
            Constructor<? extends Throwable> constructor = messageConstructor(type);
            return constructor.getParameterCount() == 1 ? constructor.newInstance(message) : constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException failed) {
            return new IllegalStateException("Could not create " + type.getName(), failed);
        }
    }

    private static Constructor<? extends Throwable> messageConstructor(Class<? extends Throwable> type) {
        try {
            return type.getConstructor(String.class);
        } catch (NoSuchMethodException noStringConstructor) {
            try {
                return type.getConstructor();
            } catch (NoSuchMethodException noDefaultConstructor) {
                return null;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Constructor<? extends Throwable> constructorFor(
            Class<? extends Throwable> type, List<Object> arguments) {
        return Arrays.stream(type.getConstructors())
                .sorted(Comparator.comparing(ExceptionFactory::signature))
                .filter(constructor -> fits(constructor.getParameterTypes(), arguments))
                .map(constructor -> (Constructor<? extends Throwable>) constructor)
                .findFirst()
                .orElse(null);
    }

    private static boolean fits(Class<?>[] parameters, List<Object> arguments) {
        if (parameters.length != arguments.size()) {
            return false;
        }
        for (int i = 0; i < parameters.length; i++) {
            if (convert(parameters[i], arguments.get(i)) == null) {
                return false;
            }
        }
        return true;
    }

    private static Object[] converted(Class<?>[] parameters, List<Object> arguments) {
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            values[i] = convert(parameters[i], arguments.get(i));
        }
        return values;
    }

    /** {@code argument} as a value of {@code parameter}, or {@code null} when it does not fit. */
    private static Object convert(Class<?> parameter, Object argument) {
        Class<?> target = BOXES.getOrDefault(parameter, parameter);
        if (argument instanceof String text) {
            if (target.isAssignableFrom(String.class)) {
                return text;
            }
            return convert(target, parsed(text));
        }
        if (argument instanceof Boolean bool) {
            return target == Boolean.class || target == Object.class ? bool : null;
        }
        if (!(argument instanceof Number number)) {
            return null;
        }
        BigDecimal exact = new BigDecimal(number.toString());
        try {
            if (target == Integer.class) {
                return exact.intValueExact();
            }
            if (target == Long.class) {
                return exact.longValueExact();
            }
            if (target == Short.class) {
                return exact.shortValueExact();
            }
            if (target == Byte.class) {
                return exact.byteValueExact();
            }
        } catch (ArithmeticException outOfRange) {
            return null;
        }
        if (target == Double.class) {
            return number.doubleValue();
        }
        if (target == Float.class) {
            return number.floatValue();
        }
        return target.isInstance(number) ? number : null;
    }

    /** The number or boolean {@code text} spells, or {@code null}. */
    private static Object parsed(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        try {
            BigDecimal number = new BigDecimal(text);
            return number.scale() <= 0 ? (Object) number.toBigIntegerExact() : number;
        } catch (NumberFormatException | ArithmeticException notANumber) {
            return null;
        }
    }

    private static String signatures(Class<?> type) {
        return Arrays.stream(type.getConstructors())
                .map(ExceptionFactory::signature)
                .sorted()
                .collect(Collectors.joining(", "));
    }

    private static String signature(Constructor<?> constructor) {
        return Arrays.stream(constructor.getParameterTypes())
                .map(Class::getName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
